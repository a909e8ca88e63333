/**
 * Reading and keeping the registry: search across a subtree, a member's record (every view logged), the export of a
 * member's own data on request, corrections of personal data, and member counts as of any date.
 */
import { violatedUniqueKey, type Database } from '../../../platform/db';
import type { Problem } from '../../../platform/errors';
import { todayIso } from '../../../lib/dates';
import { foldVietnamese } from '../../../lib/text';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { SECTOR_LABELS, type Sector } from '../../organisation/model';
import { duplicateMember, invalidInput, memberEditedMeanwhile, memberNotFound, valueTaken } from '../errors';
import {
  AGE_BANDS,
  birthRangeForAges,
  EVENT_LABELS,
  GENDER_LABELS,
  LEAVE_REASON_LABELS,
  maskCccd,
  maskPhone,
  MEMBER_STATUS_LABELS,
  statusOn,
  type Gender,
  type LeaveReason,
  type MemberStatus,
  type MembershipEventKind,
} from '../model';
import { normalizePhone, preparePerson, type PersonInput } from '../person';
import { ETHNICITIES, ETHNICITY_NAMES } from '../reference-data';
import * as recordStore from '../record-store';
import * as listStore from '../list-store';
import * as stayStore from '../stay-store';
import * as countStore from '../count-store';
import * as tallyStore from '../tally-store';
import { holds, personView, requireMembers } from './common';
import { asChanges, countFromTallies, recordStayChanges } from './tallies';
import { requireMemberCode } from './proposals';

/** Loads the 54 ethnic groups where missing. */
export async function ensureMemberReferenceData(db: Database): Promise<void> {
  await recordStore.insertEthnicities(
    db,
    ETHNICITIES.map((e, i) => ({ code: e.code, name: e.name, sortOrder: i })),
  );
}

export const listEthnicities = recordStore.listEthnicities;

// -------------------------------------------------------------------------------------------------------------
// Search

export interface MemberSearch {
  /** Name (diacritics and small typos tolerated), CCCD, member code or phone number. */
  q?: string | undefined;
  /** An exact member code; its check digit is verified. */
  code?: string | undefined;
  at?: string | undefined;
  within?: 'subtree' | 'unit' | undefined;
  status?: MemberStatus | 'all' | undefined;
  gender?: Gender | undefined;
  sector?: Sector | undefined;
  ethnicityCode?: string | undefined;
  partyMember?: boolean | undefined;
  ageFrom?: number | undefined;
  ageTo?: number | undefined;
  page: number;
  pageSize: number;
}

/** Splits a search box into name text, or the identifiers a string of digits may be (CCCD, code, phone). */
export function readSearchText(q: string): { text?: string; identifiers?: string[] } {
  const compact = q.replace(/[\s.\-()]/g, '');
  if (/^\+?\d{6,}$/.test(compact)) {
    const phone = normalizePhone(compact);
    return { identifiers: [...new Set([compact.replace(/^\+/, ''), ...(phone ? [phone] : [])])] };
  }
  const text = foldVietnamese(q);
  return text.length >= 2 ? { text } : {};
}

/**
 * Members of the unit's subtree on a date (today by default), searched and filtered, in Vietnamese name order,
 * one page at a time. CCCD and phone are masked unless the actor holds members.pii over the unit.
 */
