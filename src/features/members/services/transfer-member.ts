import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { invalidInput } from '../errors';
import * as stayStore from '../stay-store';
import { federationOf, requireMemberUnit, requireMembers } from './common';
import { recordEvents } from './history';
import { type EventMeta, loadMemberUnder, stayToEnd, holdUnchanged, stayView } from './event-common';

/** Moves a member's stay from one unit to another on a date (chuyển sinh hoạt). */
export async function transferMember(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  memberId: string,
  input: EventMeta & { toUnitId: string; fromUnitId?: string | null | undefined },
) {
  const date = input.effectiveOn;
  const member = await loadMemberUnder(db, actor, scopeUnitId, memberId, date);
  const seen = await stayStore.staysOf(db, memberId);
  const stay = await stayToEnd(db, scopeUnitId, member, date, input.fromUnitId);
  const source = await requireMembers(db, actor, 'members.write', stay.unitId, date);
  const target = await requireMemberUnit(db, input.toUnitId, date, 'toUnitId');
  if (target.id === stay.unitId)
    throw invalidInput([{ field: 'toUnitId', message: `Đoàn viên đang sinh hoạt tại "${target.name}".` }]);
  const meta = { effectiveOn: date, decisionNo: input.decisionNo, note: input.note };
  return db.transaction(async (tx) => {
    await holdUnchanged(tx, member, seen);
    const stays = await recordEvents(
      tx,
      actor.userId,
      [
        { ...meta, memberId, kind: 'transfer_out', unitId: stay.unitId, relatedUnitId: target.id },
        { ...meta, memberId, kind: 'transfer_in', unitId: target.id, relatedUnitId: stay.unitId },
      ],
      new Map([[memberId, member.fullName]]),
    );
    const after = {
      fromUnitId: stay.unitId,
      fromUnit: source.name,
      toUnitId: target.id,
      toUnit: target.name,
      ...meta,
    };
    await recordAudit(tx, actor, {
      action: 'member.transfer_out',
      entity: 'member',
      entityId: memberId,
      unitId: stay.unitId,
      federationId: source.federationId ?? source.id,
      after,
    });
    await recordAudit(tx, actor, {
      action: 'member.transfer_in',
      entity: 'member',
      entityId: memberId,
      unitId: target.id,
      federationId: federationOf(target),
      after,
    });
    return { memberId, stays: stayView(stays.get(memberId)) };
  });
}
