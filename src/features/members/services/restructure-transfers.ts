/**
 * Members follow their unit through the restructuring: when CĐCS are merged, everyone still in a merged unit on the
 * effective date is transferred to the receiving unit on that date, inside the restructuring's own transaction, so
 * counts before the date see the old units and counts from the date see the receiving one.
 */
import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudits } from '../../access/service';
import type { RestructureHandlers } from '../../organisation/service';
import * as stayStore from '../stay-store';
import * as recordStore from '../record-store';
import { federationOf, loadUnits } from './common';
import { recordEvents, type NewEvent } from './history';
import { noteTreeChanged } from './tallies';

export interface UnitMemberTransfer {
  fromUnitId: string;
  toUnitId: string;
}

/**
 * Transfers the members active in each `fromUnitId` on `date` to its `toUnitId`. Returns how many people moved.
 * The caller (the restructuring engine) has already checked the actor's scope over both units.
 */
export async function transferMembersWithUnits(
  tx: Database,
  actor: Actor | null,
  transfers: readonly UnitMemberTransfer[],
  meta: { effectiveOn: string; decisionNo?: string | null | undefined; note?: string | null | undefined },
): Promise<number> {
  const date = meta.effectiveOn;
  const events: NewEvent[] = [];
  const audits: Parameters<typeof recordAudits>[2] = [];
  const units = await loadUnits(
    tx,
    transfers.flatMap((t) => [t.fromUnitId, t.toUnitId]),
  );
  const note = meta.note ?? 'Chuyển theo quyết định sắp xếp tổ chức';
  for (const { fromUnitId, toUnitId } of transfers) {
    const memberIds = await stayStore.memberIdsActiveAt(tx, fromUnitId, date);
    if (memberIds.length === 0) continue;
    const event = { effectiveOn: date, decisionNo: meta.decisionNo ?? null, note };
    for (const memberId of memberIds) {
      events.push(
        { ...event, memberId, kind: 'transfer_out', unitId: fromUnitId, relatedUnitId: toUnitId },
        { ...event, memberId, kind: 'transfer_in', unitId: toUnitId, relatedUnitId: fromUnitId },
      );
    }
    const from = units.get(fromUnitId);
    const to = units.get(toUnitId);
    audits.push({
      action: 'member.transfer_all',
      entity: 'unit',
      entityId: fromUnitId,
      unitId: fromUnitId,
      federationId: from ? federationOf(from) : null,
      after: {
        fromUnit: from?.name,
        toUnitId,
        toUnit: to?.name,
        count: memberIds.length,
        memberIds,
        effectiveOn: date,
        decisionNo: meta.decisionNo ?? null,
        reason: 'restructure',
      },
    });
  }
  if (events.length === 0) return 0;
  const people = [...new Set(events.map((e) => e.memberId))];
  const names = new Map((await recordStore.findMembers(tx, people)).map((m) => [m.id, m.fullName]));
  await recordEvents(tx, actor?.userId ?? null, events, names);
  await recordAudits(tx, actor, audits);
  return people.length;
}

/**
 * The members' part in a restructuring, registered at the composition root: members follow a merged unit into the
 * receiving one, and a unit where stays remain on or after the date cannot end then.
 */
export const memberRestructureHandlers: RestructureHandlers = {
  unitsFollow: (tx, actor, follows, meta) => transferMembersWithUnits(tx, actor, follows, meta),
  occupantsFrom: (tx, unitId, date) => stayStore.countStaysReaching(tx, unitId, date),
  // Units moved with their members: the list totals cached before (tallies.ts cachedTotal) no longer hold, nor the
  // counts of any day from the restructuring's on.
  restructured: (tx, _actor, outcome) => noteTreeChanged(tx, outcome.effectiveOn),
  // A unit's sector changed: counts by sector of any day may differ.
  attributesChanged: (tx) => noteTreeChanged(tx),
};
