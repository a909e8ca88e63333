/** The member list: people in a unit or its subtree on a date, filtered, found by name or identifier, a page at a time. */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows, textArray, withPlannerSettings } from '../../platform/db';
import type { MemberStatus } from './model';
import type { Person } from './person';
import {
  digitsUpperBound,
  typoAlternatives,
  wordsCondition,
  type NameSearch,
  type WordsCondition,
} from './search';

export interface MemberListQuery {
  rootId: string;
  date: string;
  /** The root's whole subtree, or the root unit alone. */
  within: 'subtree' | 'unit';
  status: MemberStatus | 'all';
  /** A name to find (search.parseSearch): its folded words, typos tolerated. */
  name?: NameSearch | undefined;
  /** Identifiers: a CCCD, a member code, a normalised phone number, whole or their first digits (6 and more). */
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
   * The number of people the list holds when the caller knows it (active on the date, the whole scope or one
   * gender, ethnic group or age range: the counts kept as tallies give it at once), so that the list does not count
   * a province's stays again.
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

/**
 * A stay "in scope" (alias m, closure alias c, unit alias u): begun by the date, in a unit under the root where that
 * unit stood on the date (or on the stay's last day when it ended earlier), with the status asked for.
 */
function stayScope(q: MemberListQuery): SQL {
  return sql`${stayOwn(q)} AND ${closureCovers(q)}`;
}

/** The stay's own part of `stayScope` (alias m, unit alias u): begun by the date, with the status asked for. */
function stayOwn(q: MemberListQuery): SQL {
  const d = sql`${q.date}::date`;
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
  return sql.join(
    [sql`m.valid_from <= ${d}`, status, ...(q.sector ? [sql`u.sector = ${q.sector}`] : [])],
    sql` AND `,
  );
}

/** The closure's part of `stayScope` (alias c): the stay's unit lies under the root on the day it is judged. */
function closureCovers(q: MemberListQuery): SQL {
  const d = sql`${q.date}::date`;
  // An active stay is judged on the date itself, which keeps the closure condition a plain index range.
  const judged = q.status === 'active' ? d : sql`least(${d}, m.valid_to - 1)`;
  return sql.join(
    [
      sql`c.descendant_id = m.unit_id`,
      sql`c.ancestor_id = ${q.rootId}::uuid`,
      sql`c.valid_from <= ${judged} AND c.valid_to > ${judged}`,
      ...(q.within === 'unit' ? [sql`c.depth = 0`] : []),
    ],
    sql` AND `,
  );
}

/**
 * The status and the stays in scope of person `personId` (alias m, u, n inside), as a LATERAL's body. The stays are
 * read by person and each checked against the closure by its key (OFFSET 0 keeps the check a probe): read from the
 * closure first, a province's thousands of units were scanned again for every person of the list.
 */
function personStays(q: MemberListQuery, personId: SQL): SQL {
  const d = sql`${q.date}::date`;
  return sql`SELECT min(CASE WHEN m.valid_to > ${d} THEN 'active' WHEN m.end_kind = 'death' THEN 'deceased' ELSE 'left' END) AS status,
                    json_agg(json_build_object('id', m.unit_id, 'name', coalesce(n.name, u.name),
                                               'since', m.valid_from, 'until', m.valid_to) ORDER BY m.valid_from) AS units
             FROM memberships m JOIN units u ON u.id = m.unit_id
             LEFT JOIN unit_names n ON n.unit_id = u.id
               AND n.valid_from <= least(${d}, m.valid_to - 1) AND n.valid_to > least(${d}, m.valid_to - 1)
             WHERE m.member_id = ${personId} AND ${stayOwn(q)}
               AND EXISTS (SELECT 1 FROM unit_closure c WHERE ${closureCovers(q)} OFFSET 0)`;
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
  return sql`SELECT json_agg(json_build_object(
                'id', p.id, 'code', p.code, 'fullName', p.full_name, 'birthDate', p.birth_date, 'gender', p.gender,
                'ethnicityCode', p.ethnicity_code, 'cccd', p.cccd, 'phone', p.phone, 'partyMember', p.party_member,
                'unionPosition', p.union_position, 'joinedOn', p.joined_on, 'status', s.status, 'units', s.units)
                ORDER BY ${order})
             FROM (${page}) pg JOIN members p ON p.id = pg.id
             CROSS JOIN LATERAL (${personStays(q, sql`pg.id`)}) s`;
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

/**
 * Big lists are paged by walking the name-order index, each person checked, while that checks fewer people than
 * WALK_MAX_CHECKS (the page's last row times the registry's size over the list's: a province holding most of the
 * registry walks to page 1.000 and beyond); the first pages always, the rest of a sparse list is sorted.
 */
const WALK_FROM_TOTAL = 5000;
const WALK_UNTIL_ROW = 1000;
const WALK_MAX_CHECKS = 60_000;

/** The planner's estimate of the people in the registry (0 before the table was first analysed). */
async function registryEstimate(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'members'::regclass`,
  );
  return row?.n ?? 0;
}

/**
 * Scope first, for a list without a name or an identifier: the people with a stay in scope are counted from the
 * stays (the units of the subtree, then their stays), and the page is read in Vietnamese name order.
 */
async function listScope(db: Database, q: MemberListQuery): Promise<ListResult> {
  const filters = personFilters(q);
  const scope = sql`SELECT DISTINCT m.member_id FROM unit_closure c JOIN memberships m ON m.unit_id = c.descendant_id
                    ${q.sector ? sql`JOIN units u ON u.id = m.unit_id` : sql``}
                    WHERE ${stayScope(q)}`;
  const known = q.status === 'active' && !q.sector ? q.scopeTotal : undefined;
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
  // A big list's pages near its start (for a list holding most of the registry, the first few thousand pages): the
  // name-order index read from the start, each person checked, until the page is full. Otherwise: the people in scope
  // sorted.
  const last = q.offset + q.limit;
  const walk =
    total >= WALK_FROM_TOTAL &&
    (last <= WALK_UNTIL_ROW ||
      (await registryEstimate(db).then(
        (n) => n > 0 && (last * Math.max(n, total)) / total <= WALK_MAX_CHECKS,
      )));
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

/** Whether a code column begins with one of the identifiers: exact or by its first digits, through its btree. */
function beginsWith(column: SQL, identifiers: readonly string[]): SQL {
  return sql`(${sql.join(
    identifiers.map((id) => {
      const next = digitsUpperBound(id);
      return next === null ? sql`${column} >= ${id}` : sql`(${column} >= ${id} AND ${column} < ${next})`;
    }),
    sql` OR `,
  )})`;
}

/** People whose member code (and, unless codesOnly, CCCD or phone) is or begins with one of the identifiers. */
function identifierMatch(q: MemberListQuery, identifiers: string[]): { match: SQL; score: SQL } {
  const columns = q.codesOnly ? [sql`p.code`] : [sql`p.code`, sql`p.cccd`, sql`p.phone`];
  const exact = sql.join(
    columns.map((c) => sql`${c} = ANY(${textArray(identifiers)})`),
    sql` OR `,
  );
  return {
    match: sql`(${sql.join(
      columns.map((c) => beginsWith(c, identifiers)),
      sql` OR `,
    )})`,
    // The identifier itself first, then the ones it begins.
    score: sql`(CASE WHEN ${exact} THEN 1 ELSE 0 END)::float`,
  };
}

/**
 * The people with a stay in the root's subtree on the date (active), or whose latest stay there ended by leaving
 * or by death on or before it; each stay judged where its unit stood on the date, or on the stay's last day.
 * Ordered by relevance when searching (the full name exactly as typed first, then folded, then by similarity; a
 * whole identifier before the ones it begins), then by Vietnamese name order; one page and the total.
 *
 * A name is searched word by word (every word of the query a whole word of the name, in any order, or the query
 * the beginning of the name); when nothing matches, one typo per word is forgiven (search.typoAlternatives). Both
 * are look-ups in the words index, so a search costs the people it finds, not the size of the registry.
 */
export async function listMembers(db: Database, q: MemberListQuery): Promise<ListResult> {
  // The first pages of a big list whose total the caller knows: one short walk of the name order, no aggregate to
  // plan for, so no transaction for the planner settings (three round trips fewer for every officer opening it).
  const knownWalk =
    !q.name &&
    !q.identifiers?.length &&
    q.status === 'active' &&
    !q.sector &&
    q.scopeTotal !== undefined &&
    q.scopeTotal >= WALK_FROM_TOTAL &&
    q.offset + q.limit <= WALK_UNTIL_ROW;
  if (knownWalk) return listScope(db, q);
  return withPlannerSettings(db, async (tx) => {
    const ids = q.identifiers?.length ? identifierMatch(q, q.identifiers) : null;
    const name = q.name;
    if (!name) return ids ? listMatching(tx, q, ids.match, ids.score, true) : listScope(tx, q);

    const score = sql`(CASE WHEN p.full_name = ANY(${textArray(name.typed)}) THEN 2 WHEN p.search_text = ${name.text} THEN 1 ELSE 0 END
                       + greatest(similarity(${name.text}, p.search_text), word_similarity(${name.text}, p.search_text)))::float`;
    const both = (match: SQL) => (ids ? sql`${match} AND ${ids.match}` : match);
    // A full name (three words and more) matches a few thousand people in the whole country at most: each is
    // checked by index. One or two words ("nguyen", "thi thuy") may match a good part of it: the planner decides.
    const selective = ids !== null || name.words.length >= 3;
    const exact = await listMatching(
      tx,
      q,
      both(sql`(${hasWords(wordsCondition(name.words))} OR p.search_text LIKE ${name.prefix})`),
      score,
      selective,
    );
    if (exact.total > 0 || !name.typoTolerant) return exact;
    // Nothing as typed: every word may carry one typo, the others as typed.
    const forgiving = typoAlternatives(name.words).map((alt) => {
      const typo = sql`(${sql.join(
        [
          sql`${nameWords} && ${textArray(alt.elsewhere)}`,
          ...alt.again.map(([word, moreThan]) => sql`${wordCount(word)} > ${moreThan}`),
        ],
        sql` OR `,
      )})`;
      return alt.others ? sql`(${hasWords(alt.others)} AND ${typo})` : typo;
    });
    return listMatching(tx, q, both(sql`(${sql.join(forgiving, sql` OR `)})`), score, selective);
  });
}

/** How often `word` is a word of the name. */
const wordCount = (word: string) => sql`cardinality(array_positions(${nameWords}, ${word}::text))`;

/** Every word a word of the name (through the words index), a word typed twice there twice. */
function hasWords(words: WordsCondition): SQL {
  const contains = sql`${nameWords} @> ${textArray(words.all)}`;
  if (words.repeated.length === 0) return contains;
  return sql`(${sql.join([contains, ...words.repeated.map(([w, n]) => sql`${wordCount(w)} >= ${n}`)], sql` AND `)})`;
}

/** One person of an export: who, with their status and the stays that put them in the list. */
export type ExportedListRow = Pick<MemberListRow, 'id' | 'status'> & {
  units: { id: string; name: string }[];
};

/** A person of a whole list's export: the record's fields the file shows, with the status and the stays in scope. */
export type ExportedScopeRow = ExportedListRow &
  Omit<Person, 'sortKey' | 'searchText' | 'gender'> & { code: string; gender: string; version: number };

/**
 * Every person of a list without a name or an identifier, in Vietnamese name order, `batch` at a time through a
 * cursor in the caller's transaction: one plan for the whole list, read as the file is written (an export of a
 * province streams instead of paging through it). A searched list is paged by listMembers: it is small.
 *
 * Each row carries the person's record as well as their status and stays, so that the stays in scope are read once:
 * every stay in scope (its unit under the root on the day it is judged, a semi-join against the root's closure rows)
 * grouped by person, then the people's records joined by key. Judging each person's stays by a probe of the closure
 * (listMembers' LATERAL, right for a page of 20) read the province's stays twice and probed the closure 1,1 million
 * times for an export of a province.
 */
export async function* scopeInBatches(
  tx: Database,
  q: Omit<MemberListQuery, 'offset' | 'limit' | 'name' | 'identifiers'>,
  batch: number,
): AsyncGenerator<ExportedScopeRow[]> {
  const full = { ...q, offset: 0, limit: 0 };
  const filters = personFilters(full);
  const d = sql`${q.date}::date`;
  const cursor = `member_export_${Math.random().toString(36).slice(2, 10)}`;
  // The whole list is read: plan for all of it, not for the first rows (a cursor's default). Planned for a fast start
  // the province's 48.661 people took 167 s on PGlite (one probe of the scope per person), 2,4 s planned whole. The
  // grouping and the name order of a province fit in memory; no JIT for a plan run once.
  await tx.execute(
    sql`SELECT set_config('cursor_tuple_fraction', '1', true), set_config('jit', 'off', true),
               set_config('work_mem', '64MB', true)`,
  );
  await tx.execute(
    sql`DECLARE ${sql.identifier(cursor)} NO SCROLL CURSOR FOR
        SELECT p.id, p.code, p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.gender,
               p.ethnicity_code AS "ethnicityCode", p.religion, p.cccd, p.phone, p.email, p.education, p.occupation,
               p.union_position AS "unionPosition", p.party_member AS "partyMember", p.joined_on::text AS "joinedOn",
               p.version, s.status, s.units
        FROM (SELECT m.member_id,
                     min(CASE WHEN m.valid_to > ${d} THEN 'active' WHEN m.end_kind = 'death' THEN 'deceased' ELSE 'left' END) AS status,
                     json_agg(json_build_object('id', m.unit_id, 'name', coalesce(n.name, u.name)) ORDER BY m.valid_from) AS units
              FROM memberships m JOIN units u ON u.id = m.unit_id
              LEFT JOIN unit_names n ON n.unit_id = u.id
                AND n.valid_from <= least(${d}, m.valid_to - 1) AND n.valid_to > least(${d}, m.valid_to - 1)
              WHERE ${stayOwn(full)} AND EXISTS (SELECT 1 FROM unit_closure c WHERE ${closureCovers(full)})
              GROUP BY m.member_id) s
        JOIN members p ON p.id = s.member_id
        ${filters.length ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``}
        ORDER BY p.sort_key, p.id`,
  );
  try {
    for (;;) {
      const rows = await queryRows<ExportedScopeRow>(
        tx,
        sql`FETCH FORWARD ${sql.raw(String(Math.max(1, Math.floor(batch))))} FROM ${sql.identifier(cursor)}`,
      );
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batch) return;
    }
  } finally {
    await tx.execute(sql`CLOSE ${sql.identifier(cursor)}`).catch(() => undefined);
  }
}
