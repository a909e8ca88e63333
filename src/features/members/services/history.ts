/**
 * The one way membership history changes: new events are replayed with each person's recorded events
 * (model.deriveStays); the first that does not fit is refused with its reason; otherwise the events are stored and
 * the person's stays re-derived, all inside the caller's transaction.
 */
import { OPEN_END } from '../../../lib/dates';
import type { Database } from '../../../platform/db';
import { memberNotFound, membershipConflict, unitNotFound } from '../errors';
import { deriveStays, type EventForDerivation, type MembershipEventKind, type Stay } from '../model';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import * as tallyStore from '../tally-store';
import { federationOf, loadUnits } from './common';
import { asChanges, recordStayChanges } from './tallies';

export interface NewEvent {
  memberId: string;
  kind: MembershipEventKind;
  unitId: string;
  effectiveOn: string;
  relatedUnitId?: string | null | undefined;
  reason?: string | null | undefined;
  decisionNo?: string | null | undefined;
  note?: string | null | undefined;
  proposalId?: string | null | undefined;
}

/**
 * Adds events to people's histories. `memberNames` names each person in refusals. Returns each person's stays after
 * the change.
 *
 * The people's rows are held first, so that two transactions changing one person's history run one after the other:
 * the second replays its events on the history the first left (and is refused if they no longer fit) instead of both
 * deriving stays from the same old history.
 */
export async function recordEvents(
  tx: Database,
  recordedBy: string | null,
  events: readonly NewEvent[],
  memberNames: ReadonlyMap<string, string>,
): Promise<Map<string, Stay[]>> {
  const memberIds = [...new Set(events.map((e) => e.memberId))];
  await recordStore.lockMembers(tx, memberIds);
  const existing = await stayStore.eventsOfMembers(tx, memberIds);
  const units = await loadUnits(tx, [
    ...existing.map((e) => e.unitId),
    ...events.flatMap((e) => [e.unitId, ...(e.relatedUnitId ? [e.relatedUnitId] : [])]),
  ]);
  // No raw id in a message: an unknown unit is "một đơn vị".
  const unitName = (id: string) => units.get(id)?.name ?? 'một đơn vị';
  const unitOf = (id: string) => {
    const unit = units.get(id);
    if (!unit) throw unitNotFound();
    return unit;
  };

  const history = new Map<string, EventForDerivation[]>(memberIds.map((id) => [id, []]));
  for (const e of existing) history.get(e.memberId)?.push(toDerivation(e));
  // New events come after every recorded one of the same day, in the order given.
  let seq = existing.reduce((max, e) => Math.max(max, e.id), 0) + 1;
  for (const e of events) {
    history.get(e.memberId)?.push({ seq, kind: e.kind, unitId: e.unitId, effectiveOn: e.effectiveOn });
    seq += 1;
  }

  const facts = new Map((await tallyStore.peopleFacts(tx, memberIds)).map((p) => [p.id, p]));
  const result = new Map<string, Stay[]>();
  const stayRows: Parameters<typeof stayStore.replaceStays>[2] = [];
  const federations: { memberId: string; federationId: string }[] = [];
  for (const memberId of memberIds) {
    const derived = deriveStays(history.get(memberId) ?? [], unitName);
    if (!derived.ok) {
      // The date asked for leads the message; the reason names the event that no longer fits (maybe a later one).
      const asked = events.find((e) => e.memberId === memberId)?.effectiveOn ?? derived.date;
      throw membershipConflict(memberNames.get(memberId) ?? 'đoàn viên', asked, derived.reason);
    }
    result.set(memberId, derived.stays);
    const person = facts.get(memberId);
    if (!person) throw memberNotFound();
    for (const stay of derived.stays) {
      stayRows.push({
        memberId,
        unitId: stay.unitId,
        federationId: federationOf(unitOf(stay.unitId)),
        validFrom: stay.validFrom,
        validTo: stay.validTo,
        startKind: stay.startKind,
        endKind: stay.endKind,
        birthDate: person.birthDate,
        // Two organisations at once: the person is counted once however many of these stays a count meets.
        shared: derived.stays.some(
          (o) => o !== stay && o.validFrom < stay.validTo && o.validTo > stay.validFrom,
        ),
      });
    }
    const latest = [...derived.stays].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
    if (latest) federations.push({ memberId, federationId: federationOf(unitOf(latest.unitId)) });
  }

  await stayStore.insertEvents(
    tx,
    events.map((e) => ({
      federationId: federationOf(unitOf(e.unitId)),
      memberId: e.memberId,
      unitId: e.unitId,
      kind: e.kind,
      effectiveOn: e.effectiveOn,
      relatedUnitId: e.relatedUnitId ?? null,
      reason: e.reason ?? null,
      decisionNo: e.decisionNo ?? null,
      note: e.note ?? null,
      proposalId: e.proposalId ?? null,
      recordedBy,
    })),
  );
  const before = await tallyStore.countedStaysOfMembers(tx, memberIds);
  await stayStore.replaceStays(tx, memberIds, stayRows);
  await recordStayChanges(tx, [
    ...asChanges(before, -1),
    ...asChanges(
      stayRows.map((s) => ({ ...facts.get(s.memberId)!, ...s, validTo: s.validTo ?? OPEN_END })),
      1,
    ),
  ]);
  await stayStore.setMemberFederations(tx, federations);
  return result;
}

function toDerivation(e: stayStore.EventRow): EventForDerivation {
  return { seq: e.id, kind: e.kind as MembershipEventKind, unitId: e.unitId, effectiveOn: e.effectiveOn };
}
