/**
 * Membership events after admission: transfer (between any two units, across provinces too), leave, reinstate,
 * death, and the transfer of a whole unit's members (after a merge). Each is authorized on the units it touches,
 * checked against the person's history, and written with its audit record in one transaction.
 *
 * Who records what: the side the member leaves records a transfer (the receiving unit may be anywhere in the
 * country); a reinstatement needs the right to write on the unit the person returns to.
 * This file holds what the event use-cases share: finding the person and the stay an event ends, and holding the
 * person's history unchanged inside the event's transaction.
 */
import type { Database } from '../../../platform/db';
import { formatDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { isUnder } from '../../access/service';
import { invalidInput, memberHandledMeanwhile, memberNotFound, membershipConflict } from '../errors';
import type { Stay } from '../model';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import * as unitStore from '../unit-store';
import { requireMembers } from './common';

export interface EventMeta {
  effectiveOn: string;
  decisionNo?: string | null | undefined;
  note?: string | null | undefined;
}

/**
 * The person, seen from the unit in the path: they must belong to it now, and the actor may write there today and on
 * the event's date.
 */
export async function loadMemberUnder(
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
export async function openStaysUnder(db: Database, scopeUnitId: string, memberId: string, date: string) {
  const open = (await stayStore.staysOf(db, memberId)).filter((s) => s.validFrom <= date && date < s.validTo);
  const under: stayStore.StayRow[] = [];
  for (const stay of open) if (await isUnder(db, scopeUnitId, stay.unitId, date)) under.push(stay);
  return under;
}

/**
 * The stay an event ends: open on the date, in a unit under the path's unit then; `fromUnitId` chooses when the
 * person is a member in more than one place.
 */
export async function stayToEnd(
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

export async function notMemberThere(
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
export async function holdUnchanged(
  tx: Database,
  member: recordStore.MemberRow,
  seen: readonly stayStore.StayRow[],
): Promise<void> {
  await recordStore.lockMembers(tx, [member.id]);
  if (staysKey(await stayStore.staysOf(tx, member.id)) !== staysKey(seen))
    throw memberHandledMeanwhile(member.fullName);
}

export function stayView(stays: Stay[] | undefined) {
  return (stays ?? []).map((s) => ({ ...s }));
}
