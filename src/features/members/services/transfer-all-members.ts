import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { invalidInput } from '../errors';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import { federationOf, requireMemberUnit, requireMembers } from './common';
import { recordEvents, type NewEvent } from './history';
import type { EventMeta } from './event-common';

/**
 * Transfers everyone with a stay open at `fromUnitId` on the date to `toUnitId`: what a CĐCS merge needs so that
 * no member is left in a unit that ends.
 */
export async function transferAllMembers(
  db: Database,
  actor: Actor,
  fromUnitId: string,
  input: EventMeta & { toUnitId: string },
) {
  const date = input.effectiveOn;
  const source = await requireMembers(db, actor, 'members.write', fromUnitId, date);
  const target = await requireMemberUnit(db, input.toUnitId, date, 'toUnitId');
  await requireMembers(db, actor, 'members.write', target.id, date);
  if (target.id === fromUnitId)
    throw invalidInput([{ field: 'toUnitId', message: 'Đơn vị nhận phải khác đơn vị chuyển đi.' }]);
  const memberIds = await stayStore.memberIdsActiveAt(db, fromUnitId, date);
  const names = new Map((await recordStore.findMembers(db, memberIds)).map((m) => [m.id, m.fullName]));
  const meta = { effectiveOn: date, decisionNo: input.decisionNo, note: input.note };
  return db.transaction(async (tx) => {
    const events = memberIds.flatMap((memberId): NewEvent[] => [
      { ...meta, memberId, kind: 'transfer_out', unitId: fromUnitId, relatedUnitId: target.id },
      { ...meta, memberId, kind: 'transfer_in', unitId: target.id, relatedUnitId: fromUnitId },
    ]);
    if (events.length) await recordEvents(tx, actor.userId, events, names);
    const after = {
      fromUnit: source.name,
      toUnitId: target.id,
      toUnit: target.name,
      count: memberIds.length,
      memberIds,
      ...meta,
    };
    await recordAudit(tx, actor, {
      action: 'member.transfer_all',
      entity: 'unit',
      entityId: fromUnitId,
      unitId: fromUnitId,
      federationId: source.federationId ?? source.id,
      after,
    });
    await recordAudit(tx, actor, {
      action: 'member.transfer_all_in',
      entity: 'unit',
      entityId: target.id,
      unitId: target.id,
      federationId: federationOf(target),
      after,
    });
    return { transferred: memberIds.length };
  });
}
