/**
 * The levels of the tree as the tree screen lists them (`tree_levels`): each unit under its parent, per period, with
 * its name then, its attributes, and how many children and units below it had. Derived, and kept in the transaction
 * of each change: parent-store `rebuildClosure` reads the units whose parent links changed again from their closure
 * rows, and gives their ancestors the difference the closure's rebuild made to their rows (a CĐCS moved changes a
 * province's counts from one day on, and the province's history is not read again); a rename reads the unit again,
 * a new sector is written on its rows.
 */
import { sql } from 'drizzle-orm';
import { idArray, queryRows, textArray, type Database } from '../../platform/db';

/** A change of counts: from `at` on, `unitId` has `below` more units below it and `children` more children. */
export interface CountStep {
  unitId: string;
  at: string;
  below: number;
  children: number;
}

/**
 * The steps the closure rows of these descendants give to their ancestors other than `exceptAncestors`: +1 where a
 * row starts, -1 where it ends, summed per ancestor and day.
 */
export async function closureSteps(
  db: Database,
  descendantIds: readonly string[],
  exceptAncestors: readonly string[],
): Promise<CountStep[]> {
  if (descendantIds.length === 0) return [];
  return queryRows<CountStep>(
    db,
    sql`WITH rows AS (
          SELECT ancestor_id, depth, valid_from, valid_to FROM unit_closure
          WHERE descendant_id = ANY(${idArray(descendantIds)}) AND depth > 0
            AND NOT ancestor_id = ANY(${idArray(exceptAncestors)})
        ),
        ev AS (
          SELECT ancestor_id, valid_from AS at, 1 AS b, (depth = 1)::int AS c FROM rows
          UNION ALL SELECT ancestor_id, valid_to, -1, -((depth = 1)::int) FROM rows
        )
        SELECT ancestor_id AS "unitId", at::text AS at, sum(b)::int AS below, sum(c)::int AS children
        FROM ev GROUP BY ancestor_id, at HAVING sum(b) <> 0 OR sum(c) <> 0`,
  );
}

/**
 * Adds the steps to the kept counts: a period that a step falls inside is cut there first, then every period takes
 * the sum of the steps at or before its start. Each step finds its period by key, and the sums are one ordered pass
 * per unit: a bulk import gives a province thousands of steps, and its periods are as many.
 */
export async function applyCountSteps(db: Database, steps: readonly CountStep[]): Promise<void> {
  if (steps.length === 0) return;
  const stepRows = sql`SELECT * FROM unnest(${idArray(steps.map((s) => s.unitId))},
      ${textArray(steps.map((s) => s.at))}::date[],
      ${textArray(steps.map((s) => String(s.below)))}::int[],
      ${textArray(steps.map((s) => String(s.children)))}::int[]) AS s(unit_id, at, below, children)`;
  const cuts = sql`cuts AS (
      SELECT s.unit_id, r.valid_from AS row_from, r.valid_to AS row_to, s.at
      FROM s CROSS JOIN LATERAL (
        SELECT valid_from, valid_to FROM tree_levels r
        WHERE r.unit_id = s.unit_id AND r.valid_from < s.at ORDER BY r.valid_from DESC LIMIT 1
      ) r
      WHERE r.valid_to > s.at
    )`;
  // The later pieces of each period cut, then the first piece shortened (its key, the start, stays).
  await db.execute(sql`
    WITH s AS (${stepRows}), ${cuts}
    INSERT INTO tree_levels (unit_id, parent_id, valid_from, valid_to, children, below,
                             code, name, short_name, type_id, sector, founded_on, ended_on)
    SELECT r.unit_id, r.parent_id, c.at,
           coalesce(lead(c.at) OVER (PARTITION BY c.unit_id, c.row_from ORDER BY c.at), r.valid_to),
           r.children, r.below, r.code, r.name, r.short_name, r.type_id, r.sector, r.founded_on, r.ended_on
    FROM cuts c JOIN tree_levels r ON r.unit_id = c.unit_id AND r.valid_from = c.row_from`);
  await db.execute(sql`
    WITH s AS (${stepRows}), ${cuts}
    UPDATE tree_levels r SET valid_to = f.at
    FROM (SELECT unit_id, row_from, min(at) AS at FROM cuts GROUP BY unit_id, row_from) f
    WHERE r.unit_id = f.unit_id AND r.valid_from = f.row_from`);
  // Steps before periods of the same day, so that a period's running sum holds the steps of its first day.
  await db.execute(sql`
    WITH s AS (${stepRows}),
    points AS (
      SELECT unit_id, at, 0 AS is_period, below, children FROM s
      UNION ALL
      SELECT r.unit_id, r.valid_from, 1, 0, 0 FROM tree_levels r
      WHERE r.unit_id IN (SELECT DISTINCT unit_id FROM s)
    ),
    sums AS (
      SELECT unit_id, at, is_period,
             sum(below) OVER w AS below, sum(children) OVER w AS children
      FROM points WINDOW w AS (PARTITION BY unit_id ORDER BY at, is_period)
    )
    UPDATE tree_levels r SET below = r.below + d.below, children = r.children + d.children FROM sums d
    WHERE d.is_period = 1 AND r.unit_id = d.unit_id AND r.valid_from = d.at
      AND (d.below <> 0 OR d.children <> 0)`);
}

