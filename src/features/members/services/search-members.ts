/** Searching members across a subtree: by name (diacritics and typos forgiven) or by an identifier the searcher may see. */
import { todayIso } from '../../../lib/dates';
import { foldVietnamese } from '../../../lib/text';
import { type Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { type Sector } from '../../organisation/model';
import { invalidInput } from '../errors';
import * as listStore from '../list-store';
import { birthRangeForAges, maskCccd, maskPhone, type Gender, type MemberStatus } from '../model';
import { normalizePhone } from '../person';
import { ETHNICITY_NAMES } from '../reference-data';
import { holds, requireMembers } from './common';
import { requireMemberCode } from '../member-code';
import { countFromTallies } from './tallies';

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
