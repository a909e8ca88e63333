/**
 * Loads the demo's people through the member registry's own services: each CĐCS's list through the bulk import
 * (register mode, as a province would bring in its existing rolls), then every later event (transfers, leavers,
 * reinstatements, deaths and the transfers mergers force) through the history service in one transaction, in
 * batches of people with one audit row per batch. Runs before the organisation's history is applied, so that a
 * CĐCS merged away is already empty on the day it ends (the restructuring engine refuses a unit with members).
 */
import type { Database } from '../platform/db';
import type { MembershipEventKind } from '../features/members/model';
import { memberIdsByCccds } from '../features/members/services/find-members';
import type { NewEvent } from '../features/members/services/history';
import { recordHistoryBatches, type HistoryBatch } from '../features/members/services/record-history-batches';
import { importMembers, type MemberImportRow } from '../features/members/services/import-members';
import type { DemoMemberEvent, DemoMembers, DemoPerson } from './members';

/** People per recordEvents call: their recorded events are read and their stays replaced at once. */
const EVENT_BATCH = 2500;
/** CCCDs per look-up. */
const LOOKUP_BATCH = 5000;

export interface LoadedMembers {
  members: number;
  events: number;
}

function importRow(person: DemoPerson, rowNumber: number): MemberImportRow {
  const { unitCode: _unit, ...fields } = person;
  return { ...fields, rowNumber };
}

/** A demo event as the history service takes it: a transfer is two rows, out of one CĐCS and into the other. */
function toNewEvents(event: DemoMemberEvent, memberId: string, unitId: (code: string) => string): NewEvent[] {
  const meta = { memberId, effectiveOn: event.effectiveOn, decisionNo: event.decisionNo, note: event.note };
  const at = unitId(event.unitCode);
  if (event.kind === 'transfer') {
    const to = unitId(event.toUnitCode!);
    return [
      { ...meta, kind: 'transfer_out', unitId: at, relatedUnitId: to },
      { ...meta, kind: 'transfer_in', unitId: to, relatedUnitId: at },
    ];
  }
  return [{ ...meta, kind: event.kind, unitId: at, reason: event.reason }];
}

/**
 * Admits every planned person at their CĐCS, then records their history. `unitIds` maps every CĐCS code of the
 * plan to its id; `provinceId` is where the batch audit rows are filed.
 */
export async function loadDemoMembers(
  db: Database,
  plan: DemoMembers,
  unitIds: ReadonlyMap<string, string>,
  provinceId: string,
  progress: {
    admitted: (done: number, total: number) => void;
    history: (done: number, total: number) => void;
  },
): Promise<LoadedMembers> {
  const unitId = (code: string) => {
    const id = unitIds.get(code);
    if (!id) throw new Error(`Dữ liệu mẫu: không tìm thấy đơn vị mã ${code}`);
    return id;
  };

  // 1. Admissions: one import per CĐCS, in the order the plan lists them.
  const byUnit = new Map<string, MemberImportRow[]>();
  for (const person of plan.people) {
    const rows = byUnit.get(person.unitCode) ?? [];
    rows.push(importRow(person, rows.length + 2));
    byUnit.set(person.unitCode, rows);
  }
  let admitted = 0;
  progress.admitted(0, plan.people.length);
  for (const [code, rows] of byUnit) {
    await importMembers(db, null, unitId(code), {
      rows,
      mode: 'register',
      fileName: 'Dữ liệu mẫu (danh sách đoàn viên)',
    });
    admitted += rows.length;
    progress.admitted(admitted, plan.people.length);
    // The embedded database answers within the same task: a server in this process (`serve`) answers in between.
    await new Promise((resolve) => setImmediate(resolve));
  }

  // 2. Who is who: every person has a CCCD, unique in the plan.
  const withHistory = [...new Set(plan.events.map((e) => e.person))];
  const idByCccd = new Map<string, string>();
  for (let i = 0; i < withHistory.length; i += LOOKUP_BATCH) {
    const cccds = withHistory.slice(i, i + LOOKUP_BATCH).map((p) => plan.people[p]!.cccd);
    for (const [cccd, id] of await memberIdsByCccds(db, cccds)) idByCccd.set(cccd, id);
  }
  const memberId = (person: number) => {
    const id = idByCccd.get(plan.people[person]!.cccd);
    if (!id) throw new Error(`Dữ liệu mẫu: chưa nạp ${plan.people[person]!.fullName}`);
    return id;
  };

  // 3. History, people by people: each person's events in date order, every batch with its audit row.
  const eventsOf = new Map<number, DemoMemberEvent[]>();
  for (const e of plan.events) eventsOf.set(e.person, [...(eventsOf.get(e.person) ?? []), e]);
  let recorded = 0;
  progress.history(0, plan.events.length);
  const planned = new Map<HistoryBatch, number>();
  function* batches(): Generator<HistoryBatch> {
    for (let i = 0; i < withHistory.length; i += EVENT_BATCH) {
      const people = withHistory.slice(i, i + EVENT_BATCH);
      const events: NewEvent[] = [];
      const names = new Map<string, string>();
      const kinds: Partial<Record<MembershipEventKind, number>> = {};
      let count = 0;
      for (const person of people) {
        const id = memberId(person);
        names.set(id, plan.people[person]!.fullName);
        for (const e of eventsOf.get(person) ?? []) {
          count += 1;
          for (const row of toNewEvents(e, id, unitId)) {
            events.push(row);
            kinds[row.kind] = (kinds[row.kind] ?? 0) + 1;
          }
        }
      }
      const dates = events.map((e) => e.effectiveOn).sort();
      const batch: HistoryBatch = {
        events,
        names,
        audit: {
          action: 'member.history_batch',
          entity: 'member',
          unitId: provinceId,
          federationId: provinceId,
          after: {
            source: 'Dữ liệu mẫu',
            people: people.length,
            events: kinds,
            from: dates[0],
            to: dates[dates.length - 1],
            memberIds: [...names.keys()],
          },
        },
      };
      planned.set(batch, count);
      yield batch;
    }
  }
  await recordHistoryBatches(db, batches(), (batch) => {
    recorded += planned.get(batch) ?? 0;
    planned.delete(batch);
    progress.history(recorded, plan.events.length);
  });
  return { members: admitted, events: recorded };
}