export async function searchMembers(db: Database, actor: Actor, unitId: string, query: MemberSearch) {
  const date = query.at ?? todayIso();
  await requireMembers(db, actor, 'members.read', unitId, date);
  const showPersonalData = await holds(db, actor, 'members.pii', unitId, date);
  const searched = query.q ? readSearchText(query.q) : {};
  const identifiers = [...(searched.identifiers ?? [])];
  if (query.code) identifiers.push(requireMemberCode('code', query.code));
  if (query.ageFrom !== undefined && query.ageTo !== undefined && query.ageFrom > query.ageTo)
    throw invalidInput([{ field: 'ageTo', message: 'Tuổi đến phải lớn hơn hoặc bằng tuổi từ.' }]);
  const born = birthRangeForAges(date, query.ageFrom, query.ageTo);
  const within = query.within ?? 'subtree';
  const status = query.status ?? 'active';
  // The whole scope's active people: their number is in the tallies (persons, the same count as the list's).
  const wholeScope =
    status === 'active' &&
    !query.q &&
    !identifiers.length &&
    !query.gender &&
    !query.sector &&
    !query.ethnicityCode &&
    query.partyMember === undefined &&
    !born.after &&
    !born.until;
  const scopeTotal = wholeScope
    ? (await countFromTallies(db, unitId, date, within, [])).find((r) => r.dimension === 'total')?.persons
    : undefined;
  const { total, rows } = await listStore.listMembers(db, {
    rootId: unitId,
    date,
    within,
    status,
    text: searched.text,
    identifiers: identifiers.length ? identifiers : undefined,
    // Without the personal-data permission a string of digits finds member codes only, never a CCCD or a phone.
    codesOnly: !showPersonalData,
    gender: query.gender,
    sector: query.sector,
    ethnicityCode: query.ethnicityCode,
    partyMember: query.partyMember,
    bornAfter: born.after,
    bornUntil: born.until,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    scopeTotal,
  });
  if (showPersonalData && searched.identifiers?.length) {
    // A look-up by CCCD or phone number is logged, with the number masked, like a view of a record.
    await recordAudit(db, actor, {
      action: 'member.search_identifier',
      entity: 'member',
      entityId: rows.length === 1 ? rows[0]!.id : null,
      unitId,
      after: { query: maskCccd(searched.identifiers[0] ?? null), results: total },
    });
  }
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    at: date,
    personalDataShown: showPersonalData,
    members: rows.map((r) => ({
      id: r.id,
      code: r.code,
      fullName: r.fullName,
      birthDate: r.birthDate,
      gender: r.gender as Gender,
      ethnicityCode: r.ethnicityCode,
      ethnicityName: ETHNICITY_NAMES.get(r.ethnicityCode) ?? r.ethnicityCode,
      cccd: showPersonalData ? r.cccd : maskCccd(r.cccd),
      phone: showPersonalData ? r.phone : maskPhone(r.phone),
      partyMember: r.partyMember,
      unionPosition: r.unionPosition,
      joinedOn: r.joinedOn,
      status: r.status,
      units: r.units,
    })),
  };
}

// -------------------------------------------------------------------------------------------------------------
// One member

async function loadVisibleMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  today: string,
) {
  await requireMembers(db, actor, 'members.read', unitId, today);
  const member = await recordStore.findMember(db, memberId);
  if (!member || !(await stayStore.memberBelongsUnder(db, unitId, memberId, today))) throw memberNotFound();
  return member;
}

function currentUnitOf(
  stays: readonly { unitId: string; validFrom: string; validTo: string }[],
  today: string,
) {
  const open = stays.filter((s) => s.validFrom <= today && today < s.validTo);
  const latest = [...(open.length ? open : stays)].sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0];
  return latest?.unitId ?? null;
}

async function record(db: Database, member: recordStore.MemberRow, showPersonalData: boolean, today: string) {
  const [stays, events] = await Promise.all([
    stayStore.historyStays(db, member.id),
    stayStore.historyEvents(db, member.id),
  ]);
  const status = statusOn(stays, today);
  return {
    member: {
      id: member.id,
      code: member.code,
      /** What a correction sends back (updateMember): the record as this version was read. */
      version: member.version,
      ...personView(member, showPersonalData),
      gender: member.gender as Gender,
      status: status ?? 'left',
      statusLabel: MEMBER_STATUS_LABELS[status ?? 'left'],
    },
    personalDataShown: showPersonalData,
    memberships: stays,
    events: events.map((e) => ({
      ...e,
      label: EVENT_LABELS[e.kind as MembershipEventKind] ?? e.kind,
      reasonLabel: e.reason ? (LEAVE_REASON_LABELS[e.reason as LeaveReason] ?? e.reason) : null,
      recordedAt: new Date(e.recordedAt).toISOString(),
      proposal: e.proposal && {
        ...e.proposal,
        decidedAt: e.proposal.decidedAt && new Date(e.proposal.decidedAt).toISOString(),
      },
    })),
    currentUnitId: currentUnitOf(stays, today),
  };
}

