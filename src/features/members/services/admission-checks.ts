/**
 * The checks on people before admission: each person normalised and validated, a member code (for a second
 * organisation) verified against the person, and the duplicate guard: a person who is already an active member
 * anywhere in the country, or already proposed, is stopped. Same CCCD, or the same folded name and date of birth
 * when one of the two has no CCCD (two different CCCDs are two different people). The message says where only
 * when the proposer may see that unit; otherwise "ở một đơn vị khác".
 */
import type { Database } from '../../../platform/db';
import type { Problem } from '../../../platform/errors';
import { formatDate } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { duplicateMember, invalidInput, peopleNamed } from '../errors';
import { memberCodeProblem, normalizeMemberCode } from '../member-code';
import { statusOn } from '../model';
import { preparePerson, type Person, type PersonInput } from '../person';
import * as unitStore from '../unit-store';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import { holds } from './common';

export interface ProposalInput extends Omit<PersonInput, 'joinedOn'> {
  /** The member code of a person who is already a member elsewhere and joins this organisation too. */
  memberCode?: string | null | undefined;
  /**
   * Usually none: no admission decision exists when a CĐCS proposes, and approval takes the decision's date. A date
   * only for someone who joined the union earlier (a transfer from outside the system): it is kept.
   */
  joinedOn?: string | null | undefined;
}

/** A person as proposed: the join date may be left for the approval to give. */
export type ProposedPerson = Omit<Person, 'joinedOn'> & { joinedOn: string | null };

export interface Prepared {
  person: ProposedPerson;
  existingMemberId: string | null;
}

export const sameIdentity = (
  a: { cccd: string | null; searchText: string; birthDate: string },
  b: { cccd: string | null; searchText: string; birthDate: string },
): 'cccd' | 'name' | null => {
  if (a.cccd && b.cccd) return a.cccd === b.cccd ? 'cccd' : null;
  return a.searchText === b.searchText && a.birthDate === b.birthDate ? 'name' : null;
};

/**
 * The day a person's stay in `unit` starts when they are admitted or registered there with this union join date:
 * the join date, or the unit's founding when they joined the union before the unit existed (common when a CĐCS's
 * paper register is recorded: its people kept their union join date when they came to it). The join date itself
 * is kept on the record as the date they joined the union.
 */
export function stayStartOf(joinedOn: string, unit: { foundedOn: string }): string {
  return joinedOn < unit.foundedOn ? unit.foundedOn : joinedOn;
}

/**
 * Normalises and checks a list of people for `unitId`, including the duplicate guard; throws with every problem
 * (field "people.N.field", or "field" for a single person) and writes nothing.
 */
