/**
 * Every SQL statement of the member registry. Functions take a database or transaction handle. Reads of the
 * organisation's tables (units, unit_types, unit_names, unit_closure) answer "where was this unit on that date".
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
import { ethnicities, memberProposals, memberships, membershipEvents, members } from './tables';
import { yearsBefore, type MemberStatus } from './model';

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

/**
 * Writes a correction only if the row is still at `version` (what the person editing loaded), moving it to the next
 * version; answers the new version, or null when someone changed the row meanwhile (nothing written).
 */
export async function updateMember(
  db: Database,
  id: string,
  version: number,
  values: Partial<NewMemberRow>,
): Promise<number | null> {
  const [row] = await db
    .update(members)
    .set({ ...values, version: sql`${members.version} + 1`, updatedAt: new Date() })
    .where(and(eq(members.id, id), eq(members.version, version)))
    .returning({ version: members.version });
  return row?.version ?? null;
}

/**
 * Takes the people's rows for the rest of the transaction, in one order (two transactions touching the same people
 * wait for each other instead of deadlocking): whatever changes a person's history or record reads it after this.
 * Answers the ids found.
 */
export async function lockMembers(db: Database, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM members WHERE id = ANY(${uuidArray(ids)}) ORDER BY id FOR UPDATE`,
  );
  return rows.map((r) => r.id);
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
    UPDATE members p SET federation_id = v.federation_id, version = p.version + 1, updated_at = now()
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
 * Whether the person belongs to a unit under `rootId` now: a unit holding one of their stays open today (or, for
 * someone who has left, their last stay), judged where that unit stands today (a unit that has ended, on its last
 * day). The unit a member left keeps the history line of the stay, not the record.
 */
export async function memberBelongsUnder(
  db: Database,
  rootId: string,
  memberId: string,
  today: string,
): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`WITH s AS (
          SELECT unit_id, valid_to FROM memberships WHERE member_id = ${memberId}::uuid AND valid_from <= ${today}::date),
        now_units AS (
          SELECT unit_id FROM s WHERE valid_to > ${today}::date
          UNION ALL
          SELECT unit_id FROM s WHERE NOT EXISTS (SELECT 1 FROM s WHERE valid_to > ${today}::date)
            AND valid_to = (SELECT max(valid_to) FROM s))
        SELECT 1 AS one FROM now_units n JOIN units u ON u.id = n.unit_id
        JOIN unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = ${rootId}::uuid
          AND c.valid_from <= least(${today}::date, u.ended_on - 1) AND c.valid_to > least(${today}::date, u.ended_on - 1)
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
  /** The proposal an admission was approved on (none for a list registered directly or an earlier system's). */
  proposal: {
    proposedOn: string;
    round: number;
    approvingUnitName: string;
    decidedByName: string | null;
    decidedAt: string | null;
  } | null;
}

