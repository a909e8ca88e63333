/**
 * Membership events after admission: transfer (between any two units, across provinces too), leave, reinstate,
 * death, and the transfer of a whole unit's members (after a merge). Each is authorized on the units it touches,
 * checked against the person's history, and written with its audit record in one transaction.
 *
 * Who records what: the side the member leaves records a transfer (the receiving unit may be anywhere in the
 * country); a reinstatement needs the right to write on the unit the person returns to.
 */
import type { Database } from '../../../platform/db';
import { formatDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { isUnder, recordAudit } from '../../access/service';
import { invalidInput, memberHandledMeanwhile, memberNotFound, membershipConflict } from '../errors';
import { LEAVE_REASON_LABELS, type LeaveReason, type Stay } from '../model';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import * as unitStore from '../unit-store';
import { federationOf, loadUnits, requireMemberUnit, requireMembers } from './common';
import { recordEvents, type NewEvent } from './history';

export interface EventMeta {
  effectiveOn: string;
  decisionNo?: string | null | undefined;
  note?: string | null | undefined;
}

/**
 * The person, seen from the unit in the path: they must belong to it now, and the actor may write there today and on
 * the event's date.
 */
async function loadMemberUnder(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  memberId: string,
  date: string,
) {
  await requireMembers(db, actor, 'members.write', scopeUnitId, date);
  const member = await recordStore.findMember(db, memberId);
  if (!member || !(await stayStore.memberBelongsUnder(db, scopeUnitId, memberId, todayIso())))
    throw memberNotFound();
  return member;
}

/** The person's stays open on the date in units under `scopeUnitId` then. */
async function openStaysUnder(db: Database, scopeUnitId: string, memberId: string, date: string) {
  const open = (await stayStore.staysOf(db, memberId)).filter((s) => s.validFrom <= date && date < s.validTo);
  const under: stayStore.StayRow[] = [];
  for (const stay of open) if (await isUnder(db, scopeUnitId, stay.unitId, date)) under.push(stay);
  return under;
}

/**
 * The stay an event ends: open on the date, in a unit under the path's unit then; `fromUnitId` chooses when the
 * person is a member in more than one place.
 */
async function stayToEnd(
  db: Database,
  scopeUnitId: string,
  member: recordStore.MemberRow,
  date: string,
  fromUnitId: string | null | undefined,
): Promise<stayStore.StayRow> {
  const candidates = await openStaysUnder(db, scopeUnitId, member.id, date);
  const chosen = fromUnitId ? candidates.filter((s) => s.unitId === fromUnitId) : candidates;
  if (chosen.length === 1 && chosen[0]) return chosen[0];
  if (chosen.length > 1)
    throw invalidInput([
      {
        field: 'fromUnitId',
        message: 'Đoàn viên đang sinh hoạt ở nhiều nơi; chọn nơi sinh hoạt cần ghi nhận.',
      },
    ]);
  throw await notMemberThere(db, member, fromUnitId ?? scopeUnitId, !fromUnitId, date);
}

async function notMemberThere(
  db: Database,
  member: recordStore.MemberRow,
  unitId: string,
  orBelow: boolean,
  date: string,
) {
  const [unit] = await unitStore.unitFacts(db, [unitId]);
  // Before the person's first day as a member: say so, with that day (an officer typed a date too early).
  const firstDay = (await stayStore.staysOf(db, member.id)).reduce<string | null>(
    (first, s) => (first === null || s.validFrom < first ? s.validFrom : first),
    null,
  );
  if (firstDay !== null && date < firstDay)
    return membershipConflict(
      member.fullName,
      date,
      `ngày này trước ngày đoàn viên bắt đầu sinh hoạt (${formatDate(firstDay)})`,
    );
  return membershipConflict(
    member.fullName,
    date,
    `đoàn viên không sinh hoạt tại "${unit?.name ?? ''}"${orBelow ? ' hoặc đơn vị trực thuộc' : ''} vào ngày ${formatDate(date)}`,
  );
}

/** A person's stays as one comparable text. */
const staysKey = (stays: readonly stayStore.StayRow[]) =>
  stays
    .map((s) => `${s.unitId}|${s.validFrom}|${s.validTo}|${s.startKind}|${s.endKind ?? ''}`)
    .sort()
    .join('\n');

/**
 * First thing in an event's transaction: holds the person's row (so two events on one person run one after the
 * other), then checks that their stays are still those read before the checks above. If someone recorded an event on
 * the person meanwhile, this one is refused (409, "tải lại") and writes nothing, rather than being replayed on a
 * history its author never saw.
 */
async function holdUnchanged(
  tx: Database,
  member: recordStore.MemberRow,
  seen: readonly stayStore.StayRow[],
): Promise<void> {
  await recordStore.lockMembers(tx, [member.id]);
  if (staysKey(await stayStore.staysOf(tx, member.id)) !== staysKey(seen))
    throw memberHandledMeanwhile(member.fullName);
}

function stayView(stays: Stay[] | undefined) {
  return (stays ?? []).map((s) => ({ ...s }));
}

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
