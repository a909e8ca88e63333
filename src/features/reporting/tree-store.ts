/**
 * The tree as reports see it: units placed on the period's last day (or on their own last day, when they ended
 * within the period), the expected units of a form, each unit's approver, and the officers of units to remind.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';

export interface ReportUnit {
  id: string;
  code: string;
  name: string;
  shortName: string;
  typeId: string;
  level: number;
  powers: string[];
  sector: string | null;
  foundedOn: string;
  endedOn: string;
  federationId: string | null;
}

const UNIT_COLUMNS = sql`u.id, u.code, coalesce(n.name, u.name) AS name, coalesce(n.short_name, u.short_name) AS "shortName",
  u.type_id AS "typeId", t.level, t.powers, u.sector, u.founded_on::text AS "foundedOn", u.ended_on::text AS "endedOn",
  u.federation_id AS "federationId"`;

/** Units by id, named as on `date`. */
export async function unitsById(db: Database, ids: readonly string[], date: string): Promise<ReportUnit[]> {
  if (ids.length === 0) return [];
  return queryRows<ReportUnit>(
    db,
    sql`SELECT ${UNIT_COLUMNS} FROM units u JOIN unit_types t ON t.id = u.type_id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= LEAST(${date}::date, u.ended_on - 1)
         AND n.valid_to > LEAST(${date}::date, u.ended_on - 1)
        WHERE u.id = ANY(${idArray([...new Set(ids)])})`,
  );
}

export async function unitsByCode(
  db: Database,
  codes: readonly string[],
  date: string,
): Promise<ReportUnit[]> {
  if (codes.length === 0) return [];
  return queryRows<ReportUnit>(
    db,
    sql`SELECT ${UNIT_COLUMNS} FROM units u JOIN unit_types t ON t.id = u.type_id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= LEAST(${date}::date, u.ended_on - 1)
         AND n.valid_to > LEAST(${date}::date, u.ended_on - 1)
        WHERE u.code = ANY(${textArray([...new Set(codes)])})`,
  );
}

/**
 * The units of a period under `rootId` (itself included at depth 0): those alive on its last day and placed there,
 * and those that ended within the period, placed on their own last day. `depth` 1 are the direct children.
 */
export async function unitsOfPeriod(
  db: Database,
  rootId: string,
  periodStart: string,
  periodEnd: string,
  options: { maxDepth?: number; typeIds?: readonly string[] } = {},
): Promise<(ReportUnit & { depth: number; parentId: string | null })[]> {
  const placed = sql`LEAST(${periodEnd}::date, u.ended_on - 1)`;
  return queryRows(
    db,
    sql`SELECT ${UNIT_COLUMNS}, c.depth,
               (SELECT p.parent_id FROM unit_parents p WHERE p.unit_id = u.id
                  AND p.valid_from <= ${placed} AND p.valid_to > ${placed}) AS "parentId"
        FROM unit_closure c
        JOIN units u ON u.id = c.descendant_id
        JOIN unit_types t ON t.id = u.type_id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${placed} AND n.valid_to > ${placed}
        WHERE c.ancestor_id = ${rootId}::uuid
          AND u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
          AND c.valid_from <= ${placed} AND c.valid_to > ${placed}
          ${options.maxDepth === undefined ? sql`` : sql`AND c.depth <= ${options.maxDepth}`}
          ${options.typeIds ? sql`AND u.type_id = ANY(${textArray(options.typeIds)})` : sql``}`,
  );
}
/** A unit of a period with how its report stands (no report: the status and days are null). */
export type UnitWithReport = ReportUnit & {
  depth: number;
  parentId: string | null;
  status: string | null;
  submittedAt: Date | null;
  receivedOn: string | null;
};

/**
 * The units of a period under `rootId` (unitsOfPeriod), each with its report of the form and period, in one
 * statement: completeness and reminders read a province's thousands of units without sending their ids back.
 */
export async function unitsWithReports(
  db: Database,
  rootId: string,
  periodStart: string,
  periodEnd: string,
  formId: string,
  periodCode: string,
): Promise<UnitWithReport[]> {
  const placed = sql`LEAST(${periodEnd}::date, u.ended_on - 1)`;
  const rows = await queryRows<Omit<UnitWithReport, 'submittedAt'> & { submittedAt: Date | string | null }>(
    db,
    sql`SELECT ${UNIT_COLUMNS}, c.depth,
               (SELECT p.parent_id FROM unit_parents p WHERE p.unit_id = u.id
                  AND p.valid_from <= ${placed} AND p.valid_to > ${placed}) AS "parentId",
               s.status, s.submitted_at AS "submittedAt", s.received_on::text AS "receivedOn"
        FROM unit_closure c
        JOIN units u ON u.id = c.descendant_id
        JOIN unit_types t ON t.id = u.type_id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${placed} AND n.valid_to > ${placed}
        LEFT JOIN report_submissions s ON s.form_id = ${formId} AND s.period_code = ${periodCode} AND s.unit_id = u.id
        WHERE c.ancestor_id = ${rootId}::uuid
          AND u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
          AND c.valid_from <= ${placed} AND c.valid_to > ${placed}`,
  );
  return rows.map((r) => ({ ...r, submittedAt: r.submittedAt === null ? null : new Date(r.submittedAt) }));
}

