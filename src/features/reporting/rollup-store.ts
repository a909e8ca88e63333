/**
 * The live roll-up (report_totals). A report rolls up along the tree as it stood on the period's last day; a unit that
 * ended within the period (merged, dissolved) along the tree of its own last day. Only typed, numeric indicators roll
 * up: registry figures are read from the registry for any subtree, formulas are computed from the figures.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray, withPlannerSettings } from '../../platform/db';
import type { Aggregate, Basis } from './model';

/** The day a unit's report is placed in the tree: the period's last day, or the unit's own last day if earlier. */
const placedOn = (periodEnd: string) => sql`LEAST(${periodEnd}::date, u.ended_on - 1)`;

/** The values that roll up: typed, numeric. */
const ROLLING = sql`JOIN report_indicators i ON i.code = v.indicator_code AND i.source = 'typed'
                     AND i.value_type <> 'text' AND i.aggregation <> 'none'`;

/**
 * The least and greatest are kept only for the indicators that show them (aggregation min or max): for the others a
 * taken-away value could leave a stale extreme behind, and nothing reads it.
 */
const EXTREME = sql`CASE WHEN i.aggregation IN ('min', 'max') THEN v.num END`;

/**
 * Adds (sign 1) or takes away (sign -1) one report's values in the totals of every unit above it, on the given bases.
 * Rows are written in one order (ancestor, indicator, basis), so two reports of siblings never deadlock.
 */
export async function applyReport(
  db: Database,
  submissionId: string,
  periodEnd: string,
  bases: readonly Basis[],
  sign: 1 | -1,
): Promise<void> {
  if (bases.length === 0) return;
  await db.execute(sql`
    INSERT INTO report_totals AS t (unit_id, form_id, period_code, indicator_code, basis, federation_id, total, reported, min, max)
    SELECT c.ancestor_id, v.form_id, v.period_code, v.indicator_code, b.basis, coalesce(a.federation_id, a.id),
           v.num * ${sign}, ${sign}, ${EXTREME}, ${EXTREME}
    FROM report_values v
    ${ROLLING}
    JOIN units u ON u.id = v.unit_id
    JOIN unit_closure c ON c.descendant_id = v.unit_id AND c.depth > 0
     AND c.valid_from <= ${placedOn(periodEnd)} AND c.valid_to > ${placedOn(periodEnd)}
    JOIN units a ON a.id = c.ancestor_id
    CROSS JOIN unnest(${textArray(bases)}) AS b(basis)
    WHERE v.submission_id = ${submissionId}::uuid AND v.num IS NOT NULL
    ORDER BY c.ancestor_id, v.indicator_code, b.basis
    ON CONFLICT (form_id, period_code, unit_id, indicator_code, basis) DO UPDATE SET
      total = t.total + excluded.total,
      reported = t.reported + excluded.reported,
      min = ${sign === 1 ? sql`LEAST(t.min, excluded.min)` : sql`t.min`},
      max = ${sign === 1 ? sql`GREATEST(t.max, excluded.max)` : sql`t.max`}`);
  if (sign === -1) await refreshExtremes(db, submissionId, periodEnd, bases);
}

/**
 * After a report is taken away, the least and greatest of the units above it are read again where the report held
 * them, for the indicators that show them (aggregation min or max); a total with no report left shows none.
 */
