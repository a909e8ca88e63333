/** Reading the dated tree: units, children, subtrees, ancestors and roots as they stood on a date. */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
import { unitParents } from './tables';

/** A unit as it stood on a date: its name then, its parent then, and how many units sat under it. */
export interface UnitAtDate {
  id: string;
  code: string;
  name: string;
  shortName: string;
  typeId: string;
  sector: string | null;
  parentId: string | null;
  foundedOn: string;
  endedOn: string;
  childCount: number;
  subtreeCount: number;
}

const unitAtDateColumns = (date: string) => sql`
  u.id, u.code, coalesce(n.name, u.name) AS "name", coalesce(n.short_name, u.short_name) AS "shortName",
  u.type_id AS "typeId", u.sector, p.parent_id AS "parentId",
  u.founded_on::text AS "foundedOn", u.ended_on::text AS "endedOn",
  (SELECT count(*)::int FROM unit_parents cp WHERE cp.parent_id = u.id AND cp.valid_from <= ${date}::date AND cp.valid_to > ${date}::date) AS "childCount",
  (SELECT count(*)::int - 1 FROM unit_closure cc WHERE cc.ancestor_id = u.id AND cc.valid_from <= ${date}::date AND cc.valid_to > ${date}::date) AS "subtreeCount"`;

const unitAtDateJoins = (date: string) => sql`
  LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${date}::date AND n.valid_to > ${date}::date
  LEFT JOIN unit_parents p ON p.unit_id = u.id AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date`;

export async function unitsAtDate(db: Database, ids: string[], date: string): Promise<UnitAtDate[]> {
  if (ids.length === 0) return [];
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return queryRows<UnitAtDate>(
    db,
    sql`SELECT ${unitAtDateColumns(date)} FROM units u ${unitAtDateJoins(date)} WHERE u.id IN (${idList})`,
  );
}

/**
 * The units directly under `parentId` on `date`, each with its own counts of children and of all units below it:
 * one index range of the kept levels (`tree_levels`), however many children there are (a province's thousands of
 * directly attached CĐCS), with no unit, name or closure row looked up per child.
 */
export async function childrenAtDate(db: Database, parentId: string, date: string): Promise<UnitAtDate[]> {
  return queryRows<UnitAtDate>(
    db,
    sql`SELECT unit_id AS id, code, name, short_name AS "shortName", type_id AS "typeId", sector,
               parent_id AS "parentId", founded_on::text AS "foundedOn", ended_on::text AS "endedOn",
               children AS "childCount", below AS "subtreeCount"
        FROM tree_levels
        WHERE parent_id = ${parentId}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
  );
}

/** Every unit under `ancestorId` on `date` (itself included), with depth below it. */
export async function subtreeAtDate(
  db: Database,
  ancestorId: string,
  date: string,
): Promise<{ id: string; depth: number }[]> {
  // One row holding "id:depth,id:depth,…": both drivers parse every row and field they receive, which for a big
  // province (20,000 units) costs 5–10 times the query itself (bench/org.ts).
  const [row] = await queryRows<{ list: string | null }>(
    db,
    sql`SELECT string_agg(descendant_id::text || ':' || depth, ',') AS list FROM unit_closure
        WHERE ancestor_id = ${ancestorId}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
  );
  if (!row?.list) return [];
  return row.list.split(',').map((entry) => ({ id: entry.slice(0, 36), depth: Number(entry.slice(37)) }));
}

export async function subtreeUnitsAtDate(
  db: Database,
  ancestorId: string,
  date: string,
): Promise<(UnitAtDate & { depth: number })[]> {
  return queryRows(
    db,
    sql`SELECT ${unitAtDateColumns(date)}, c.depth FROM unit_closure c JOIN units u ON u.id = c.descendant_id ${unitAtDateJoins(date)}
        WHERE c.ancestor_id = ${ancestorId}::uuid AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
        ORDER BY c.depth`,
  );
}

/** The ancestors of a unit on a date, nearest first (the unit itself excluded). */
export async function ancestorsAtDate(
  db: Database,
  unitId: string,
  date: string,
): Promise<{ id: string; depth: number }[]> {
  return queryRows(
    db,
    sql`SELECT ancestor_id AS id, depth FROM unit_closure
        WHERE descendant_id = ${unitId}::uuid AND depth > 0 AND valid_from <= ${date}::date AND valid_to > ${date}::date
        ORDER BY depth`,
  );
}

export async function activeChildIds(db: Database, parentId: string, date: string): Promise<string[]> {
  const rows = await db
    .select({ id: unitParents.unitId })
    .from(unitParents)
    .where(
      and(
        eq(unitParents.parentId, parentId),
        lte(unitParents.validFrom, date),
        gt(unitParents.validTo, date),
      ),
    );
  return rows.map((r) => r.id);
}

/** Roots on a date: units without a parent then. */
export async function rootIdsAtDate(db: Database, date: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT u.id FROM units u WHERE u.founded_on <= ${date}::date AND u.ended_on > ${date}::date
        AND NOT EXISTS (SELECT 1 FROM unit_parents p WHERE p.unit_id = u.id AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date)`,
  );
  return rows.map((r) => r.id);
}
