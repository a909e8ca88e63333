import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import * as stayStore from '../stay-store';
import { federationOf, requireMemberUnit, requireMembers } from './common';
import { recordEvents } from './history';
import { type EventMeta, loadMemberUnder, holdUnchanged, stayView } from './event-common';

/** Brings a former member back (khôi phục sinh hoạt) into a unit, keeping their member code. */
export async function reinstateMember(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  memberId: string,
  input: EventMeta & { toUnitId: string },
) {
  const date = input.effectiveOn;
  const member = await loadMemberUnder(db, actor, scopeUnitId, memberId, date);
  const seen = await stayStore.staysOf(db, memberId);
  const target = await requireMemberUnit(db, input.toUnitId, date, 'toUnitId');
  await requireMembers(db, actor, 'members.write', target.id, date);
  return db.transaction(async (tx) => {
    await holdUnchanged(tx, member, seen);
    const stays = await recordEvents(
      tx,
      actor.userId,
      [{ ...input, memberId, kind: 'reinstate', unitId: target.id }],
      new Map([[memberId, member.fullName]]),
    );
    await recordAudit(tx, actor, {
      action: 'member.reinstate',
      entity: 'member',
      entityId: memberId,
      unitId: target.id,
      federationId: federationOf(target),
      after: { unit: target.name, effectiveOn: date, note: input.note ?? null },
    });
    return { memberId, stays: stayView(stays.get(memberId)) };
  });
}