async function refreshExtremes(
  db: Database,
  submissionId: string,
  periodEnd: string,
  bases: readonly Basis[],
) {
  await db.execute(sql`
    UPDATE report_totals t SET min = NULL, max = NULL
    WHERE t.reported = 0 AND (t.form_id, t.period_code) IN
      (SELECT form_id, period_code FROM report_submissions WHERE id = ${submissionId}::uuid)`);
  await db.execute(sql`
    WITH touched AS (
      SELECT c.ancestor_id, v.form_id, v.period_code, v.indicator_code, b.basis, v.num
      FROM report_values v
      JOIN report_indicators i ON i.code = v.indicator_code AND i.aggregation IN ('min', 'max')
      JOIN units u ON u.id = v.unit_id
      JOIN unit_closure c ON c.descendant_id = v.unit_id AND c.depth > 0
       AND c.valid_from <= ${placedOn(periodEnd)} AND c.valid_to > ${placedOn(periodEnd)}
      CROSS JOIN unnest(${textArray(bases)}) AS b(basis)
      WHERE v.submission_id = ${submissionId}::uuid AND v.num IS NOT NULL)
    UPDATE report_totals t SET (min, max) = (
      SELECT min(v.num), max(v.num)
      FROM report_values v
      JOIN report_submissions s ON s.id = v.submission_id
       AND s.status = ANY(CASE WHEN t.basis = 'approved' THEN ARRAY['approved'] ELSE ARRAY['submitted', 'approved'] END)
      JOIN units u ON u.id = v.unit_id
      JOIN unit_closure c ON c.descendant_id = v.unit_id AND c.ancestor_id = t.unit_id AND c.depth > 0
       AND c.valid_from <= ${placedOn(periodEnd)} AND c.valid_to > ${placedOn(periodEnd)}
      WHERE v.form_id = t.form_id AND v.period_code = t.period_code AND v.indicator_code = t.indicator_code)
    FROM touched x
    WHERE t.unit_id = x.ancestor_id AND t.form_id = x.form_id AND t.period_code = x.period_code
      AND t.indicator_code = x.indicator_code AND t.basis = x.basis AND (t.min = x.num OR t.max = x.num)`);
}

/**
 * The statement that computes one period's totals from the raw values (the recompute and its check), in three steps
 * so that each value is read once: the values are added up per unit directly above the reporting unit (on the day it
 * is placed), indicator and whether approved; those sums are added up again for that unit and every unit above it;
 * and only then spread over the bases (an approved report counts on both). Spreading every value to every unit above
 * it read each value three times over at national scale.
 */
function totalsQuery(formId: string, periodCode: string, periodEnd: string): SQL {
  return sql`
    SELECT up.ancestor_id AS unit_id, ${formId} AS form_id, ${periodCode} AS period_code, up.indicator_code, b.basis,
           up.federation_id, sum(up.total) AS total, sum(up.reported)::int AS reported, min(up.min) AS min,
           max(up.max) AS max
    FROM (SELECT c.ancestor_id, coalesce(a.federation_id, a.id) AS federation_id, g.indicator_code, g.approved,
                 sum(g.total) AS total, sum(g.reported) AS reported, min(g.min) AS min, max(g.max) AS max
          FROM (SELECT p.parent_id, p.on_day, v.indicator_code, p.approved, sum(v.num) AS total,
                       count(*) AS reported, min(${EXTREME}) AS min, max(${EXTREME}) AS max
                FROM (SELECT s.id, s.status = 'approved' AS approved, c.ancestor_id AS parent_id,
                             ${placedOn(periodEnd)} AS on_day
                      FROM report_submissions s
                      JOIN units u ON u.id = s.unit_id
                      JOIN unit_closure c ON c.descendant_id = s.unit_id AND c.depth = 1
                       AND c.valid_from <= ${placedOn(periodEnd)} AND c.valid_to > ${placedOn(periodEnd)}
                      WHERE s.form_id = ${formId} AND s.period_code = ${periodCode}
                        AND s.status IN ('submitted', 'approved')) p
                JOIN report_values v ON v.submission_id = p.id
                ${ROLLING}
                WHERE v.form_id = ${formId} AND v.period_code = ${periodCode} AND v.num IS NOT NULL
                GROUP BY p.parent_id, p.on_day, v.indicator_code, p.approved) g
          JOIN unit_closure c ON c.descendant_id = g.parent_id AND c.valid_from <= g.on_day AND c.valid_to > g.on_day
          JOIN units a ON a.id = c.ancestor_id
          GROUP BY c.ancestor_id, coalesce(a.federation_id, a.id), g.indicator_code, g.approved) up
    CROSS JOIN LATERAL unnest(CASE WHEN up.approved THEN ARRAY['submitted', 'approved']
                                   ELSE ARRAY['submitted'] END) AS b(basis)
    GROUP BY up.ancestor_id, up.indicator_code, b.basis, up.federation_id`;
}

