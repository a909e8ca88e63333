/**
 * A unit's timeline as its readers need it: each event with what it did to this unit (the parent it left and the one
 * it joined, whether or not the event lists that move among its first 200), renames with the name the unit bore
 * before (events recorded before the old name was kept show it from the names' history), and its founding on the
 * unit's own founding date when no recorded event says so.
 */
import type { Database } from '../../../platform/db';
import { dayBefore } from '../../../lib/dates';
import * as eventStore from '../event-store';
import * as parentStore from '../parent-store';
import * as unitStore from '../unit-store';

/** What an event did to the unit whose timeline it is on: the parent before and after it, when it moved the unit. */
export interface OwnChange {
  movedFrom: string | null;
  movedTo: string | null;
}

export type TimelineEvent = eventStore.UnitEventRow & {
  own: OwnChange | null;
  /** The founding taken from the unit's own record (no recorded event founds it on that day). */
  fromUnitRecord: boolean;
};

const MOVE_ROLES = new Set(['moved', 'subject']);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** The renames of an event, each with the unit's real former name (the name it bore the day before). */
async function withFormerNames(db: Database, events: eventStore.UnitEventRow[]) {
  const asked = events.flatMap((e) => {
    const renamed = record(e.details).renamed;
    return Array.isArray(renamed)
      ? renamed.flatMap((r) => {
          const id = record(r).id;
          return typeof id === 'string' ? [{ unitId: id, date: dayBefore(e.effectiveOn) }] : [];
        })
      : [];
  });
  const before = await eventStore.namesOn(db, asked);
  return events.map((e) => {
    const details = record(e.details);
    if (!Array.isArray(details.renamed)) return e;
    const renamed = details.renamed.map((r) => {
      const o = record(r);
      const former = typeof o.id === 'string' ? before.get(`${o.id}@${dayBefore(e.effectiveOn)}`) : undefined;
      return former && former !== o.to ? { ...o, from: former } : o;
    });
    return { ...e, details: { ...details, renamed } };
  });
}

export async function timelineOf(
  db: Database,
  unitId: string,
  events: eventStore.UnitEventRow[],
  options: { subtree?: boolean } = {},
): Promise<TimelineEvent[]> {
  const renamed = await withFormerNames(db, events);
  if (options.subtree) return renamed.map((e) => ({ ...e, own: null, fromUnitRecord: false }));
  const links = await parentStore.parentLinksOf(db, unitId);
  const parentAt = new Map<string, string>();
  const ownEvents = renamed.filter((e) => MOVE_ROLES.has(e.role));
  const asked = ownEvents.flatMap((e) => {
    const left = links.find((l) => l.validTo === e.effectiveOn);
    const joined = links.find((l) => l.validFrom === e.effectiveOn);
    if (left) parentAt.set(`from@${e.effectiveOn}`, left.parentId);
    if (joined) parentAt.set(`to@${e.effectiveOn}`, joined.parentId);
    return [
      ...(left ? [{ unitId: left.parentId, date: dayBefore(e.effectiveOn) }] : []),
      ...(joined ? [{ unitId: joined.parentId, date: e.effectiveOn }] : []),
    ];
  });
  const names = await eventStore.namesOn(db, asked);
  const nameOf = (end: 'from' | 'to', date: string) => {
    const id = parentAt.get(`${end}@${date}`);
    return id ? (names.get(`${id}@${end === 'from' ? dayBefore(date) : date}`) ?? null) : null;
  };
  const result: TimelineEvent[] = renamed.map((e) => {
    const own = MOVE_ROLES.has(e.role)
      ? { movedFrom: nameOf('from', e.effectiveOn), movedTo: nameOf('to', e.effectiveOn) }
      : null;
    return { ...e, own: own && (own.movedFrom ?? own.movedTo) ? own : null, fromUnitRecord: false };
  });
  const unit = await unitStore.findUnit(db, unitId);
  if (unit && !result.some((e) => e.effectiveOn === unit.foundedOn && foundsUnit(e, unitId)))
    result.push(foundingOf(unit, result.find((e) => e.effectiveOn === unit.foundedOn)?.recordedAt));
  return result.sort((a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || b.id - a.id);
}

function foundsUnit(event: eventStore.UnitEventRow, unitId: string): boolean {
  const founded = record(event.details).founded;
  return (
    event.role === 'founded' ||
    (event.role === 'subject' && event.kind === 'found') ||
    (Array.isArray(founded) && founded.some((f) => record(f).id === unitId))
  );
}

/** The founding the unit's record states (its date and decision), for a timeline whose events do not hold it. */
function foundingOf(unit: unitStore.UnitRow, recordedAt: string | undefined): TimelineEvent {
  return {
    id: 0,
    kind: 'found',
    decisionNo: unit.foundingDecisionNo ?? null,
    decisionDate: null,
    effectiveOn: unit.foundedOn,
    note: null,
    details: { founded: [{ id: unit.id, name: unit.name, code: unit.code }] },
    recordedBy: null,
    recordedByName: null,
    recordedAt: recordedAt ?? new Date(unit.createdAt).toISOString(),
    role: 'subject',
    own: null,
    fromUnitRecord: true,
  };
}
