/**
 * Many units' reports entered at once by the union above them (reports received on paper, or a table gathered by
 * e-mail): an Excel file of the template (report-exchange.ts) or the same as JSON. Every bad row is named (row,
 * column, Vietnamese message) and nothing is written when any is bad; otherwise one transaction saves the values,
 * submits (the day the paper report came in as its received day) and approves, report by report as moveReport does.
 */
import type { Database } from '../../../platform/db';
import { lockTransaction } from '../../../platform/db';
import { AppError, type Problem } from '../../../platform/errors';
import { formatDate, parseDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudit, requireUnit } from '../../access/service';
import { normalizeUnitCode } from '../../organisation/model';
import { importConflict, importInvalid } from '../errors';
import { isEditable, STATUS_LABELS, type ReportStatus, type StoredValue } from '../model';
import * as submissionStore from '../submission-store';
import * as treeStore from '../tree-store';
import { resolveFormPeriod, type FormPeriod } from './catalogue';
import { federationOf, loadUnit } from './common';
import { expectedReports } from './completeness';
import { openSubmission, readTypedValues } from './report-entry';
import { moveInTransaction } from './report-status';

export type RawValue = string | number | boolean | null;

/** One unit's report in an import: from a file row or a JSON item. */
export interface ReportImportRow {
  unitCode: string;
  /** The day the paper report came in: dd/mm/yyyy or ISO (empty: the day of the import). */
  receivedOn?: string | null | undefined;
  values: Record<string, RawValue>;
  /** The report's version the file was made from (null: it had none); undefined: not checked. */
  version?: number | null | undefined;
  /** Where a problem of this row is shown: the field path, and for a file its row and the column's header. */
  where: (column: string | null) => { field: string; row?: number; column?: string };
}

export interface ImportOptions {
  submit?: boolean | undefined;
  approve?: boolean | undefined;
}

export interface ImportOutcome {
  /** The reports the import named. */
  reports: number;
  /** Those whose values changed. */
  changed: number;
  submitted: number;
  approved: number;
}

interface CheckedRow {
  row: ReportImportRow;
  unit: treeStore.ReportUnit;
  typed: Map<string, StoredValue | null>;
  receivedOn: string | null;
}

const problemAt = (row: ReportImportRow, column: string | null, message: string): Problem => ({
  ...row.where(column),
  message,
});