/** A member's full record as seen from `unitId`; every view is logged (member.view). */
export async function getMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  today = todayIso(),
) {
  const member = await loadVisibleMember(db, actor, unitId, memberId, today);
  const showPersonalData = await holds(db, actor, 'members.pii', unitId, today);
  const result = await record(db, member, showPersonalData, today);
  await recordAudit(db, actor, {
    action: 'member.view',
    entity: 'member',
    entityId: member.id,
    unitId: result.currentUnitId,
    federationId: member.federationId,
    after: { viewedFrom: unitId, personalDataShown: showPersonalData },
  });
  return result;
}

/**
 * A member's own data, whole, as JSON for the member who asked for it (right of access, Nghị định 13/2023/NĐ-CP,
 * Điều 9 and Điều 14); needs members.pii and is logged (member.export_self).
 */
export async function exportMember(
  db: Database,
  actor: Actor,
  unitId: string,
  memberId: string,
  today = todayIso(),
) {
  const member = await loadVisibleMember(db, actor, unitId, memberId, today);
  await requireMembers(db, actor, 'members.pii', unitId, today);
  const result = await record(db, member, true, today);
  const exportedAt = new Date().toISOString();
  await recordAudit(db, actor, {
    action: 'member.export_self',
    entity: 'member',
    entityId: member.id,
    unitId: result.currentUnitId,
    federationId: member.federationId,
    after: { exportedFrom: unitId, exportedAt },
  });
  return {
    exportedAt,
    exportedBy: actor.fullName,
    legalBasis:
      'Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân: quyền được biết và truy cập dữ liệu của mình.',
    member: result.member,
    memberships: result.memberships,
    events: result.events,
  };
}

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
      throw duplicateMember([problem]);
    }
  }
  const changed = (Object.keys(person) as (keyof typeof person)[]).filter(
    (k) => k !== 'searchText' && person[k] !== member[k],
  );
  if (changed.length === 0) return { id: memberId, changed: [] as string[], version: member.version };
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
  const version = await db
    .transaction(async (tx) => {
      // The row is held from here on: its stays and the facts they are counted under are read as they stand,
      // then the change is written only if nobody saved the record since it was loaded.
      await recordStore.lockMembers(tx, [memberId]);
      const counted = changed.some((k) => k === 'gender' || k === 'ethnicityCode' || k === 'birthDate')
        ? await tallyStore.countedStaysOfMembers(tx, [memberId])
        : [];
      const next = await recordStore.updateMember(tx, memberId, member.version, person);
      if (next === null) throw memberEditedMeanwhile();
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
        after: { ...pick({ ...person }), code: member.code },
      });
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

// -------------------------------------------------------------------------------------------------------------
// Counts

/**
 * Members on a date in a unit or its subtree (the tree as it stood that day), derived from membership events:
 * memberships and distinct people, by gender, sector, ethnicity and age band.
 */
export async function countMembers(
  db: Database,
  actor: Actor,
  unitId: string,
  query: { at?: string | undefined; within?: 'subtree' | 'unit' | undefined },
) {
  const date = query.at ?? todayIso();
  const within = query.within ?? 'subtree';
  await requireMembers(db, actor, 'members.read', unitId, date);
  const rows = await countFromTallies(db, unitId, date, within, AGE_BANDS);
  const of = (dimension: countStore.CountRow['dimension']) => rows.filter((r) => r.dimension === dimension);
  const total = of('total')[0];
  const labelled = (dimension: countStore.CountRow['dimension'], label: (key: string) => string) =>
    of(dimension)
      .map((r) => ({
        key: r.key ?? '',
        label: label(r.key ?? ''),
        memberships: r.memberships,
        persons: r.persons,
      }))
      .sort((a, b) => b.memberships - a.memberships || a.key.localeCompare(b.key));
  const bands = new Map(of('age_band').map((r) => [r.key, r]));
  return {
    at: date,
    within,
    memberships: total?.memberships ?? 0,
    persons: total?.persons ?? 0,
    byGender: labelled('gender', (k) => GENDER_LABELS[k as Gender] ?? k),
    bySector: labelled('sector', (k) => SECTOR_LABELS[k as Sector] ?? k),
    byEthnicity: labelled('ethnicity', (k) => ETHNICITY_NAMES.get(k) ?? k),
    byAgeBand: AGE_BANDS.map((b) => ({
      key: b.key,
      label: b.label,
      memberships: bands.get(b.key)?.memberships ?? 0,
      persons: bands.get(b.key)?.persons ?? 0,
    })),
  };
}