export async function historyEvents(db: Database, memberId: string): Promise<HistoryEvent[]> {
  return queryRows<HistoryEvent>(
    db,
    sql`SELECT e.id::int AS id, e.kind, e.unit_id AS "unitId", u.name AS "unitName", r.name AS "relatedUnitName",
               e.effective_on::text AS "effectiveOn", e.reason, e.decision_no AS "decisionNo", e.note,
               usr.full_name AS "recordedByName", e.recorded_at AS "recordedAt",
               CASE WHEN q.id IS NOT NULL THEN json_build_object(
                 'proposedOn', q.proposed_on, 'round', q.round, 'approvingUnitName', a.name,
                 'decidedByName', dec.full_name, 'decidedAt', q.decided_at) END AS proposal
        FROM membership_events e JOIN units u ON u.id = e.unit_id
        LEFT JOIN units r ON r.id = e.related_unit_id
        LEFT JOIN users usr ON usr.id = e.recorded_by
        LEFT JOIN member_proposals q ON q.id = e.proposal_id
        LEFT JOIN units a ON a.id = q.approving_unit_id
        LEFT JOIN users dec ON dec.id = q.decided_by
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
  /** Match the identifiers against member codes only (for someone who may not see CCCD and phone). */
  codesOnly?: boolean | undefined;
  gender?: string | undefined;
  sector?: string | undefined;
  ethnicityCode?: string | undefined;
  partyMember?: boolean | undefined;
  /** Born after this date (exclusive) and on or before `bornUntil`. */
  bornAfter?: string | undefined;
  bornUntil?: string | undefined;
  offset: number;
  limit: number;
  /**
   * The number of people the list holds when the caller knows it (the whole scope, active on the date, no other
   * filter: the counts kept as tallies give it at once), so that the list does not count a province's stays again.
   */
  scopeTotal?: number | undefined;
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

/** Words of a folded name, each matched whole by the words index (members_search_words). */
const nameWords = sql.raw(`string_to_array(p.search_text, ' ')`);
const textArray = (values: readonly string[]): SQL => sql`string_to_array(${values.join(',')}, ',')`;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Every folded word one slip of the finger away from `word` (Damerau–Levenshtein distance 1: a letter left out,
 * doubled, replaced, or two neighbours swapped): "hugn" → "hung", "thj" → "thi", "tan" → "tran". Looked up in the
 * words index, they make typo-tolerant search an index search instead of a scan.
 */
export function typoVariants(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i += 1) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) {
      out.add(head + letter + tail);
      if (tail) out.add(head + letter + tail.slice(1));
    }
  }
  out.delete(word);
  out.delete('');
  return [...out];
}

/**
 * A stay "in scope" (alias m, closure alias c, unit alias u): begun by the date, in a unit under the root where that
 * unit stood on the date (or on the stay's last day when it ended earlier), with the status asked for.
 */
function stayScope(q: MemberListQuery): SQL {
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
  // An active stay is judged on the date itself, which keeps the closure condition a plain index range.
  const judged = q.status === 'active' ? d : at;
  return sql.join(
    [
      sql`c.descendant_id = m.unit_id`,
      sql`c.ancestor_id = ${q.rootId}::uuid`,
      sql`m.valid_from <= ${d}`,
      sql`c.valid_from <= ${judged} AND c.valid_to > ${judged}`,
      status,
      ...(q.within === 'unit' ? [sql`c.depth = 0`] : []),
      ...(q.sector ? [sql`u.sector = ${q.sector}`] : []),
    ],
    sql` AND `,
  );
}

/** The person's own filters (gender, ethnicity, party, birth range), on members alias p. */
function personFilters(q: MemberListQuery): SQL[] {
  const filters: SQL[] = [];
  if (q.gender) filters.push(sql`p.gender = ${q.gender}`);
  if (q.ethnicityCode) filters.push(sql`p.ethnicity_code = ${q.ethnicityCode}`);
  if (q.partyMember !== undefined) filters.push(sql`p.party_member = ${q.partyMember}`);
  if (q.bornAfter) filters.push(sql`p.birth_date > ${q.bornAfter}::date`);
  if (q.bornUntil) filters.push(sql`p.birth_date <= ${q.bornUntil}::date`);
  return filters;
}

/** Whether person p has a stay in scope. */
function inScope(q: MemberListQuery, probeEach = false): SQL {
  // OFFSET 0 keeps the planner from turning the check into a join over every stay in scope (a province's hundreds of
  // thousands), which it does when it overestimates the people a name matches: each person is probed by index.
  return sql`EXISTS (SELECT 1 FROM memberships m JOIN unit_closure c ON c.descendant_id = m.unit_id
                     ${q.sector ? sql`JOIN units u ON u.id = m.unit_id` : sql``}
                     WHERE m.member_id = p.id AND ${stayScope(q)} ${probeEach ? sql`OFFSET 0` : sql``})`;
}

/** The page as JSON, each person with their status and the stays that put them in the list, in `order`. */
function pageJson(q: MemberListQuery, page: SQL, order: SQL): SQL {
  const d = sql`${q.date}::date`;
  return sql`SELECT json_agg(json_build_object(
                'id', p.id, 'code', p.code, 'fullName', p.full_name, 'birthDate', p.birth_date, 'gender', p.gender,
                'ethnicityCode', p.ethnicity_code, 'cccd', p.cccd, 'phone', p.phone, 'partyMember', p.party_member,
                'unionPosition', p.union_position, 'joinedOn', p.joined_on, 'status', s.status, 'units', s.units)
                ORDER BY ${order})
             FROM (${page}) pg JOIN members p ON p.id = pg.id
             CROSS JOIN LATERAL (
               SELECT min(CASE WHEN m.valid_to > ${d} THEN 'active' WHEN m.end_kind = 'death' THEN 'deceased' ELSE 'left' END) AS status,
                      json_agg(json_build_object('id', m.unit_id, 'name', coalesce(n.name, u.name),
                                                 'since', m.valid_from, 'until', m.valid_to) ORDER BY m.valid_from) AS units
               FROM memberships m JOIN unit_closure c ON c.descendant_id = m.unit_id JOIN units u ON u.id = m.unit_id
               LEFT JOIN unit_names n ON n.unit_id = u.id
                 AND n.valid_from <= least(${d}, m.valid_to - 1) AND n.valid_to > least(${d}, m.valid_to - 1)
               WHERE m.member_id = pg.id AND ${stayScope(q)}
             ) s`;
}

type ListResult = { total: number; rows: MemberListRow[] };

/**
 * Person first: the people matching `match` (names through the words index, identifiers through their unique
 * indexes), kept when they have a stay in scope, counted, and one page by relevance then Vietnamese name order.
 */
async function listMatching(
  db: Database,
  q: MemberListQuery,
  match: SQL,
  score: SQL,
  selective: boolean,
): Promise<ListResult> {
  const where = sql.join([match, ...personFilters(q), inScope(q, selective)], sql` AND `);
  const [result] = await queryRows<{ total: number; rows: MemberListRow[] | null }>(
    db,
    sql`WITH cand AS MATERIALIZED (
          SELECT p.id, p.sort_key, ${score} AS score FROM members p WHERE ${where}
        )
        SELECT (SELECT count(*)::int FROM cand) AS total,
               (${pageJson(
                 q,
                 sql`SELECT id, score, sort_key FROM cand ORDER BY score DESC, sort_key, id LIMIT ${q.limit} OFFSET ${q.offset}`,
                 sql`pg.score DESC, pg.sort_key, pg.id`,
               )}) AS rows`,
  );
  return { total: result?.total ?? 0, rows: result?.rows ?? [] };
}

/** Big lists are paged by walking the name-order index while the first pages are asked for; the rest are sorted. */
const WALK_FROM_TOTAL = 5000;
const WALK_UNTIL_ROW = 1000;

/**
 * Scope first, for a list without a name or an identifier: the people with a stay in scope are counted from the
 * stays (the units of the subtree, then their stays), and the page is read in Vietnamese name order.
 */
async function listScope(db: Database, q: MemberListQuery): Promise<ListResult> {
  const filters = personFilters(q);
  const scope = sql`SELECT DISTINCT m.member_id FROM unit_closure c JOIN memberships m ON m.unit_id = c.descendant_id
                    ${q.sector ? sql`JOIN units u ON u.id = m.unit_id` : sql``}
                    WHERE ${stayScope(q)}`;
  const known = filters.length === 0 && !q.sector && q.status === 'active' ? q.scopeTotal : undefined;
  const [count] =
    known !== undefined
      ? [{ total: known }]
      : await queryRows<{ total: number }>(
          db,
          filters.length
            ? sql`SELECT count(*)::int AS total FROM (${scope}) s JOIN members p ON p.id = s.member_id
                  WHERE ${sql.join(filters, sql` AND `)}`
            : sql`SELECT count(*)::int AS total FROM (${scope}) s`,
        );
  const total = count?.total ?? 0;
  if (total === 0 || q.offset >= total) return { total, rows: [] };
  // A big list's first pages: the name-order index read from the start, each person checked, until the page is full.
  // Otherwise: the people in scope sorted.
  const walk = total >= WALK_FROM_TOTAL && q.offset + q.limit <= WALK_UNTIL_ROW;
  const page = walk
    ? sql`SELECT p.id, p.sort_key FROM members p WHERE ${sql.join([...filters, inScope(q)], sql` AND `)}
          ORDER BY p.sort_key, p.id LIMIT ${q.limit} OFFSET ${q.offset}`
    : sql`SELECT p.id, p.sort_key FROM (${scope}) s JOIN members p ON p.id = s.member_id
          ${filters.length ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``}
          ORDER BY p.sort_key, p.id LIMIT ${q.limit} OFFSET ${q.offset}`;
  const [result] = await queryRows<{ rows: MemberListRow[] | null }>(
    db,
    sql`SELECT (${pageJson(q, page, sql`pg.sort_key, pg.id`)}) AS rows`,
  );
  return { total, rows: result?.rows ?? [] };
}

/**
 * The people with a stay in the root's subtree on the date (active), or whose latest stay there ended by leaving
 * or by death on or before it; each stay judged where its unit stood on the date, or on the stay's last day.
 * Ordered by relevance when searching by name, then by Vietnamese name order; one page and the total.
 *
 * A name is searched word by word (every word of the query a whole word of the name, in any order, or the query
 * the beginning of the name); when nothing matches, one typo per word is forgiven (typoVariants). Both are look-ups
 * in the words index, so a search costs the people it finds, not the size of the registry.
 */
export async function listMembers(db: Database, q: MemberListQuery): Promise<ListResult> {
  return withPlannerSettings(db, async (tx) => {
    const identifiers = !q.identifiers?.length
      ? null
      : q.codesOnly
        ? sql`(p.code = ANY(${textArray(q.identifiers)}))`
        : sql`(p.cccd = ANY(${textArray(q.identifiers)}) OR p.code = ANY(${textArray(q.identifiers)}) OR p.phone = ANY(${textArray(q.identifiers)}))`;
    const words = (q.text ?? '').split(' ').filter(Boolean).slice(0, 6);
    if (words.length === 0)
      return identifiers ? listMatching(tx, q, identifiers, sql`0::float`, true) : listScope(tx, q);

    const text = words.join(' ');
    const score = sql`greatest(similarity(${text}, p.search_text), word_similarity(${text}, p.search_text))::float`;
    const prefix = `${text.replace(/[%_\\]/g, '')}%`;
    const both = (match: SQL) => (identifiers ? sql`${match} AND ${identifiers}` : match);
    // A full name (three words and more) matches a few thousand people in the whole country at most: each is
    // checked by index. One or two words ("nguyen", "thi thuy") may match a good part of it: the planner decides.
    const selective = identifiers !== null || words.length >= 3;
    const exact = await listMatching(
      tx,
      q,
      both(sql`(${hasWords(words)} OR p.search_text LIKE ${prefix})`),
      score,
      selective,
    );
    if (exact.total > 0 || !words.every((w) => /^[a-z]+$/.test(w))) return exact;
    // Nothing as typed: every word may carry one typo, the others as typed. A variant that is one of the other
    // words ("duong thi duogn") counts only as one more of that word, not as the same one again.
    const forgiving = words.map((word, i) => {
      const others = words.filter((_, j) => j !== i);
      const variants = typoVariants(word);
      const taken = timesEach(others);
      const elsewhere = variants.filter((v) => !taken.has(v));
      const again = variants.filter((v) => taken.has(v)).map((v) => sql`${wordCount(v)} > ${taken.get(v)!}`);
      const typo = again.length
        ? sql`(${sql.join([sql`${nameWords} && ${textArray(elsewhere)}`, ...again], sql` OR `)})`
        : sql`${nameWords} && ${textArray(elsewhere)}`;
      return others.length ? sql`(${hasWords(others)} AND ${typo})` : typo;
    });
    return listMatching(tx, q, both(sql`(${sql.join(forgiving, sql` OR `)})`), score, selective);
  });
}

/** How often each word is in a list. */
function timesEach(words: readonly string[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const w of words) times.set(w, (times.get(w) ?? 0) + 1);
  return times;
}

/** How often `word` is a word of the name. */
const wordCount = (word: string) => sql`cardinality(array_positions(${nameWords}, ${word}::text))`;

/**
 * Every word a word of the name (through the words index), a word typed twice there twice: "duong thi duong" finds
 * Dương Thị Dương, not everyone called Dương Thị something (an array's @> ignores repeats).
 */
function hasWords(words: readonly string[]): SQL {
  const contains = sql`${nameWords} @> ${textArray(words)}`;
  const repeated = [...timesEach(words)].filter(([, n]) => n > 1);
  if (repeated.length === 0) return contains;
  return sql`(${sql.join([contains, ...repeated.map(([w, n]) => sql`${wordCount(w)} >= ${n}`)], sql` AND `)})`;
}

/**
 * Runs a registry read with planner settings for big aggregates: no JIT compilation (its set-up costs more than these
 * queries save) and enough memory to hash a province's people without spilling. SET LOCAL needs a transaction; inside
 * the caller's transaction it becomes a savepoint, and the settings end with it.
 */
async function withPlannerSettings<T>(db: Database, read: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    return read(tx);
  });
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
 *
 * One pass: the stays open that day are read from the units of the subtree (index-only on
 * memberships_unit_member_idx) and grouped per person, so that each person's facts are read once and no DISTINCT
 * sort is needed; age bands compare birth dates with the bands' cut-off dates. A person with stays in two sectors
 * (rare: two organisations) is counted in each, by a second look at those people only.
 *
 * The registry counts from the tallies (services/tallies.ts); this reading of every stay is what they must agree
 * with (history.test.ts compares the two on every unit and date).
 */
export async function countMembersFromStays(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
  ageBands: readonly { key: string; from: number }[],
): Promise<CountRow[]> {
  const d = sql`${date}::date`;
  const bandCases = [...ageBands]
    .sort((a, b) => b.from - a.from)
    .map((b) => sql`WHEN p.birth_date <= ${yearsBefore(date, b.from)}::date THEN ${b.key}::text`);
  const bands = bandCases.length ? sql`CASE ${sql.join(bandCases, sql` `)} END` : sql`NULL::text`;
  const stays = sql`FROM unit_closure c
            JOIN memberships m ON m.unit_id = c.descendant_id AND m.valid_from <= ${d} AND m.valid_to > ${d}
            JOIN units u ON u.id = m.unit_id
            WHERE c.ancestor_id = ${rootId}::uuid AND c.valid_from <= ${d} AND c.valid_to > ${d}
              ${within === 'unit' ? sql`AND c.depth = 0` : sql``}`;
  return withPlannerSettings(db, async (tx) => {
    const grouped = await queryRows<{
      dimension: CountRow['dimension'];
      key: string | null;
      memberships: number;
      persons: number;
      singleMemberships: number;
      singlePersons: number;
      twoSectors: string[] | null;
    }>(
      tx,
      sql`SELECT CASE WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(ethnicity) = 0 THEN 'ethnicity'
                      WHEN GROUPING(age_band) = 0 THEN 'age_band' WHEN GROUPING(sector) = 0 THEN 'sector'
                      ELSE 'total' END AS dimension,
                 coalesce(gender, ethnicity, age_band, sector) AS key,
                 sum(n)::int AS memberships, count(*)::int AS persons,
                 coalesce(sum(n) FILTER (WHERE sector = last_sector), 0)::int AS "singleMemberships",
                 count(*) FILTER (WHERE sector = last_sector)::int AS "singlePersons",
                 array_agg(member_id::text) FILTER (WHERE sector <> last_sector) AS "twoSectors"
          FROM (
            SELECT pp.member_id, pp.n, pp.sector, pp.last_sector, p.gender, p.ethnicity_code AS ethnicity,
                   ${bands} AS age_band
            FROM (
              SELECT m.member_id, count(*)::int AS n, min(coalesce(u.sector, 'other')) AS sector,
                     max(coalesce(u.sector, 'other')) AS last_sector
              ${stays}
              GROUP BY m.member_id
            ) pp JOIN members p ON p.id = pp.member_id
          ) f
          GROUP BY GROUPING SETS ((), (gender), (ethnicity), (age_band), (sector))`,
    );
    const rows: CountRow[] = grouped
      .filter((r) => r.dimension !== 'sector')
      .map(({ dimension, key, memberships, persons }) => ({ dimension, key, memberships, persons }));
    const sectors = new Map<string, CountRow>();
    for (const r of grouped.filter((g) => g.dimension === 'sector' && g.singlePersons > 0))
      sectors.set(r.key ?? '', {
        dimension: 'sector',
        key: r.key,
        memberships: r.singleMemberships,
        persons: r.singlePersons,
      });
    const twoSectors = grouped.find((r) => r.dimension === 'total')?.twoSectors ?? [];
    if (twoSectors.length) {
      const split = await queryRows<{ key: string; memberships: number; persons: number }>(
        tx,
        sql`SELECT coalesce(u.sector, 'other') AS key, count(*)::int AS memberships,
                   count(DISTINCT m.member_id)::int AS persons
            ${stays} AND m.member_id = ANY(${uuidArray(twoSectors)})
            GROUP BY 1`,
      );
      for (const r of split) {
        const row = sectors.get(r.key) ?? {
          dimension: 'sector' as const,
          key: r.key,
          memberships: 0,
          persons: 0,
        };
        sectors.set(r.key, {
          ...row,
          memberships: row.memberships + r.memberships,
          persons: row.persons + r.persons,
        });
      }
    }
    return [...rows, ...sectors.values()];
  });
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

/**
 * Claims proposals still waiting for a decision, for the rest of the transaction: a decision made meanwhile by
 * someone else holds the row until it ends, after which the row no longer qualifies. Answers the rows claimed, as
 * they stand now.
 */
export async function claimPendingProposals(db: Database, ids: readonly string[]): Promise<ProposalRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(memberProposals)
    .where(and(inArray(memberProposals.id, [...ids]), eq(memberProposals.status, 'proposed')))
    .orderBy(asc(memberProposals.id))
    .for('update');
}

export async function updateProposal(
  db: Database,
  id: string,
  values: Partial<NewProposalRow>,
): Promise<void> {
  await db
    .update(memberProposals)
    .set({ ...values, version: sql`${memberProposals.version} + 1`, updatedAt: new Date() })
    .where(eq(memberProposals.id, id));
}

/**
 * Writes a change to a proposal only if its status is still `status` (what the caller read): a decision or a
 * withdrawal made meanwhile by someone else wins, and this change writes nothing. Answers whether it was written.
 */
/**
 * Writes a proposal only if its status (and, when given, its version) is still the one read; raises its version.
 * Answers whether it was written.
 */
export async function updateProposalIfStatus(
  db: Database,
  id: string,
  status: string,
  values: Partial<NewProposalRow>,
  version?: number,
): Promise<boolean> {
  const rows = await db
    .update(memberProposals)
    .set({ ...values, version: sql`${memberProposals.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(memberProposals.id, id),
        eq(memberProposals.status, status),
        version === undefined ? undefined : eq(memberProposals.version, version),
      ),
    )
    .returning({ id: memberProposals.id });
  return rows.length > 0;
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
