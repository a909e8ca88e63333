/** Corrections of a member's personal data, made on the version the officer read. */
import { todayIso } from '../../../lib/dates';
import { violatedUniqueKey, type Database } from '../../../platform/db';
import type { Problem } from '../../../platform/errors';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { duplicateMember, invalidInput, memberEditedMeanwhile, valueTaken } from '../errors';
import { maskCccd, maskPhone } from '../model';
import { preparePerson, type Person, type PersonInput } from '../person';
import * as recordStore from '../record-store';
import * as stayStore from '../stay-store';
import { currentUnitOf, loadVisibleMember } from './get-member';
import * as tallyStore from '../tally-store';
import { holds, requireMembers } from './common';
import { asChanges, recordStayChanges } from './tallies';

export type MemberPatch = Partial<Omit<PersonInput, 'partyMember'>> & {
  partyMember?: boolean | undefined;
  /** The version of the record the change was made on (from the member's detail). */
  version: number;
};

/**
 * Corrects a member's personal data. Changing CCCD or phone needs members.pii; a CCCD that another person holds is
 * refused (shown where only if visible). The change is written only on the version it was made on: when someone saved
 * the record meanwhile, it is refused (409) and nothing is written, so no one's change is lost.
 */
export async function updateMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  patch: MemberPatch,
  today = todayIso(),
) {
  const member = await loadVisibleMember(db, actor, unitId, memberId, today);
  await requireMembers(db, actor, 'members.write', unitId, today);
  if (patch.cccd !== undefined || patch.phone !== undefined)
    await requireMembers(db, actor, 'members.pii', unitId, today);
  const merged: PersonInput = {
    fullName: patch.fullName ?? member.fullName,
    birthDate: patch.birthDate ?? member.birthDate,
    gender: patch.gender ?? member.gender,
    ethnicityCode: patch.ethnicityCode ?? member.ethnicityCode,
    religion: patch.religion === undefined ? member.religion : patch.religion,
    cccd: patch.cccd === undefined ? member.cccd : patch.cccd,
    phone: patch.phone === undefined ? member.phone : patch.phone,
    email: patch.email === undefined ? member.email : patch.email,
    education: patch.education === undefined ? member.education : patch.education,
    occupation: patch.occupation === undefined ? member.occupation : patch.occupation,
    unionPosition: patch.unionPosition === undefined ? member.unionPosition : patch.unionPosition,
    partyMember: patch.partyMember ?? member.partyMember,
    joinedOn: patch.joinedOn ?? member.joinedOn,
  };
  const { person, problems } = preparePerson(merged, today);
  if (problems.length) throw invalidInput(problems);
  if (patch.version !== member.version) throw memberEditedMeanwhile();
  if (person.cccd && person.cccd !== member.cccd) {
    const holder = await recordStore.findMemberByCccd(db, person.cccd);
    if (holder && holder.id !== member.id) {
      const stays = await stayStore.staysOf(db, holder.id);
      const where = currentUnitOf(stays, today);
      const visible = where !== null && (await holds(db, actor, 'members.read', where, today));
      const problem: Problem = {
        field: 'cccd',
        message: `Số CCCD ${person.cccd} đã là của đoàn viên ${visible ? `${holder.fullName} (mã ${holder.code})` : 'khác'}.`,
      };
      throw duplicateMember([problem], { vi: `Số CCCD ${person.cccd}`, en: `CCCD ${person.cccd}` });
    }
  }
  const changed = changedFields(member, person);
  if (changed.length === 0) return { id: memberId, changed: [] as string[], version: member.version };
  const version = await db
    .transaction(async (tx) => {
      // The row is held from here on: its stays and the facts they are counted under are read as they stand,
      // then the change is written only if nobody saved the record since it was loaded.
      await recordStore.lockMembers(tx, [memberId]);
      const next = await writeMemberCorrection(tx, actor, member, person, changed, unitId, today);
      if (next === null) throw memberEditedMeanwhile();
      return next;
    })
    .catch((error: unknown) => {
      // Two saves giving two people one CCCD at the same moment: the key refuses the second.
      if (violatedUniqueKey(error) === 'members_cccd_key')
        throw valueTaken(
          'cccd',
          'Số CCCD',
          `Số CCCD ${person.cccd ?? ''} vừa được ghi cho một đoàn viên khác.`,
        );
      throw error;
    });
  return { id: memberId, changed: changed.filter((k) => k !== 'sortKey') as string[], version };
}

/** The person's fields that a correction changes (the folded name follows the name; it is never named). */
export function changedFields(member: recordStore.MemberRow, person: Person): (keyof Person)[] {
  return (Object.keys(person) as (keyof Person)[]).filter(
    (k) => k !== 'searchText' && person[k] !== member[k],
  );
}

/**
 * Writes a correction of `member` (as read, at its version) on a transaction that already holds the person's row
 * (record-store lockMembers): the record, the counts when the facts they are kept under change, and the audit row
 * of the edit form. Answers the new version, or null when the row is no longer at the version read (nothing written).
 * The edit form and the member import (import-updates.ts) both write through here.
 */
export async function writeMemberCorrection(
  tx: Database,
  actor: Actor | null,
  member: recordStore.MemberRow,
  person: Person,
  changed: readonly (keyof Person)[],
  unitId: string,
  today: string,
  auditExtra: Record<string, unknown> = {},
): Promise<number | null> {
  const memberId = member.id;
  const pick = (source: Record<string, unknown>) => {
    const masked: Record<string, unknown> = {};
    for (const k of changed) {
      const value = source[k];
      masked[k] =
        k === 'cccd'
          ? maskCccd(value as string | null)
          : k === 'phone'
            ? maskPhone(value as string | null)
            : value;
    }
    return masked;
  };
  const counted = changed.some((k) => k === 'gender' || k === 'ethnicityCode' || k === 'birthDate')
    ? await tallyStore.countedStaysOfMembers(tx, [memberId])
    : [];
  const next = await recordStore.updateMember(tx, memberId, member.version, person);
  if (next === null) return null;
  if (counted.length) {
    // The person's stays are counted under their new facts from now on, over every date.
    await tallyStore.setStayBirthDates(tx, memberId, person.birthDate);
    await recordStayChanges(tx, [
      ...asChanges(counted, -1),
      ...asChanges(
        counted.map((s) => ({
          ...s,
          gender: person.gender,
          ethnicityCode: person.ethnicityCode,
          birthDate: person.birthDate,
        })),
        1,
      ),
    ]);
  }
  await recordAudit(tx, actor, {
    action: 'member.update',
    entity: 'member',
    entityId: memberId,
    // Filed under the unit the member belongs to now, whichever unit above it made the change.
    unitId: currentUnitOf(await stayStore.staysOf(tx, memberId), today) ?? unitId,
    federationId: member.federationId,
    before: pick(member),
    after: { ...pick({ ...person }), code: member.code, ...auditExtra },
  });
  return next;
}