export async function preparePeople(
  db: Database,
  actor: Actor,
  unit: unitStore.UnitFacts,
  proposedOn: string,
  rows: readonly ProposalInput[],
  fieldOf: (index: number, field: string) => string,
  today: string,
  excludeProposalIds: readonly string[],
): Promise<Prepared[]> {
  const unitId = unit.id;
  const problems: Problem[] = [];
  const prepared: Prepared[] = [];
  /** The people the duplicate guard stopped, by their place in the list. */
  const duplicated = new Set<number>();
  for (const [index, row] of rows.entries()) {
    const given = row.joinedOn ? row.joinedOn : null;
    // Without a join date the person is judged on the proposal date (old enough to join then).
    const prepared0 = preparePerson({ ...row, joinedOn: given ?? proposedOn }, today);
    const own = prepared0.problems;
    const person: ProposedPerson = { ...prepared0.person, joinedOn: given };
    for (const p of own) problems.push({ field: fieldOf(index, p.field), message: p.message });
    if (person.joinedOn !== null && !own.some((p) => p.field === 'joinedOn')) {
      const joined = formatDate(person.joinedOn);
      if (person.joinedOn > proposedOn)
        problems.push({
          field: fieldOf(index, 'joinedOn'),
          message: `Ngày vào công đoàn ${joined} không được sau ngày đề nghị ${formatDate(proposedOn)}.`,
        });
      else if (!(person.joinedOn < unit.endedOn))
        problems.push({
          field: fieldOf(index, 'joinedOn'),
          message: `Ngày vào công đoàn ${joined}: "${unit.name}" không hoạt động vào ngày này.`,
        });
    }
    let existingMemberId: string | null = null;
    if (row.memberCode) {
      const code = normalizeMemberCode(row.memberCode);
      const problem = memberCodeProblem(code);
      const existing = problem ? undefined : await recordStore.findMemberByCode(db, code);
      if (problem) problems.push({ field: fieldOf(index, 'memberCode'), message: problem });
      else if (!existing)
        problems.push({
          field: fieldOf(index, 'memberCode'),
          message: `Không có đoàn viên mang mã ${code}.`,
        });
      else if (!sameIdentity(existing, person))
        problems.push({
          field: fieldOf(index, 'memberCode'),
          message: `Mã đoàn viên ${code} không phải của người này (họ tên, ngày sinh hoặc CCCD khác).`,
        });
      else existingMemberId = existing.id;
    }
    prepared.push({ person, existingMemberId });
  }

  // The same person twice in one list.
  for (const [i, a] of prepared.entries()) {
    const j = prepared.findIndex((b, k) => k < i && sameIdentity(a.person, b.person) !== null);
    if (j >= 0) {
      duplicated.add(i);
      problems.push({
        field: fieldOf(i, sameIdentity(a.person, prepared[j]!.person) === 'cccd' ? 'cccd' : 'fullName'),
        message: `Trùng với người thứ ${j + 1} trong danh sách.`,
      });
    }
  }

  // Active members and pending proposals anywhere in the country.
  const fresh = prepared.filter((p) => p.existingMemberId === null);
  const matches = await recordStore.findDuplicates(
    db,
    fresh.map((p) => p.person),
    today,
    excludeProposalIds,
  );
  const visible = new Map<string, boolean>();
  for (const [index, p] of prepared.entries()) {
    if (p.existingMemberId !== null) continue;
    for (const match of matches) {
      const how = sameIdentity(p.person, match);
      if (!how) continue;
      duplicated.add(index);
      if (!visible.has(match.unitId))
        visible.set(match.unitId, await holds(db, actor, 'members.read', match.unitId, today));
      const where = visible.get(match.unitId) ? `tại "${match.unitName}"` : 'ở một đơn vị khác';
      const who =
        how === 'cccd'
          ? `Số CCCD ${p.person.cccd ?? ''}`
          : `${p.person.fullName} (sinh ${formatDate(p.person.birthDate)})`;
      problems.push({
        field: fieldOf(index, how === 'cccd' ? 'cccd' : 'fullName'),
        message:
          match.kind === 'member'
            ? `${who}: người này đã là đoàn viên ${where}.`
            : `${who}: người này đang được đề nghị kết nạp ${where}.`,
      });
      break;
    }
  }

  // A former member (same CCCD, no stay now) is admitted again under their old code, unless they have died.
  for (const [index, p] of prepared.entries()) {
    if (p.existingMemberId !== null || !p.person.cccd) continue;
    const former = await recordStore.findMemberByCccd(db, p.person.cccd);
    if (!former || matches.some((m) => m.kind === 'member' && m.id === former.id)) continue;
    const stays = await stayStore.staysOf(db, former.id);
    const joins = p.person.joinedOn ?? proposedOn;
    if (stays.some((s) => s.unitId === unitId && s.validTo > joins)) {
      problems.push({
        field: fieldOf(index, 'joinedOn'),
        message: `Người này sinh hoạt tại đơn vị đến sau ngày ${formatDate(joins)}; kiểm tra ngày vào công đoàn.`,
      });
    } else if (statusOn(stays, today) === 'deceased') {
      problems.push({
        field: fieldOf(index, 'cccd'),
        message: `Số CCCD ${p.person.cccd} là của một đoàn viên đã từ trần.`,
      });
    } else p.existingMemberId = former.id;
  }

  if (problems.length)
    throw duplicated.size
      ? duplicateMember(
          problems,
          peopleNamed(
            [...duplicated]
              .sort((a, b) => a - b)
              .map((i) => ({ index: i, name: prepared[i]!.person.fullName })),
            rows.length > 1,
          ),
        )
      : invalidInput(problems);
  return prepared;
}
