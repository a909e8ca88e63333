/**
 * Every SQL statement of the member registry. Functions take a database or transaction handle. Reads of the
 * organisation's tables (units, unit_types, unit_names, unit_closure) answer "where was this unit on that date".
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
import { ethnicities, memberProposals, memberships, membershipEvents, members } from './tables';
import type { MemberStatus } from './model';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;
export type ProposalRow = typeof memberProposals.$inferSelect;
export type NewProposalRow = typeof memberProposals.$inferInsert;
export type EventRow = typeof membershipEvents.$inferSelect;
export type NewEventRow = typeof membershipEvents.$inferInsert;
export type StayRow = typeof memberships.$inferSelect;

/** A list of ids as one array parameter, the same on both drivers. */
function uuidArray(ids: readonly string[]): SQL {
  return sql`string_to_array(${ids.join(',')}, ',')::uuid[]`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reference data

export async function insertEthnicities(
  db: Database,
  rows: (typeof ethnicities.$inferInsert)[],
): Promise<void> {
  if (rows.length) await db.insert(ethnicities).values(rows).onConflictDoNothing();
}

export async function listEthnicities(db: Database) {
  return db.select().from(ethnicities).orderBy(asc(ethnicities.sortOrder), asc(ethnicities.code));
}

// ---------------------------------------------------------------------------------------------------------------
// Units, read from the organisation's tables

export interface UnitFacts {
  id: string;
  name: string;
  typeId: string;
  level: number;
  sector: string | null;
  foundedOn: string;
  endedOn: string;
  federationId: string | null;
}

export async function unitFacts(db: Database, ids: readonly string[]): Promise<UnitFacts[]> {
  if (ids.length === 0) return [];
  return queryRows<UnitFacts>(
    db,
    sql`SELECT u.id, u.name, u.type_id AS "typeId", t.level, u.sector, u.founded_on::text AS "foundedOn",
               u.ended_on::text AS "endedOn", u.federation_id AS "federationId"
        FROM units u JOIN unit_types t ON t.id = u.type_id WHERE u.id = ANY(${uuidArray([...new Set(ids)])})`,
  );
}

/** The nearest ancestor of a unit on a date whose type holds `power` (the unit itself excluded). */
export async function nearestAncestorWithPower(
  db: Database,
  unitId: string,
  date: string,
  power: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await queryRows<{ id: string; name: string }>(
    db,
    sql`SELECT a.id, coalesce(n.name, a.name) AS name
        FROM unit_closure c
        JOIN units a ON a.id = c.ancestor_id
        JOIN unit_types t ON t.id = a.type_id
        LEFT JOIN unit_names n ON n.unit_id = a.id AND n.valid_from <= ${date}::date AND n.valid_to > ${date}::date
        WHERE c.descendant_id = ${unitId}::uuid AND c.depth > 0
          AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
          AND ${power} = ANY(t.powers)
        ORDER BY c.depth LIMIT 1`,
  );
  return row ?? null;
}

/** Whether `unitId` is `ancestorId` or below it on `date`. */
export async function isUnder(
  db: Database,
  ancestorId: string,
  unitId: string,
  date: string,
): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM unit_closure WHERE ancestor_id = ${ancestorId}::uuid AND descendant_id = ${unitId}::uuid
        AND valid_from <= ${date}::date AND valid_to > ${date}::date LIMIT 1`,
  );
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Members

export async function nextMemberCodeNumbers(db: Database, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ n: string | number }>(
    db,
    sql`SELECT nextval('member_code_seq') AS n FROM generate_series(1, ${count}::int)`,
  );
  return rows.map((r) => Number(r.n));
}

export async function insertMember(db: Database, row: NewMemberRow): Promise<MemberRow> {
  const [created] = await db.insert(members).values(row).returning();
  if (!created) throw new Error('insert members returned nothing');
  return created;
}

export async function findMember(db: Database, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export async function findMembers(db: Database, ids: readonly string[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(members)
    .where(inArray(members.id, [...ids]));
}

export async function findMemberByCode(db: Database, code: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.code, code));
  return row;
}

export async function findMemberByCccd(db: Database, cccd: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.cccd, cccd));
  return row;
}

export async function updateMember(db: Database, id: string, values: Partial<NewMemberRow>): Promise<void> {
  await db
    .update(members)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(members.id, id));
}

/** A person matched by the duplicate guard: a member with a stay that reaches `date`, or a pending proposal. */
export interface DuplicateMatch {
  kind: 'member' | 'proposal';
  id: string;
  fullName: string;
  birthDate: string;
  cccd: string | null;
  searchText: string;
  unitId: string;
  unitName: string;
}

/**
 * Active members (a stay open on or after `date`) and pending proposals that share a CCCD, or the folded name and
 * date of birth, with any of the candidates, anywhere in the country.
 */
export async function findDuplicates(
  db: Database,
  candidates: { cccd: string | null; searchText: string; birthDate: string }[],
  date: string,
  excludeProposalIds: readonly string[] = [],
): Promise<DuplicateMatch[]> {
  if (candidates.length === 0) return [];
  const cccds = candidates.map((c) => c.cccd).filter((c): c is string => c !== null);
  const pairs = sql.join(
    candidates.map((c) => sql`(${c.birthDate}::date, ${c.searchText}::text)`),
    sql`, `,
  );
  const cccdList = cccds.length ? sql`string_to_array(${cccds.join(',')}, ',')` : sql`ARRAY[]::text[]`;
  const excluded = excludeProposalIds.length ? uuidArray(excludeProposalIds) : sql`ARRAY[]::uuid[]`;
  return queryRows<DuplicateMatch>(
    db,
    sql`SELECT 'member' AS kind, p.id, p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.cccd,
               p.search_text AS "searchText", s.unit_id AS "unitId", u.name AS "unitName"
        FROM members p
        JOIN LATERAL (SELECT m.unit_id FROM memberships m WHERE m.member_id = p.id AND m.valid_to > ${date}::date
                      ORDER BY m.valid_from DESC LIMIT 1) s ON TRUE
        JOIN units u ON u.id = s.unit_id
        WHERE p.cccd = ANY(${cccdList}) OR (p.birth_date, p.search_text) IN (${pairs})
        UNION ALL
        SELECT 'proposal' AS kind, q.id, q.full_name, q.birth_date::text, q.cccd, q.search_text, q.unit_id, u.name
        FROM member_proposals q JOIN units u ON u.id = q.unit_id
        WHERE q.status IN ('proposed', 'returned') AND q.existing_member_id IS NULL
          AND NOT (q.id = ANY(${excluded}))
          AND (q.cccd = ANY(${cccdList}) OR (q.birth_date, q.search_text) IN (${pairs}))`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Events and stays

export async function eventsOfMembers(db: Database, memberIds: readonly string[]): Promise<EventRow[]> {
  if (memberIds.length === 0) return [];
  return db
    .select()
    .from(membershipEvents)
    .where(inArray(membershipEvents.memberId, [...memberIds]))
    .orderBy(asc(membershipEvents.effectiveOn), asc(membershipEvents.id));
}

export async function insertEvents(db: Database, rows: NewEventRow[]): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK)
    await db.insert(membershipEvents).values(rows.slice(i, i + CHUNK));
}

/** Replaces the derived stays of the given people with freshly derived ones. */
export async function replaceStays(
  db: Database,
  memberIds: readonly string[],
  stays: (typeof memberships.$inferInsert)[],
): Promise<void> {
  if (memberIds.length === 0) return;
  await db.delete(memberships).where(inArray(memberships.memberId, [...memberIds]));
  const CHUNK = 2000;
  for (let i = 0; i < stays.length; i += CHUNK)
    await db.insert(memberships).values(stays.slice(i, i + CHUNK));
}

/** Sets each person's federation (that of the unit of their latest stay) in one statement. */
export async function setMemberFederations(
  db: Database,
  pairs: readonly { memberId: string; federationId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await db.execute(sql`
    UPDATE members p SET federation_id = v.federation_id, updated_at = now()
    FROM unnest(${uuidArray(pairs.map((x) => x.memberId))}, ${uuidArray(pairs.map((x) => x.federationId))})
      AS v(member_id, federation_id)
    WHERE p.id = v.member_id AND p.federation_id <> v.federation_id`);
}

export async function staysOf(db: Database, memberId: string): Promise<StayRow[]> {
  return db
    .select()
    .from(memberships)
    .where(eq(memberships.memberId, memberId))
    .orderBy(asc(memberships.validFrom));
}

/** People with a stay open at exactly `unitId` on `date`. */
export async function memberIdsActiveAt(db: Database, unitId: string, date: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT DISTINCT member_id AS id FROM memberships
        WHERE unit_id = ${unitId}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
  );
  return rows.map((r) => r.id);
}

/**
 * Stays open at `unitId` on or after `date`: what still has to be transferred before the unit can end there.
 * (For the organisation's dissolve and merge checks.)
 */
export async function countStaysReaching(db: Database, unitId: string, date: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM memberships WHERE unit_id = ${unitId}::uuid AND valid_to > ${date}::date`,
  );
  return row?.n ?? 0;
}

