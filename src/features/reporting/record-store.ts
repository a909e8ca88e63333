/**
 * Reports recorded many at once (the demo's two years of history, an import of reports already decided): the
 * registry's figures of many units in three statements, and the reports with their values written in bulk.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, insertTableRows, queryRows } from '../../platform/db';
import type { RegistryFigures } from './registry-store';
import { reportSubmissions, reportValues } from './tables';

const GRASSROOTS_LEVEL = 4;

/** Under each of `unitIds` (itself included), units placed as reports place them: on the period's last day or their own. */
const underRoots = (unitIds: readonly string[], periodEnd: string) => sql`
  JOIN unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = ANY(${idArray(unitIds)})
   AND c.valid_from <= LEAST(${periodEnd}::date, u.ended_on - 1) AND c.valid_to > LEAST(${periodEnd}::date, u.ended_on - 1)`;

/** registryFigures (registry-store.ts) for many units at once, each over its own subtree: the same figures. */
export async function registryFiguresOfUnits(
  db: Database,
  unitIds: readonly string[],
  periodStart: string,
  periodEnd: string,
): Promise<Map<string, RegistryFigures>> {
  const result = new Map<string, RegistryFigures>(
    unitIds.map((id) => [id, { membersEnd: 0, membersFemaleEnd: 0, movements: {}, grassroots: [] }]),
  );
  if (unitIds.length === 0) return result;
  const members = await queryRows<{ unitId: string; total: number; female: number }>(
    db,
    sql`SELECT c.ancestor_id AS "unitId", coalesce(sum(t.memberships), 0)::int AS total,
               coalesce(sum((t.counts ->> 'g:female')::int), 0)::int AS female
        FROM unit_closure c
        JOIN LATERAL (SELECT memberships, counts, valid_to FROM member_tallies t
                      WHERE t.unit_id = c.descendant_id AND t.valid_from <= ${periodEnd}::date
                      ORDER BY t.valid_from DESC LIMIT 1) t ON t.valid_to > ${periodEnd}::date
        WHERE c.ancestor_id = ANY(${idArray(unitIds)})
          AND c.valid_from <= ${periodEnd}::date AND c.valid_to > ${periodEnd}::date
        GROUP BY c.ancestor_id`,
  );
  for (const m of members) {
    const f = result.get(m.unitId)!;
    f.membersEnd = m.total;
    f.membersFemaleEnd = m.female;
  }
  const movements = await queryRows<{ unitId: string; kind: string; n: number }>(
    db,
    sql`SELECT c.ancestor_id AS "unitId", e.kind, count(*)::int AS n
        FROM units u ${underRoots(unitIds, periodEnd)}
        JOIN membership_events e ON e.unit_id = u.id
         AND e.effective_on >= ${periodStart}::date AND e.effective_on <= ${periodEnd}::date
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY c.ancestor_id, e.kind`,
  );
  for (const m of movements) result.get(m.unitId)!.movements[m.kind] = m.n;
  const grassroots = await queryRows<{
    unitId: string;
    sector: string | null;
    alive: number;
    founded: number;
    ended: number;
  }>(
    db,
    sql`SELECT c.ancestor_id AS "unitId", u.sector,
               count(*) FILTER (WHERE u.ended_on > ${periodEnd}::date)::int AS alive,
               count(*) FILTER (WHERE u.founded_on >= ${periodStart}::date)::int AS founded,
               count(*) FILTER (WHERE u.ended_on <= ${periodEnd}::date)::int AS ended
        FROM units u JOIN unit_types ty ON ty.id = u.type_id AND ty.level = ${GRASSROOTS_LEVEL}
        ${underRoots(unitIds, periodEnd)}
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY c.ancestor_id, u.sector`,
  );
  for (const { unitId, ...g } of grassroots) result.get(unitId)!.grassroots.push(g);
  return result;
}

export interface RecordedSubmission {
  federationId: string;
  formId: string;
  periodCode: string;
  unitId: string;
  status: 'submitted' | 'approved';
  receivedOn: string | null;
  submittedAt: Date;
  decidedAt: Date | null;
  by: string | null;
}

/** Writes decided reports (no row may exist yet for their unit, form and period); their ids by unit. */
export async function insertRecordedSubmissions(
  db: Database,
  rows: readonly RecordedSubmission[],
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const written = await db
    .insert(reportSubmissions)
    .values(
      rows.map((r) => ({
        federationId: r.federationId,
        formId: r.formId,
        periodCode: r.periodCode,
        unitId: r.unitId,
        status: r.status,
        receivedOn: r.receivedOn,
        submittedAt: r.submittedAt,
        submittedBy: r.by,
        decidedAt: r.decidedAt,
        decidedBy: r.decidedAt ? r.by : null,
        updatedBy: r.by,
      })),
    )
    .returning({ id: reportSubmissions.id, unitId: reportSubmissions.unitId });
  return new Map(written.map((w) => [w.unitId, w.id]));
}

/** The values of reports just written, in bulk. */
export async function insertRecordedValues(
  db: Database,
  rows: readonly {
    submissionId: string;
    indicatorCode: string;
    federationId: string;
    unitId: string;
    formId: string;
    periodCode: string;
    num: number | null;
    txt: string | null;
  }[],
): Promise<void> {
  await insertTableRows(
    db,
    reportValues,
    rows.map((r) => ({ ...r, num: r.num === null ? null : String(r.num) })),
  );
}
