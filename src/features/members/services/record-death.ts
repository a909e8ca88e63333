import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import * as stayStore from '../stay-store';
import { federationOf, loadUnits, requireMembers } from './common';
import { recordEvents, type NewEvent } from './history';
import {
  type EventMeta,
  loadMemberUnder,
  openStaysUnder,
  notMemberThere,
  holdUnchanged,
  stayView,
} from './event-common';

/**
 * Records a member's death: every stay open on the date ends. A unit holding one of the person's memberships may
 * record it, for all of them.
 */
export async function recordDeath(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  memberId: string,
  input: EventMeta,
) {
  const date = input.effectiveOn;
  const member = await loadMemberUnder(db, actor, scopeUnitId, memberId, date);
  const seen = await stayStore.staysOf(db, memberId);
  const open = (await stayStore.staysOf(db, memberId)).filter((s) => s.validFrom <= date && date < s.validTo);
  // The actor must hold one of the memberships: an open stay under the path's unit, writable.
  const [held] = await openStaysUnder(db, scopeUnitId, memberId, date);
  if (!held) throw await notMemberThere(db, member, scopeUnitId, true, date);
  await requireMembers(db, actor, 'members.write', held.unitId, date);
  const units = await loadUnits(
    db,
    open.map((s) => s.unitId),
  );
  return db.transaction(async (tx) => {
    await holdUnchanged(tx, member, seen);
    const events: NewEvent[] = open.map((s) => ({ ...input, memberId, kind: 'death', unitId: s.unitId }));
    const stays = await recordEvents(tx, actor.userId, events, new Map([[memberId, member.fullName]]));
    for (const stay of open) {
      const unit = units.get(stay.unitId);
      await recordAudit(tx, actor, {
        action: 'member.death',
        entity: 'member',
        entityId: memberId,
        unitId: stay.unitId,
        federationId: unit ? federationOf(unit) : null,
        after: { unit: unit?.name ?? null, effectiveOn: date, note: input.note ?? null },
      });
    }
    return { memberId, stays: stayView(stays.get(memberId)) };
  });
}