/** The checks that need no lock: the unit of each row, its values, its received day, who approves it. */
async function checkRows(
  db: Database,
  fp: FormPeriod,
  importer: treeStore.ReportUnit,
  rows: readonly ReportImportRow[],
  options: ImportOptions,
  columnOf: (code: string) => string,
) {
  const problems: Problem[] = [];
  const expected = new Map(
    (await expectedReports(db, fp, importer.id)).map((r) => [normalizeUnitCode(r.unit.code), r.unit]),
  );
  const codes = rows.map((r) => normalizeUnitCode(r.unitCode ?? ''));
  const known = new Map(
    (await treeStore.unitsByCode(db, codes.filter(Boolean), fp.period.end)).map((u) => [
      normalizeUnitCode(u.code),
      u,
    ]),
  );
  const approvers = options.approve
    ? await treeStore.approversOf(
        db,
        [...expected.values()].map((u) => u.id),
        todayIso(),
      )
    : new Map<string, { id: string; name: string }>();
  const seen = new Map<string, number>();
  const checked: CheckedRow[] = [];
  rows.forEach((row, n) => {
    const problemsBefore = problems.length;
    const code = codes[n]!;
    const unit = expected.get(code);
    if (!code) problems.push(problemAt(row, 'unit', 'Thiếu mã đơn vị.'));
    else if (!unit)
      problems.push(
        problemAt(
          row,
          'unit',
          known.has(code)
            ? `"${known.get(code)!.name}" (mã ${code}) không thuộc ${importer.name} vào ngày ${formatDate(fp.period.end)}, hoặc không phải nộp biểu mẫu "${fp.form.nameVi}" kỳ ${fp.period.labelVi}.`
            : `Không có đơn vị mã "${row.unitCode}".`,
        ),
      );
    else if (seen.has(code))
      problems.push(
        problemAt(
          row,
          'unit',
          `Đơn vị mã ${code} đã có ở dòng trước (${seen.get(code)}); mỗi đơn vị một dòng.`,
        ),
      );
    if (code && unit && !seen.has(code)) seen.set(code, row.where('unit').row ?? n + 1);
    let typed = new Map<string, StoredValue | null>();
    try {
      typed = readTypedValues(fp, row.values, (c) => {
        const at = row.where(columnOf(c));
        return at.field;
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const byField = new Map(
        Object.keys(row.values).map((c) => [row.where(columnOf(c)).field, columnOf(c)] as const),
      );
      for (const p of error.problems) problems.push(problemAt(row, byField.get(p.field) ?? null, p.message));
    }
    let receivedOn: string | null = null;
    const rawDay = row.receivedOn?.trim() ?? '';
    if (rawDay) {
      receivedOn = parseDate(rawDay);
      if (!receivedOn)
        problems.push(problemAt(row, 'receivedOn', `Ngày nộp "${rawDay}" không đúng dạng dd/mm/yyyy.`));
      else if (receivedOn > todayIso())
        problems.push(problemAt(row, 'receivedOn', `Ngày nộp ${formatDate(receivedOn)} chưa tới.`));
      else if (receivedOn < fp.period.start)
        problems.push(
          problemAt(row, 'receivedOn', `Ngày nộp ${formatDate(receivedOn)} trước khi kỳ báo cáo bắt đầu.`),
        );
    }
    if (unit && options.approve) {
      const approver = approvers.get(unit.id);
      if (approver?.id !== importer.id)
        problems.push(
          problemAt(
            row,
            'unit',
            approver
              ? `Báo cáo của "${unit.name}" do "${approver.name}" duyệt; ${importer.name} không duyệt được.`
              : `Không tìm thấy đơn vị có thẩm quyền duyệt báo cáo của "${unit.name}".`,
          ),
        );
    }
    if (unit && problems.length === problemsBefore) checked.push({ row, unit, typed, receivedOn });
  });
  return { problems, checked };
}

const same = (a: StoredValue | null | undefined, b: StoredValue | null | undefined) =>
  (a?.num ?? null) === (b?.num ?? null) && (a?.txt ?? null) === (b?.txt ?? null);

/**
 * Imports many units' reports into `unitId`'s expected units for a form and period, in one transaction. An empty
 * cell leaves the stored value as it is. A report changed since the file was made (its version) refuses the whole
 * import (409); a bad row refuses it too (400), every row named.
 */
export async function importReports(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  rows: readonly ReportImportRow[],
  options: ImportOptions,
  source: { format: 'xlsx' | 'json'; fileName?: string; columnOf?: (code: string) => string },
): Promise<ImportOutcome> {
  await requireUnit(db, actor, 'reports.write', unitId);
  if (options.approve) await requireUnit(db, actor, 'reports.approve', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const importer = await loadUnit(db, unitId, fp.period.end);
  const columnOf = source.columnOf ?? ((code: string) => code);
  const { problems, checked } = await checkRows(db, fp, importer, rows, options, columnOf);
  if (problems.length) throw importInvalid(problems);
  if (checked.length === 0)
    throw importInvalid([{ field: 'reports', message: 'Tệp không có dòng số liệu nào của đơn vị.' }]);

  return db.transaction(async (tx) => {
    // Imports of the same form and period run one after another; a unit's own save is held off by the row locks.
    await lockTransaction(tx, `report-import:${fp.form.id}:${fp.period.code}`);
    const ordered = [...checked].sort((a, b) => a.unit.id.localeCompare(b.unit.id));
    for (const c of ordered) await openSubmission(tx, actor, fp, c.unit.id);
    const ids = ordered.map((c) => c.unit.id);
    const first = await submissionStore.submissionsOf(tx, fp.form.id, fp.period.code, ids);
    await submissionStore.lockSubmissions(
      tx,
      first.map((s) => s.id),
    );
    const held = new Map(
      (await submissionStore.submissionsOf(tx, fp.form.id, fp.period.code, ids)).map((s) => [s.unitId, s]),
    );
    const conflicts: Problem[] = [];
    const bad: Problem[] = [];
    const outcome: ImportOutcome = { reports: checked.length, changed: 0, submitted: 0, approved: 0 };
    for (const c of checked) {
      let submission = held.get(c.unit.id)!;
      const status = submission.status as ReportStatus;
      const { version } = c.row;
      if (version !== undefined && (version ?? 1) !== submission.version) {
        conflicts.push(
          problemAt(
            c.row,
            'unit',
            `Báo cáo của "${c.unit.name}" đã được sửa hoặc chuyển trạng thái (${STATUS_LABELS[status]}) sau khi tải tệp.`,
          ),
        );
        continue;
      }
      const before = new Map(
        (await submissionStore.valuesOf(tx, submission.id)).map((v) => [v.indicatorCode, v]),
      );
      const changed = [...c.typed].filter(([code, v]) => v !== null && !same(before.get(code), v));
      if (changed.length && !isEditable(status)) {
        bad.push(
          problemAt(
            c.row,
            'unit',
            status === 'approved'
              ? `Báo cáo của "${c.unit.name}" đã duyệt và đã khoá; đơn vị duyệt phải mở lại (ghi lý do) trước khi sửa số liệu.`
              : `Báo cáo của "${c.unit.name}" đã nộp, đang chờ duyệt; phải trả lại trước khi sửa số liệu.`,
          ),
        );
        continue;
      }
      if (changed.length) {
        const updated = await submissionStore.updateSubmissionIf(
          tx,
          submission.id,
          submission.version,
          ['draft', 'returned'],
          { updatedBy: actor.userId },
        );
        if (!updated) {
          conflicts.push(problemAt(c.row, 'unit', `Báo cáo của "${c.unit.name}" vừa được sửa.`));
          continue;
        }
        await submissionStore.writeValues(
          tx,
          submission,
          changed.map(([code, v]) => ({ indicatorCode: code, num: v?.num ?? null, txt: v?.txt ?? null })),
        );
        submission = updated;
        outcome.changed += 1;
      }
      try {
        if (options.submit && isEditable(submission.status as ReportStatus)) {
          const moved = await moveInTransaction(tx, actor, fp, c.unit.name, submission, 'submit', {
            version: submission.version,
            receivedOn: c.receivedOn ?? todayIso(),
          });
          submission = moved.updated;
          outcome.submitted += 1;
        }
        if (options.approve && submission.status === 'submitted') {
          const moved = await moveInTransaction(tx, actor, fp, c.unit.name, submission, 'approve', {
            version: submission.version,
          });
          submission = moved.updated;
          outcome.approved += 1;
        } else if (options.approve && isEditable(submission.status as ReportStatus))
          bad.push(
            problemAt(
              c.row,
              'unit',
              `Báo cáo của "${c.unit.name}" chưa nộp nên chưa duyệt được; chọn nộp cùng lúc.`,
            ),
          );
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        const columnByField = (field: string) =>
          field.startsWith('values.') ? columnOf(field.slice('values.'.length)) : 'unit';
        if (error.problems.length)
          for (const p of error.problems)
            bad.push(problemAt(c.row, columnByField(p.field), `${c.unit.name}: ${p.message}`));
        else bad.push(problemAt(c.row, 'unit', error.message));
      }
    }
    if (conflicts.length) throw importConflict(conflicts);
    if (bad.length) throw importInvalid(bad);
    await recordAudit(tx, actor, {
      action: 'report.import',
      entity: 'report_import',
      entityId: null,
      unitId,
      federationId: federationOf(importer),
      before: null,
      after: {
        form: fp.form.id,
        period: fp.period.code,
        format: source.format,
        ...(source.fileName ? { fileName: source.fileName } : {}),
        count: outcome.reports,
        changed: outcome.changed,
        submitted: outcome.submitted,
        approved: outcome.approved,
        codes: checked.map((c) => c.unit.code),
      },
    });
    return outcome;
  });
}

/** The JSON body of an import: each unit's values by indicator code. */
export interface ReportValuesInput {
  reports: {
    unitCode: string;
    receivedOn?: string | null;
    version?: number | null;
    values: Record<string, RawValue>;
  }[];
  submit?: boolean | undefined;
  approve?: boolean | undefined;
}

export async function importReportJson(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  input: ReportValuesInput,
): Promise<ImportOutcome> {
  const rows: ReportImportRow[] = input.reports.map((r, n) => ({
    unitCode: r.unitCode,
    receivedOn: r.receivedOn ?? null,
    values: r.values,
    ...(r.version !== undefined ? { version: r.version } : {}),
    where: (column) => ({
      field:
        column === null
          ? `reports.${n}`
          : column === 'unit'
            ? `reports.${n}.unitCode`
            : column === 'receivedOn'
              ? `reports.${n}.receivedOn`
              : `reports.${n}.values.${column}`,
    }),
  }));
  return importReports(db, actor, unitId, formId, periodCode, rows, input, { format: 'json' });
}
