/** A unit's report and its values: read, create, write values, move the status (conditional on the version). */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';
import { reportSubmissions, reportValues } from './tables';

export type SubmissionRow = typeof reportSubmissions.$inferSelect;

export interface ValueRow {
  indicatorCode: string;
  num: number | null;
  txt: string | null;
}

export async function findSubmission(
  db: Database,
  formId: string,
  periodCode: string,
  unitId: string,
): Promise<SubmissionRow | undefined> {
  const [row] = await db
    .select()
    .from(reportSubmissions)
    .where(
      and(
        eq(reportSubmissions.formId, formId),
        eq(reportSubmissions.periodCode, periodCode),
        eq(reportSubmissions.unitId, unitId),
      ),
    );
  return row;
}

export async function findSubmissionById(db: Database, id: string): Promise<SubmissionRow | undefined> {
  const [row] = await db.select().from(reportSubmissions).where(eq(reportSubmissions.id, id));
  return row;
}

/** The submissions of one form and period for the given units (completeness, the approval queue, drill-down). */
/** A raw row's timestamps as dates (the drivers give text or Date for a raw statement). */
function withDates<T extends SubmissionRow>(row: T): T {
  const at = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    ...row,
    submittedAt: at(row.submittedAt),
    decidedAt: at(row.decidedAt),
    createdAt: at(row.createdAt)!,
    updatedAt: at(row.updatedAt)!,
  };
}

export async function submissionsOf(
  db: Database,
  formId: string,
  periodCode: string,
  unitIds: readonly string[],
): Promise<SubmissionRow[]> {
  if (unitIds.length === 0) return [];
  const rows = await queryRows<SubmissionRow>(
    db,
    sql`SELECT id, federation_id AS "federationId", form_id AS "formId", period_code AS "periodCode",
               unit_id AS "unitId", status, version, received_on::text AS "receivedOn", submitted_at AS "submittedAt",
               submitted_by AS "submittedBy", decided_at AS "decidedAt", decided_by AS "decidedBy", comment,
               created_at AS "createdAt", updated_at AS "updatedAt", updated_by AS "updatedBy"
        FROM report_submissions
        WHERE form_id = ${formId} AND period_code = ${periodCode} AND unit_id = ANY(${idArray(unitIds)})`,
  );
  return rows.map(withDates);
}

/** Creates the draft of a unit's report; null when another person created it at the same moment. */
export async function insertSubmission(
  db: Database,
  row: { federationId: string; formId: string; periodCode: string; unitId: string; updatedBy: string | null },
): Promise<SubmissionRow | null> {
  const [created] = await db.insert(reportSubmissions).values(row).onConflictDoNothing().returning();
  return created ?? null;
}

/**
 * Moves a report from one of `from` to a new state, only if it still carries `version`: the one write that decides a
 * race (the loser gets no row and a 409). Bumps the version.
 */
export async function updateSubmissionIf(
  db: Database,
  id: string,
  version: number,
  from: readonly string[],
  set: Partial<
    Pick<
      SubmissionRow,
      | 'status'
      | 'receivedOn'
      | 'submittedAt'
      | 'submittedBy'
      | 'decidedAt'
      | 'decidedBy'
      | 'comment'
      | 'updatedBy'
    >
  >,
): Promise<SubmissionRow | null> {
  const [row] = await db
    .update(reportSubmissions)
    .set({ ...set, version: sql`${reportSubmissions.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(
        eq(reportSubmissions.id, id),
        eq(reportSubmissions.version, version),
        sql`${reportSubmissions.status} = ANY(${textArray(from)})`,
      ),
    )
    .returning();
  return row ?? null;
}

export async function valuesOf(db: Database, submissionId: string): Promise<ValueRow[]> {
  return queryRows<ValueRow>(
    db,
    sql`SELECT indicator_code AS "indicatorCode", num::float8 AS num, txt FROM report_values
        WHERE submission_id = ${submissionId}::uuid`,
  );
}

/**
 * The values of many reports at once (the same form and period), by unit. Read through each report's key and then
 * its values' primary key: report_values has no index by unit, and a period holds millions of rows nationally.
 */
export async function valuesOfUnits(
  db: Database,
  formId: string,
  periodCode: string,
  unitIds: readonly string[],
  statuses: readonly string[],
): Promise<(ValueRow & { unitId: string })[]> {
  if (unitIds.length === 0) return [];
  return queryRows(
    db,
    sql`SELECT v.unit_id AS "unitId", v.indicator_code AS "indicatorCode", v.num::float8 AS num, v.txt
        FROM report_submissions s JOIN report_values v ON v.submission_id = s.id
        WHERE s.form_id = ${formId} AND s.period_code = ${periodCode} AND s.unit_id = ANY(${idArray(unitIds)})
          AND s.status = ANY(${textArray(statuses)})`,
  );
}

/** Replaces the values of the given indicators (a null value deletes the row). */
export async function writeValues(
  db: Database,
  submission: Pick<SubmissionRow, 'id' | 'federationId' | 'unitId' | 'formId' | 'periodCode'>,
  values: readonly ValueRow[],
): Promise<void> {
  if (values.length === 0) return;
  await db
    .delete(reportValues)
    .where(
      and(
        eq(reportValues.submissionId, submission.id),
        sql`${reportValues.indicatorCode} = ANY(${textArray(values.map((v) => v.indicatorCode))})`,
      ),
    );
  const kept = values.filter((v) => v.num !== null || v.txt !== null);
  if (kept.length === 0) return;
  await db.insert(reportValues).values(
    kept.map((v) => ({
      submissionId: submission.id,
      indicatorCode: v.indicatorCode,
      federationId: submission.federationId,
      unitId: submission.unitId,
      formId: submission.formId,
      periodCode: submission.periodCode,
      num: v.num === null ? null : String(v.num),
      txt: v.txt,
    })),
  );
}

/** Holds a report's row until the transaction ends (imports and status moves re-read it under the lock). */
export async function lockSubmissions(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await queryRows(
    db,
    sql`SELECT id FROM report_submissions WHERE id = ANY(${idArray(ids)}) ORDER BY id FOR UPDATE`,
  );
}

/** Reports waiting in one of `statuses` from units under `rootId` on `date` (the unit itself left out). */
export async function submissionsUnder(
  db: Database,
  rootId: string,
  date: string,
  statuses: readonly string[],
): Promise<(SubmissionRow & { unitName: string; unitCode: string })[]> {
  const rows = await queryRows<SubmissionRow & { unitName: string; unitCode: string }>(
    db,
    sql`SELECT s.id, s.federation_id AS "federationId", s.form_id AS "formId", s.period_code AS "periodCode",
               s.unit_id AS "unitId", s.status, s.version, s.received_on::text AS "receivedOn",
               s.submitted_at AS "submittedAt", s.submitted_by AS "submittedBy", s.decided_at AS "decidedAt",
               s.decided_by AS "decidedBy", s.comment, s.created_at AS "createdAt", s.updated_at AS "updatedAt",
               s.updated_by AS "updatedBy", u.name AS "unitName", u.code AS "unitCode"
        FROM unit_closure c
        JOIN report_submissions s ON s.unit_id = c.descendant_id AND s.status = ANY(${textArray(statuses)})
        JOIN units u ON u.id = s.unit_id
        WHERE c.ancestor_id = ${rootId}::uuid AND c.depth > 0
          AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
        ORDER BY s.submitted_at NULLS LAST, u.name
        LIMIT 2000`,
  );
  return rows.map(withDates);
}