/**
 * Reads these units' rows again: the steps of their closure rows summed in date order, cut at the ends of their
 * parent links and names, each period with the parent and the name it had (the same reading as migration 0016's).
 */
export async function readUnitsAgain(db: Database, unitIds: readonly string[]): Promise<void> {
  if (unitIds.length === 0) return;
  const ids = idArray(unitIds);
  await db.execute(sql`DELETE FROM tree_levels WHERE unit_id = ANY(${ids})`);
  await db.execute(sql`
    INSERT INTO tree_levels (unit_id, parent_id, valid_from, valid_to, children, below,
                             code, name, short_name, type_id, sector, founded_on, ended_on)
    WITH ev AS (
      SELECT ancestor_id AS unit_id, valid_from AS at, 1 AS b, (depth = 1)::int AS c FROM unit_closure
      WHERE ancestor_id = ANY(${ids}) AND depth > 0
      UNION ALL SELECT ancestor_id, valid_to, -1, -((depth = 1)::int) FROM unit_closure
      WHERE ancestor_id = ANY(${ids}) AND depth > 0
      UNION ALL SELECT unit_id, valid_from, 0, 0 FROM unit_parents WHERE unit_id = ANY(${ids})
      UNION ALL SELECT unit_id, valid_to, 0, 0 FROM unit_parents WHERE unit_id = ANY(${ids})
      UNION ALL SELECT unit_id, valid_from, 0, 0 FROM unit_names WHERE unit_id = ANY(${ids})
      UNION ALL SELECT unit_id, valid_to, 0, 0 FROM unit_names WHERE unit_id = ANY(${ids})
    ),
    steps AS (SELECT unit_id, at, sum(b) AS b, sum(c) AS c FROM ev GROUP BY unit_id, at),
    runs AS (
      SELECT unit_id, at AS valid_from, lead(at) OVER w AS valid_to, sum(b) OVER w AS below, sum(c) OVER w AS children
      FROM steps WINDOW w AS (PARTITION BY unit_id ORDER BY at)
    )
    SELECT r.unit_id, p.parent_id, r.valid_from, r.valid_to, r.children, r.below,
           u.code, coalesce(n.name, u.name), coalesce(n.short_name, u.short_name), u.type_id, u.sector,
           u.founded_on, u.ended_on
    FROM runs r
    JOIN unit_parents p ON p.unit_id = r.unit_id AND p.valid_from <= r.valid_from AND p.valid_to > r.valid_from
    JOIN units u ON u.id = r.unit_id
    LEFT JOIN unit_names n ON n.unit_id = r.unit_id AND n.valid_from <= r.valid_from AND n.valid_to > r.valid_from`);
}

/** Writes a unit's new sector on all its rows (the sector is not dated). */
export async function setSector(db: Database, unitId: string, sector: string | null): Promise<void> {
  await db.execute(sql`UPDATE tree_levels SET sector = ${sector} WHERE unit_id = ${unitId}::uuid`);
}
