/** Members on a date counted from the stays themselves, the reading the tallies must agree with. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, withPlannerSettings } from '../../platform/db';
import { yearsBefore } from './model';

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
            ${stays} AND m.member_id = ANY(${idArray(twoSectors)})
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
