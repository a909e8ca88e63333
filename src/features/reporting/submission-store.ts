/** A unit's report and its values: read, create, write values, move the status (conditional on the version). */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';
import { reportSubmissions, reportValues } from './tables';
import { approverDay, nearestApprover } from './tree-store';

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

export const QUEUE_STATUSES = ['submitted', 'approved', 'returned'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export interface QueueFilter {
  /** The approving unit whose queue is read. */
  approverId: string;
  today: string;
  status: QueueStatus;
  formId?: string | undefined;
  periodCode?: string | undefined;
  limit: number;
  offset: number;
}

export interface QueueRow {
  id: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  /** The unit's end when it has ended (dissolved, merged) by `today`, else null. */
  unitEndedOn: string | null;
  formId: string;
  periodCode: string;
  status: QueueStatus;
  version: number;
  submittedAt: string | null;
  receivedOn: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  comment: string | null;
}

/**
 * One page of the reports an approving unit decides, in one status, with the count of each status (for the same form
 * and period filters). The units are those under it on their approver's day whose approver it is (`nearestApprover`,
 * the rule `approverOf` reads): so a unit that ended after its period still shows at the unit that approved it.
 * Waiting reports come oldest first; decided ones newest decision first.
 */
export async function approvalQueue(
  db: Database,
  f: QueueFilter,
): Promise<{ rows: QueueRow[]; counts: Partial<Record<QueueStatus, number>> }> {
  const day = approverDay(f.today);
  const order =
    f.status === 'submitted'
      ? sql`coalesce(q.received_on::timestamptz, q.submitted_at) NULLS LAST, q.unit_name, q.period_code, q.form_id`
      : sql`q.decided_at DESC NULLS LAST, q.unit_name, q.period_code, q.form_id`;
  const [row] = await queryRows<{ counts: Record<string, number> | null; page: QueueRow[] | null }>(
    db,
    sql`WITH mine AS (
          SELECT u.id, u.code, coalesce(n.name, u.name) AS name,
                 CASE WHEN u.ended_on <= ${f.today}::date THEN u.ended_on::text END AS ended_on
          FROM unit_closure c
          JOIN units u ON u.id = c.descendant_id
          CROSS JOIN ${nearestApprover(f.today)} ap
          LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${day} AND n.valid_to > ${day}
          WHERE c.ancestor_id = ${f.approverId}::uuid AND c.depth > 0
            AND c.valid_from <= ${day} AND c.valid_to > ${day}
            AND ap.id = ${f.approverId}::uuid
        ), found AS (
          SELECT s.id, s.unit_id, m.code AS unit_code, m.name AS unit_name, m.ended_on, s.form_id, s.period_code,
                 s.status, s.version, s.submitted_at, s.received_on, s.decided_at, s.decided_by, s.comment
          FROM mine m JOIN report_submissions s ON s.unit_id = m.id
          WHERE s.status = ANY(${textArray(QUEUE_STATUSES)})
            ${f.formId ? sql`AND s.form_id = ${f.formId}` : sql``}
            ${f.periodCode ? sql`AND s.period_code = ${f.periodCode}` : sql``}
        )
        SELECT
          (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM found GROUP BY status) k)
            AS counts,
          (SELECT json_agg(p) FROM (
             SELECT q.id, q.unit_id AS "unitId", q.unit_code AS "unitCode", q.unit_name AS "unitName",
                    q.ended_on AS "unitEndedOn", q.form_id AS "formId", q.period_code AS "periodCode", q.status,
                    q.version, q.submitted_at AS "submittedAt", q.received_on::text AS "receivedOn",
                    q.decided_at AS "decidedAt", du.full_name AS "decidedByName", q.comment
             FROM found q LEFT JOIN users du ON du.id = q.decided_by
             WHERE q.status = ${f.status}
             ORDER BY ${order}
             LIMIT ${f.limit} OFFSET ${f.offset}) p) AS page`,
  );
  return { rows: row?.page ?? [], counts: row?.counts ?? {} };
}
