/** Searching members across a subtree: by name (diacritics and typos forgiven) or by an identifier the searcher may see. */
import { todayIso } from '../../../lib/dates';
import { type Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { listSectors } from '../../organisation/service';
import { invalidInput } from '../errors';
import * as listStore from '../list-store';
import {
  birthRangeForAges,
  maskCccd,
  maskPhone,
  type AgeBand,
  type Gender,
  type MemberStatus,
} from '../model';
import { parseSearch } from '../search';
import { ETHNICITY_NAMES } from '../reference-data';
import { holds, requireMembers } from './common';
import { requireMemberCode } from '../member-code';
import { cachedTotal, countFromTallies, personsFromTallies } from './tallies';

export interface MemberSearch {
  /** Name (diacritics and small typos tolerated), CCCD, member code or phone number. */
  q?: string | undefined;
  /** An exact member code; its check digit is verified. */
  code?: string | undefined;
  at?: string | undefined;
  within?: 'subtree' | 'unit' | undefined;
  status?: MemberStatus | 'all' | undefined;
  gender?: Gender | undefined;
  /** A sector's id (organisation's sectors, any date: a past list shows units as they were). */
  sector?: string | undefined;
  ethnicityCode?: string | undefined;
  partyMember?: boolean | undefined;
  ageFrom?: number | undefined;
  ageTo?: number | undefined;
  page: number;
  pageSize: number;
}

export { readSearchText } from '../search';

/**
 * The store's list query for a search on a date (without the page): the search box parsed, an exact code checked,
 * the age range as a range of birth dates. `codesOnly` for someone who may not see CCCD and phone numbers.
 */
export function listQueryOf(
  unitId: string,
  date: string,
  query: Omit<MemberSearch, 'page' | 'pageSize'>,
  codesOnly: boolean,
): Omit<listStore.MemberListQuery, 'offset' | 'limit' | 'scopeTotal'> & { searchedIdentifiers: string[] } {
  const searched = query.q ? parseSearch(query.q) : ({ kind: 'none' } as const);
  const searchedIdentifiers = searched.kind === 'identifier' ? searched.identifiers : [];
  const identifiers = [...searchedIdentifiers];
  if (query.code) identifiers.push(requireMemberCode('code', query.code));
  if (query.ageFrom !== undefined && query.ageTo !== undefined && query.ageFrom > query.ageTo)
    throw invalidInput([{ field: 'ageTo', message: 'Tuổi đến phải lớn hơn hoặc bằng tuổi từ.' }]);
  const born = birthRangeForAges(date, query.ageFrom, query.ageTo);
  return {
    searchedIdentifiers,
    rootId: unitId,
    date,
    within: query.within ?? 'subtree',
    status: query.status ?? 'active',
    name: searched.kind === 'name' ? searched : undefined,
    identifiers: identifiers.length ? identifiers : undefined,
    // Without the personal-data permission a string of digits finds member codes only, never a CCCD or a phone.
    codesOnly,
    gender: query.gender,
    sector: query.sector,
    ethnicityCode: query.ethnicityCode,
    partyMember: query.partyMember,
    bornAfter: born.after,
    bornUntil: born.until,
  };
}

/**
 * Members of the unit's subtree on a date (today by default), searched and filtered, in Vietnamese name order,
 * one page at a time. CCCD and phone are masked unless the actor holds members.pii over the unit.
 */
export async function searchMembers(db: Database, actor: Actor, unitId: string, query: MemberSearch) {
  const date = query.at ?? todayIso();
  await requireMembers(db, actor, 'members.read', unitId, date);
  if (query.sector && !(await listSectors(db)).some((s) => s.id === query.sector))
    throw invalidInput([
      { field: 'sector', message: `Khu vực "${query.sector}" không có trong danh mục khu vực.` },
    ]);
  const showPersonalData = await holds(db, actor, 'members.pii', unitId, date);
  const { searchedIdentifiers, ...list } = listQueryOf(unitId, date, query, !showPersonalData);
  // The active people of the whole scope, or of one gender, one ethnic group or one age range: their number is in
  // the tallies (persons, the same count as the list's), so the list does not count a province's stays again.
  const scopeTotal =
    list.status === 'active' &&
    !list.name &&
    !list.identifiers &&
    !list.sector &&
    list.partyMember === undefined
      ? await totalFromTallies(db, unitId, date, list.within, {
          gender: query.gender,
          ethnicityCode: query.ethnicityCode,
          ageFrom: query.ageFrom,
          ageTo: query.ageTo,
        })
      : undefined;
  const { total, rows } = await listStore.listMembers(db, {
    ...list,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    scopeTotal,
  });
  if (showPersonalData && searchedIdentifiers.length) {
    // A look-up by CCCD or phone number is logged, with the number masked, like a view of a record.
    await recordAudit(db, actor, {
      action: 'member.search_identifier',
      entity: 'member',
      entityId: rows.length === 1 ? rows[0]!.id : null,
      unitId,
      after: { query: maskCccd(searchedIdentifiers[0] ?? null), results: total },
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

/**
 * The number of active people in scope on the date from the tallies, when at most one of gender, ethnic group and
 * age range narrows it (the tallies count each on its own, not their combinations); undefined otherwise.
 */
export async function totalFromTallies(
  db: Database,
  unitId: string,
  date: string,
  within: 'subtree' | 'unit',
  only: {
    gender?: string | undefined;
    ethnicityCode?: string | undefined;
    ageFrom?: number | undefined;
    ageTo?: number | undefined;
  },
): Promise<number | undefined> {
  const ages = only.ageFrom !== undefined || only.ageTo !== undefined;
  const narrowed = [only.gender !== undefined, only.ethnicityCode !== undefined, ages].filter(Boolean).length;
  if (narrowed > 1) return undefined;
  const from = only.ageFrom ?? 0;
  // The range as a band between the ages below and above it, so that each person falls in exactly one.
  const bands: AgeBand[] = !ages
    ? []
    : [
        ...(from > 0 ? [{ key: 'below', label: '', from: 0, to: from - 1 }] : []),
        { key: 'asked', label: '', from, to: only.ageTo ?? null },
        ...(only.ageTo !== undefined ? [{ key: 'above', label: '', from: only.ageTo + 1, to: null }] : []),
      ];
  const narrowing = ages
    ? `age:${from}-${only.ageTo ?? ''}`
    : only.gender !== undefined
      ? `gender:${only.gender}`
      : only.ethnicityCode !== undefined
        ? `ethnicity:${only.ethnicityCode}`
        : 'all';
  return cachedTotal(db, { rootId: unitId, date, within, narrowing }, async () => {
    if (!ages) return personsFromTallies(db, unitId, date, within, only);
    const rows = await countFromTallies(db, unitId, date, within, bands);
    const row = rows.find((r) => r.dimension === 'age_band' && r.key === 'asked');
    return row?.persons ?? 0;
  });
}
