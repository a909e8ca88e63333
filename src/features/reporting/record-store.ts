/**
 * Reports recorded many at once (the demo's two years of history, an import of reports already decided): the
 * reports with their values written in bulk.
 */
import type { Database } from '../../platform/db';
import { insertTableRows } from '../../platform/db';
import { reportSubmissions, reportValues } from './tables';

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
