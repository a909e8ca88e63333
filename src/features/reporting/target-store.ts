/** Yearly targets (chỉ tiêu giao): read for units and a year, written per unit and indicator with its version. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows } from '../../platform/db';
import { reportTargets } from './tables';

export interface TargetRow {
  unitId: string;
  indicatorCode: string;
  value: number;
  assignedBy: string;
  version: number;
}

export async function targetsOf(
  db: Database,
  unitIds: readonly string[],
  year: number,
): Promise<TargetRow[]> {
  if (unitIds.length === 0) return [];
  return queryRows<TargetRow>(
    db,
    sql`SELECT unit_id AS "unitId", indicator_code AS "indicatorCode", value::float8 AS value,
               assigned_by AS "assignedBy", version
        FROM report_targets WHERE unit_id = ANY(${idArray(unitIds)}) AND year = ${year}`,
  );
}

/** Sets targets (a null value removes one); each row's version goes up. Rows are written in key order. */
export async function writeTargets(
  db: Database,
  year: number,
  rows: readonly {
    unitId: string;
    indicatorCode: string;
    value: number | null;
    federationId: string;
    assignedBy: string;
  }[],
  updatedBy: string | null,
): Promise<void> {
  const sorted = [...rows].sort(
    (a, b) => a.unitId.localeCompare(b.unitId) || a.indicatorCode.localeCompare(b.indicatorCode),
  );
  const removed = sorted.filter((r) => r.value === null);
  for (const r of removed)
    await db.execute(
      sql`DELETE FROM report_targets WHERE unit_id = ${r.unitId}::uuid AND year = ${year} AND indicator_code = ${r.indicatorCode}`,
    );
  const kept = sorted.filter((r) => r.value !== null);
  if (kept.length === 0) return;
  await db
    .insert(reportTargets)
    .values(
      kept.map((r) => ({
        unitId: r.unitId,
        year,
        indicatorCode: r.indicatorCode,
        federationId: r.federationId,
        value: String(r.value),
        assignedBy: r.assignedBy,
        updatedBy,
      })),
    )
    .onConflictDoUpdate({
      target: [reportTargets.unitId, reportTargets.year, reportTargets.indicatorCode],
      set: {
        value: sql`excluded.value`,
        assignedBy: sql`excluded.assigned_by`,
        updatedBy: sql`excluded.updated_by`,
        updatedAt: sql`now()`,
        version: sql`${reportTargets.version} + 1`,
      },
    });
}

/** Targets of the units given, per indicator summed (what an upper unit assigned to those below it). */
export async function assignedSums(
  db: Database,
  unitIds: readonly string[],
  year: number,
): Promise<Map<string, number>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ indicatorCode: string; total: number }>(
    db,
    sql`SELECT indicator_code AS "indicatorCode", sum(value)::float8 AS total
        FROM report_targets WHERE unit_id = ANY(${idArray(unitIds)}) AND year = ${year}
        GROUP BY indicator_code`,
  );
  return new Map(rows.map((r) => [r.indicatorCode, r.total]));
}