/**
 * Whether the person had a stay in a unit under `rootId`, judging each stay where its unit stood on `date` (or on
 * the stay's last day when it ended earlier). Used to keep member URLs honest: /units/:root/members/:id.
 */
export async function memberSeenUnder(
  db: Database,
  rootId: string,
  memberId: string,
  date: string,
): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM memberships m JOIN unit_closure c ON c.descendant_id = m.unit_id
        WHERE m.member_id = ${memberId}::uuid AND c.ancestor_id = ${rootId}::uuid AND m.valid_from <= ${date}::date
          AND c.valid_from <= least(${date}::date, m.valid_to - 1) AND c.valid_to > least(${date}::date, m.valid_to - 1)
        LIMIT 1`,
  );
  return rows.length > 0;
}

export interface HistoryStay {
  unitId: string;
  unitName: string;
  validFrom: string;
  validTo: string;
  startKind: string;
  endKind: string | null;
}

export async function historyStays(db: Database, memberId: string): Promise<HistoryStay[]> {
  return queryRows<HistoryStay>(
    db,
    sql`SELECT m.unit_id AS "unitId", coalesce(n.name, u.name) AS "unitName", m.valid_from::text AS "validFrom",
               m.valid_to::text AS "validTo", m.start_kind AS "startKind", m.end_kind AS "endKind"
        FROM memberships m JOIN units u ON u.id = m.unit_id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= m.valid_from AND n.valid_to > m.valid_from
        WHERE m.member_id = ${memberId}::uuid ORDER BY m.valid_from, m.unit_id`,
  );
}

export interface HistoryEvent {
  id: number;
  kind: string;
  unitId: string;
  unitName: string;
  relatedUnitName: string | null;
  effectiveOn: string;
  reason: string | null;
  decisionNo: string | null;
  note: string | null;
  recordedByName: string | null;
  recordedAt: string;
}

export async function historyEvents(db: Database, memberId: string): Promise<HistoryEvent[]> {
  return queryRows<HistoryEvent>(
    db,
    sql`SELECT e.id::int AS id, e.kind, e.unit_id AS "unitId", u.name AS "unitName", r.name AS "relatedUnitName",
               e.effective_on::text AS "effectiveOn", e.reason, e.decision_no AS "decisionNo", e.note,
               usr.full_name AS "recordedByName", e.recorded_at AS "recordedAt"
        FROM membership_events e JOIN units u ON u.id = e.unit_id
        LEFT JOIN units r ON r.id = e.related_unit_id
        LEFT JOIN users usr ON usr.id = e.recorded_by
        WHERE e.member_id = ${memberId}::uuid ORDER BY e.effective_on, e.id`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Search and lists

export interface MemberListQuery {
  rootId: string;
  date: string;
  /** The root's whole subtree, or the root unit alone. */
  within: 'subtree' | 'unit';
  status: MemberStatus | 'all';
  /** Folded text to find in names (diacritics removed, typos tolerated). */
  text?: string | undefined;
  /** Exact identifiers: a CCCD, a member code, a normalised phone number. */
  identifiers?: string[] | undefined;
  gender?: string | undefined;
  sector?: string | undefined;
  ethnicityCode?: string | undefined;
  partyMember?: boolean | undefined;
  /** Born after this date (exclusive) and on or before `bornUntil`. */
  bornAfter?: string | undefined;
  bornUntil?: string | undefined;
  offset: number;
  limit: number;
}

export interface MemberListRow {
  id: string;
  code: string;
  fullName: string;
  birthDate: string;
  gender: string;
  ethnicityCode: string;
  cccd: string | null;
  phone: string | null;
  partyMember: boolean;
  unionPosition: string | null;
  joinedOn: string;
  status: MemberStatus;
  units: { id: string; name: string; since: string; until: string }[];
}

/**
 * The people with a stay in the root's subtree on the date (active), or whose latest stay there ended by leaving
 * or by death on or before it; each stay judged where its unit stood on the date, or on the stay's last day.
 * Ordered by relevance when searching by name, then by Vietnamese name order; one page and the total.
 */
export async function listMembers(
  db: Database,
  q: MemberListQuery,
): Promise<{ total: number; rows: MemberListRow[] }> {
  const d = sql`${q.date}::date`;
  const at = sql`least(${d}, m.valid_to - 1)`;
  const openAtDate = sql`EXISTS (SELECT 1 FROM memberships o WHERE o.member_id = m.member_id AND o.valid_from <= ${d} AND o.valid_to > ${d})`;
  const diedByDate = sql`EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.member_id AND x.end_kind = 'death' AND x.valid_to <= ${d})`;
  const statusOf: Record<MemberStatus, SQL> = {
    active: sql`m.valid_to > ${d}`,
    left: sql`(m.valid_to <= ${d} AND m.end_kind = 'leave' AND NOT ${openAtDate} AND NOT ${diedByDate})`,
    deceased: sql`(m.valid_to <= ${d} AND m.end_kind = 'death')`,
  };
  const status =
    q.status === 'all'
      ? sql`(${statusOf.active} OR ${statusOf.left} OR ${statusOf.deceased})`
      : statusOf[q.status];
  const stayFilters: SQL[] = [
    sql`c.ancestor_id = ${q.rootId}::uuid`,
    sql`m.valid_from <= ${d}`,
    sql`c.valid_from <= ${at} AND c.valid_to > ${at}`,
    status,
  ];
  if (q.within === 'unit') stayFilters.push(sql`c.depth = 0`);
  if (q.sector) stayFilters.push(sql`u.sector = ${q.sector}`);

  const personFilters: SQL[] = [sql`TRUE`];
  let score = sql`0::float`;
  if (q.text) {
    const pattern = `%${q.text.replace(/[%_\\]/g, '')}%`;
    personFilters.push(
      sql`(p.search_text LIKE ${pattern} OR p.search_text % ${q.text} OR ${q.text} <% p.search_text)`,
    );
    score = sql`greatest(similarity(${q.text}, p.search_text), word_similarity(${q.text}, p.search_text),
                         CASE WHEN p.search_text LIKE ${pattern} THEN 1 ELSE 0 END)::float`;
  }
  if (q.identifiers?.length) {
    const list = sql`string_to_array(${q.identifiers.join(',')}, ',')`;
    personFilters.push(sql`(p.cccd = ANY(${list}) OR p.code = ANY(${list}) OR p.phone = ANY(${list}))`);
  }
  if (q.gender) personFilters.push(sql`p.gender = ${q.gender}`);
  if (q.ethnicityCode) personFilters.push(sql`p.ethnicity_code = ${q.ethnicityCode}`);
  if (q.partyMember !== undefined) personFilters.push(sql`p.party_member = ${q.partyMember}`);
  if (q.bornAfter) personFilters.push(sql`p.birth_date > ${q.bornAfter}::date`);
  if (q.bornUntil) personFilters.push(sql`p.birth_date <= ${q.bornUntil}::date`);

  const [result] = await queryRows<{ total: number; rows: MemberListRow[] | null }>(
    db,
    sql`WITH stays AS (
          SELECT m.member_id, m.unit_id, m.valid_from, m.valid_to,
                 CASE WHEN m.valid_to > ${d} THEN 'active' WHEN m.end_kind = 'death' THEN 'deceased' ELSE 'left' END AS status,
                 coalesce(n.name, u.name) AS unit_name
          FROM unit_closure c
          JOIN memberships m ON m.unit_id = c.descendant_id
          JOIN units u ON u.id = m.unit_id
          LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${at} AND n.valid_to > ${at}
          WHERE ${sql.join(stayFilters, sql` AND `)}
        ),
        people AS (
          SELECT member_id, min(status) AS status,
                 json_agg(json_build_object('id', unit_id, 'name', unit_name, 'since', valid_from, 'until', valid_to)
                          ORDER BY valid_from) AS units
          FROM stays GROUP BY member_id
        ),
        filtered AS (
          SELECT p.id, p.code, p.full_name AS "fullName", p.birth_date AS "birthDate", p.gender,
                 p.ethnicity_code AS "ethnicityCode", p.cccd, p.phone, p.party_member AS "partyMember",
                 p.union_position AS "unionPosition", p.joined_on AS "joinedOn", g.status, g.units,
                 ${score} AS score, p.sort_key
          FROM people g JOIN members p ON p.id = g.member_id
          WHERE ${sql.join(personFilters, sql` AND `)}
        ),
        page AS (
          SELECT f.*, row_number() OVER (ORDER BY f.score DESC, f.sort_key, f.id) AS rn
          FROM filtered f ORDER BY f.score DESC, f.sort_key, f.id
          LIMIT ${q.limit} OFFSET ${q.offset}
        )
        SELECT (SELECT count(*)::int FROM filtered) AS total,
               (SELECT json_agg(json_build_object(
                  'id', id, 'code', code, 'fullName', "fullName", 'birthDate', "birthDate", 'gender', gender,
                  'ethnicityCode', "ethnicityCode", 'cccd', cccd, 'phone', phone, 'partyMember', "partyMember",
                  'unionPosition', "unionPosition", 'joinedOn', "joinedOn", 'status', status, 'units', units)
                  ORDER BY rn) FROM page) AS rows`,
  );
  return { total: result?.total ?? 0, rows: result?.rows ?? [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Counts

export interface CountRow {
  dimension: 'total' | 'gender' | 'sector' | 'ethnicity' | 'age_band';
  key: string | null;
  memberships: number;
  persons: number;
}

/**
 * Members on a date in a unit or its whole subtree (the tree as it stood that day), derived from the stays:
 * memberships and distinct people, in total and by gender, sector, ethnicity and age band.
 */
export async function countMembers(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
  ageBands: readonly { key: string; from: number }[],
): Promise<CountRow[]> {
  const d = sql`${date}::date`;
  const bandCases = [...ageBands]
    .sort((a, b) => b.from - a.from)
    .map((b) => sql`WHEN age >= ${b.from}::int THEN ${b.key}::text`);
  const bands = bandCases.length ? sql`CASE ${sql.join(bandCases, sql` `)} END` : sql`NULL::text`;
  return queryRows<CountRow>(
    db,
    sql`WITH s AS (
          SELECT m.member_id, p.gender, coalesce(u.sector, 'other') AS sector, p.ethnicity_code AS ethnicity,
                 date_part('year', age(${d}, p.birth_date))::int AS age
          FROM unit_closure c
          JOIN memberships m ON m.unit_id = c.descendant_id AND m.valid_from <= ${d} AND m.valid_to > ${d}
          JOIN members p ON p.id = m.member_id
          JOIN units u ON u.id = m.unit_id
          WHERE c.ancestor_id = ${rootId}::uuid AND c.valid_from <= ${d} AND c.valid_to > ${d}
            ${within === 'unit' ? sql`AND c.depth = 0` : sql``}
        ), b AS (SELECT s.*, ${bands} AS age_band FROM s)
        SELECT CASE WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(sector) = 0 THEN 'sector'
                    WHEN GROUPING(ethnicity) = 0 THEN 'ethnicity' WHEN GROUPING(age_band) = 0 THEN 'age_band'
                    ELSE 'total' END AS dimension,
               coalesce(gender, sector, ethnicity, age_band) AS key,
               count(*)::int AS memberships, count(DISTINCT member_id)::int AS persons
        FROM b GROUP BY GROUPING SETS ((), (gender), (sector), (ethnicity), (age_band))`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Proposals

export async function insertProposals(db: Database, rows: NewProposalRow[]): Promise<ProposalRow[]> {
  if (rows.length === 0) return [];
  return db.insert(memberProposals).values(rows).returning();
}

export async function findProposals(db: Database, ids: readonly string[]): Promise<ProposalRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(memberProposals)
    .where(inArray(memberProposals.id, [...ids]));
}

export async function updateProposal(
  db: Database,
  id: string,
  values: Partial<NewProposalRow>,
): Promise<void> {
  await db
    .update(memberProposals)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberProposals.id, id));
}

export interface ProposalListRow extends ProposalRow {
  unitName: string;
  approvingUnitName: string;
  memberCode: string | null;
}

/** Proposals from units under `rootId` (judged on each proposal's date), newest first. */
export async function listProposals(
  db: Database,
  rootId: string,
  filter: { status?: string | undefined; offset: number; limit: number },
): Promise<{ total: number; rows: ProposalListRow[] }> {
  const where = and(
    sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.ancestor_id = ${rootId}::uuid AND c.descendant_id = ${memberProposals.unitId}
               AND c.valid_from <= ${memberProposals.proposedOn} AND c.valid_to > ${memberProposals.proposedOn})`,
    filter.status ? eq(memberProposals.status, filter.status) : undefined,
  );
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberProposals)
    .where(where);
  const rows = await db
    .select({
      proposal: memberProposals,
      unitName: sql<string>`(SELECT name FROM units WHERE id = ${memberProposals.unitId})`,
      approvingUnitName: sql<string>`(SELECT name FROM units WHERE id = ${memberProposals.approvingUnitId})`,
      memberCode: sql<string | null>`(SELECT code FROM members WHERE id = ${memberProposals.memberId})`,
    })
    .from(memberProposals)
    .where(where)
    .orderBy(sql`${memberProposals.updatedAt} DESC`, asc(memberProposals.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return {
    total: count?.n ?? 0,
    rows: rows.map((r) => ({
      ...r.proposal,
      unitName: r.unitName,
      approvingUnitName: r.approvingUnitName,
      memberCode: r.memberCode,
    })),
  };
}