/**
 * The rule of who approves a unit's reports, as SQL over a unit aliased `u`: its nearest ancestor whose type holds
 * approve_reports, today — or on the unit's last day when it has ended since (`approverDay`), the nearest of them still
 * in operation (a district merged away since leaves its late reports to the union above it). `approverOf` reads it for
 * given units, the approval queue (`submission-store.ts` `approvalQueue`) for every unit under an approver at once.
 */
export const approverDay = (today: string) => sql`LEAST(${today}::date, u.ended_on - 1)`;
export const nearestApprover = (today: string) =>
  sql`LATERAL (SELECT apu.id, coalesce(apn.name, apu.name) AS name
        FROM unit_closure apc
        JOIN units apu ON apu.id = apc.ancestor_id
        JOIN unit_types apt ON apt.id = apu.type_id AND 'approve_reports' = ANY(apt.powers)
        LEFT JOIN unit_names apn ON apn.unit_id = apu.id
         AND apn.valid_from <= ${approverDay(today)} AND apn.valid_to > ${approverDay(today)}
        WHERE apc.descendant_id = u.id AND apc.depth > 0 AND apu.ended_on > ${today}::date
          AND apc.valid_from <= ${approverDay(today)} AND apc.valid_to > ${approverDay(today)}
        ORDER BY apc.depth LIMIT 1)`;

/** For each unit, the unit that approves its reports (`nearestApprover`); a unit with none is left out. */
export async function approversOf(
  db: Database,
  unitIds: readonly string[],
  today: string,
): Promise<Map<string, { id: string; name: string }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unitId: string; id: string; name: string }>(
    db,
    sql`SELECT u.id AS "unitId", ap.id, ap.name
        FROM units u CROSS JOIN ${nearestApprover(today)} ap
        WHERE u.id = ANY(${idArray([...new Set(unitIds)])})`,
  );
  return new Map(rows.map((r) => [r.unitId, { id: r.id, name: r.name }]));
}

export interface Officer {
  unitId: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  role: string;
}

/** The people who hold a role on each unit itself (not above it): who answers for its report. */
export async function officersOf(db: Database, unitIds: readonly string[]): Promise<Officer[]> {
  if (unitIds.length === 0) return [];
  return queryRows<Officer>(
    db,
    sql`SELECT g.unit_id AS "unitId", u.full_name AS "fullName", u.phone, u.email, g.role
        FROM role_grants g JOIN users u ON u.id = g.user_id
        WHERE g.unit_id = ANY(${idArray(unitIds)}) AND NOT u.disabled AND g.role IN ('unit_admin', 'unit_officer')
        ORDER BY g.unit_id, g.role, u.full_name`,
  );
}

/** The units alive on `date` that stand under no other unit that day: where the tree starts. */
export async function topUnits(db: Database, date: string): Promise<{ id: string }[]> {
  return queryRows<{ id: string }>(
    db,
    sql`SELECT u.id FROM units u
        WHERE u.founded_on <= ${date}::date AND u.ended_on > ${date}::date
          AND NOT EXISTS (SELECT 1 FROM unit_parents p WHERE p.unit_id = u.id
                            AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date)
        ORDER BY u.code`,
  );
}

/** Where a unit sits on `date`: its parent then, and the province and commune recorded for it. */
export async function placeOf(
  db: Database,
  unitId: string,
  date: string,
): Promise<{ parentId: string | null; province: string | null; commune: string | null } | null> {
  const placed = sql`LEAST(${date}::date, u.ended_on - 1)`;
  const [row] = await queryRows<{ parentId: string | null; province: string | null; commune: string | null }>(
    db,
    sql`SELECT u.province, u.commune,
               (SELECT p.parent_id FROM unit_parents p WHERE p.unit_id = u.id
                  AND p.valid_from <= ${placed} AND p.valid_to > ${placed}) AS "parentId"
        FROM units u WHERE u.id = ${unitId}::uuid`,
  );
  return row ?? null;
}