/**
 * Computes one period's totals at every level again from the raw values (after a restructuring, or to check), in one
 * transaction (no reader sees them gone) with the planner settings of big aggregates, joined by hashing. The totals are computed into a
 * temporary table first: PostgreSQL runs a statement that writes in one process, and CREATE TABLE AS may spread the
 * reading over its parallel workers (twice as fast on two cores at national scale); only then are they written.
 */
export async function recomputeTotals(
  db: Database,
  formId: string,
  periodCode: string,
  periodEnd: string,
): Promise<number> {
  return withPlannerSettings(
    db,
    async (tx) => {
      await tx.execute(sql`DROP TABLE IF EXISTS recomputed_totals`);
      await tx.execute(
        sql`CREATE TEMPORARY TABLE recomputed_totals ON COMMIT DROP AS ${totalsQuery(formId, periodCode, periodEnd)}`,
      );
      await tx.execute(
        sql`DELETE FROM report_totals WHERE form_id = ${formId} AND period_code = ${periodCode}`,
      );
      const rows = await queryRows<{ n: number }>(
        tx,
        sql`WITH written AS (
              INSERT INTO report_totals (unit_id, form_id, period_code, indicator_code, basis, federation_id, total, reported, min, max)
              SELECT unit_id, form_id, period_code, indicator_code, basis, federation_id, total, reported, min, max
              FROM recomputed_totals
              RETURNING 1)
            SELECT count(*)::int AS n FROM written`,
      );
      return rows[0]?.n ?? 0;
    },
    { hashJoins: true },
  );
}

/** The totals as kept, and as the raw values give them now: where they differ (a test's and an operator's check). */
export async function totalsDrift(
  db: Database,
  formId: string,
  periodCode: string,
  periodEnd: string,
): Promise<number> {
  const [row] = await withPlannerSettings(
    db,
    (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`WITH fresh AS (${totalsQuery(formId, periodCode, periodEnd)}),
             kept AS (SELECT * FROM report_totals WHERE form_id = ${formId} AND period_code = ${periodCode} AND reported > 0)
        SELECT count(*)::int AS n FROM fresh f FULL JOIN kept k
          ON k.unit_id = f.unit_id AND k.indicator_code = f.indicator_code AND k.basis = f.basis
        WHERE f.unit_id IS NULL OR k.unit_id IS NULL OR f.total <> k.total OR f.reported <> k.reported
           OR f.min IS DISTINCT FROM k.min OR f.max IS DISTINCT FROM k.max`,
      ),
    { hashJoins: true },
  );
  return row?.n ?? 0;
}

/** The kept totals of the units below each of `unitIds` (strictly), on a basis, by unit and indicator. */
export async function totalsOf(
  db: Database,
  formId: string,
  periodCode: string,
  unitIds: readonly string[],
  basis: Basis,
): Promise<(Aggregate & { unitId: string; indicatorCode: string })[]> {
  if (unitIds.length === 0) return [];
  // One index range per unit: as a plain `unit_id = ANY(…)` the planner may read the whole period's totals instead
  // when its statistics have not seen the period yet (a new period's rows, before the table is analysed again); the
  // LATERAL subquery, kept apart by OFFSET 0, can only be read by the unit.
  return queryRows(
    db,
    sql`SELECT t.* FROM unnest(${idArray(unitIds)}) AS x(id)
        CROSS JOIN LATERAL (
          SELECT unit_id AS "unitId", indicator_code AS "indicatorCode", total::float8 AS total, reported,
                 min::float8 AS min, max::float8 AS max
          FROM report_totals
          WHERE form_id = ${formId} AND period_code = ${periodCode} AND unit_id = x.id AND basis = ${basis}
            AND reported > 0
          OFFSET 0) t`,
  );
}
