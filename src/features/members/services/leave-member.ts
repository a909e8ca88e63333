import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { LEAVE_REASON_LABELS, type LeaveReason } from '../model';
import * as stayStore from '../stay-store';
import { requireMembers } from './common';
import { recordEvents } from './history';
import { type EventMeta, loadMemberUnder, stayToEnd, holdUnchanged, stayView } from './event-common';

/** Ends a member's stay (thôi sinh hoạt) with a reason. */
export async function leaveMember(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  memberId: string,
  input: EventMeta & { reason: LeaveReason; fromUnitId?: string | null | undefined },
) {
  const date = input.effectiveOn;
  const member = await loadMemberUnder(db, actor, scopeUnitId, memberId, date);
  const seen = await stayStore.staysOf(db, memberId);
  const stay = await stayToEnd(db, scopeUnitId, member, date, input.fromUnitId);
  const unit = await requireMembers(db, actor, 'members.write', stay.unitId, date);
  return db.transaction(async (tx) => {
    await holdUnchanged(tx, member, seen);
    const stays = await recordEvents(
      tx,
      actor.userId,
      [{ ...input, memberId, kind: 'leave', unitId: stay.unitId }],
      new Map([[memberId, member.fullName]]),
    );
    await recordAudit(tx, actor, {
      action: 'member.leave',
      entity: 'member',
      entityId: memberId,
      unitId: stay.unitId,
      federationId: unit.federationId ?? unit.id,
      after: {
        unit: unit.name,
        effectiveOn: date,
        reason: input.reason,
        reasonLabel: LEAVE_REASON_LABELS[input.reason],
        note: input.note ?? null,
      },
    });
    return { memberId, stays: stayView(stays.get(memberId)) };
  });
}
