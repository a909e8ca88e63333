/** Searching units by name or code. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';

/** Search by name or code, diacritics folded, typos tolerated (trigram similarity), within a set of subtrees. */
export async function searchUnits(
  db: Database,
  folded: string,
  within: string[] | 'all',
  date: string,
  limit: number,
  offset = 0,
): Promise<{ hits: { id: string; score: number }[]; total: number }> {
  const scope =
    within === 'all'
      ? sql`TRUE`
      : within.length === 0
        ? sql`FALSE`
        : sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.descendant_id = u.id AND c.ancestor_id IN (${sql.join(
            within.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date)`;
  const term = folded.replace(/[%_\\]/g, '');
  const pattern = `%${term}%`;
  // Best first: the exact code, then a name that is the words typed (search_text starts with the name), then a name
  // containing them, then typo-tolerant matches; within each, higher levels (province, upper unions) before CĐCS.
  const rows = await queryRows<{ id: string; score: number; total: number }>(
    db,
    sql`SELECT u.id,
          (CASE WHEN lower(u.code) = ${term} THEN 3
                WHEN u.search_text LIKE ${`${term} %`} THEN 2
                WHEN u.search_text LIKE ${pattern} THEN 1
                ELSE word_similarity(${folded}, u.search_text) END)::float AS score,
          count(*) OVER ()::int AS total
        FROM units u JOIN unit_types t ON t.id = u.type_id
        WHERE (u.search_text LIKE ${pattern} OR word_similarity(${folded}, u.search_text) >= 0.4 OR lower(u.code) = ${term})
          AND u.founded_on <= ${date}::date AND u.ended_on > ${date}::date AND ${scope}
        ORDER BY score DESC, t.level, u.search_text LIMIT ${limit} OFFSET ${offset}`,
  );
  return { hits: rows.map((r) => ({ id: r.id, score: r.score })), total: rows[0]?.total ?? 0 };
}

/**
 * Units matching by name or code that had ended by `date` (latest first), in the given subtrees at any time: the
 * tree search says they exist rather than showing nothing or only look-alikes.
 */
export async function searchEndedUnits(
  db: Database,
  folded: string,
  within: string[] | 'all',
  date: string,
  limit: number,
): Promise<{ id: string; endedOn: string }[]> {
  const scope =
    within === 'all'
      ? sql`TRUE`
      : within.length === 0
        ? sql`FALSE`
        : sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.descendant_id = u.id AND c.ancestor_id IN (${sql.join(
            within.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}))`;
  const term = folded.replace(/[%_\\]/g, '');
  const rows = await queryRows<{ id: string; ended_on: string }>(
    db,
    sql`SELECT u.id, u.ended_on::text AS ended_on FROM units u
        WHERE (u.search_text LIKE ${`%${term}%`} OR lower(u.code) = ${term})
          AND u.ended_on <= ${date}::date AND ${scope}
        ORDER BY u.ended_on DESC, u.search_text LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, endedOn: r.ended_on }));
}
