/** The reads behind exporting and importing the tree: units with their lives, by subtree or by code. */
import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
import { units } from './tables';

export async function unitsForExport(db: Database, ancestorIds: string[] | 'all', date: string) {
  const scope =
    ancestorIds === 'all'
      ? sql`TRUE`
      : sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.descendant_id = u.id AND c.ancestor_id IN (${sql.join(
          ancestorIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date)`;
  return queryRows<{
    code: string;
    name: string;
    shortName: string;
    typeId: string;
    parentCode: string | null;
    sector: string | null;
    province: string | null;
    commune: string | null;
    address: string | null;
    foundingDecisionNo: string | null;
    foundedOn: string;
    /** The names of its groups (khối), "; "-separated, or null. */
    groups: string | null;
  }>(
    db,
    sql`SELECT u.code, u.name, u.short_name AS "shortName", u.type_id AS "typeId", pu.code AS "parentCode", u.sector,
               u.province, u.commune, u.address, u.founding_decision_no AS "foundingDecisionNo", u.founded_on::text AS "foundedOn",
               (SELECT string_agg(g.name, '; ' ORDER BY g.name) FROM unit_group_members gm JOIN unit_groups g ON g.id = gm.group_id
                 WHERE gm.unit_id = u.id) AS "groups"
        FROM units u
        LEFT JOIN unit_parents p ON p.unit_id = u.id AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date
        LEFT JOIN units pu ON pu.id = p.parent_id
        WHERE u.founded_on <= ${date}::date AND u.ended_on > ${date}::date AND ${scope}
        ORDER BY (SELECT count(*) FROM unit_closure d WHERE d.descendant_id = u.id AND d.valid_from <= ${date}::date AND d.valid_to > ${date}::date), u.code`,
  );
}

/** The life and type of the units with these codes (codes absent from the database are left out). */
export async function unitLivesByCode(
  db: Database,
  codes: string[],
): Promise<{ id: string; code: string; typeId: string; foundedOn: string; endedOn: string }[]> {
  if (codes.length === 0) return [];
  return db
    .select({
      id: units.id,
      code: units.code,
      typeId: units.typeId,
      foundedOn: units.foundedOn,
      endedOn: units.endedOn,
    })
    .from(units)
    .where(inArray(units.code, codes));
}
