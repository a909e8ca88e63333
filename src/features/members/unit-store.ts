/** The organisation's units as the member registry needs them: facts of a unit, the nearest level that approves. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';

export interface UnitFacts {
  id: string;
  code: string;
  name: string;
  typeId: string;
  level: number;
  /** The powers of the unit's type (organisation: found_units, admit_members, …). */
  powers: string[];
  sector: string | null;
  foundedOn: string;
  endedOn: string;
  federationId: string | null;
}

export async function unitFacts(db: Database, ids: readonly string[]): Promise<UnitFacts[]> {
  if (ids.length === 0) return [];
  return queryRows<UnitFacts>(
    db,
    sql`SELECT u.id, u.code, u.name, u.type_id AS "typeId", t.level, t.powers, u.sector, u.founded_on::text AS "foundedOn",
               u.ended_on::text AS "endedOn", u.federation_id AS "federationId"
        FROM units u JOIN unit_types t ON t.id = u.type_id WHERE u.id = ANY(${idArray([...new Set(ids)])})`,
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

/** The units with these codes (stored codes: organisation/model.ts normalizeUnitCode), whatever their life. */
export async function unitFactsByCodes(db: Database, codes: readonly string[]): Promise<UnitFacts[]> {
  if (codes.length === 0) return [];
  return queryRows<UnitFacts>(
    db,
    sql`SELECT u.id, u.code, u.name, u.type_id AS "typeId", t.level, t.powers, u.sector, u.founded_on::text AS "foundedOn",
               u.ended_on::text AS "endedOn", u.federation_id AS "federationId"
        FROM units u JOIN unit_types t ON t.id = u.type_id WHERE u.code = ANY(${textArray([...new Set(codes)])})`,
  );
}

/**
 * For each of `unitIds`, its nearest ancestor on `date` whose type holds `power` (the unit itself excluded): the
 * set-based nearestAncestorWithPower, one query for every unit of a file. A unit without one is absent.
 */
export async function nearestAncestorsWithPower(
  db: Database,
  unitIds: readonly string[],
  date: string,
  power: string,
): Promise<Map<string, { id: string; name: string }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unitId: string; id: string; name: string }>(
    db,
    sql`SELECT DISTINCT ON (c.descendant_id) c.descendant_id AS "unitId", a.id, coalesce(n.name, a.name) AS name
        FROM unit_closure c
        JOIN units a ON a.id = c.ancestor_id
        JOIN unit_types t ON t.id = a.type_id
        LEFT JOIN unit_names n ON n.unit_id = a.id AND n.valid_from <= ${date}::date AND n.valid_to > ${date}::date
        WHERE c.descendant_id = ANY(${idArray([...new Set(unitIds)])}) AND c.depth > 0
          AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
          AND ${power} = ANY(t.powers)
        ORDER BY c.descendant_id, c.depth`,
  );
  return new Map(rows.map((r) => [r.unitId, { id: r.id, name: r.name }]));
}
