/**
 * A unit's report for a form and a period, as the entry screen shows it (values, figures from the registry, formulas,
 * last period, targets, problems, who approves), and the saving of a draft.
 */
import { lockTransactionShared, type Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { holdsOver, recordAudit, requireUnit } from '../../access/service';
import { reportError, editedMeanwhile, invalidValues, notExpected } from '../errors';
import {
  checkReport,
  isEditable,
  isExpected,
  readValue,
  STATUS_LABELS,
  type Indicator,
  type ReportStatus,
  type StoredValue,
} from '../model';
import { previousPeriod, samePeriodLastYear, vietnamDate } from '../periods';
import * as submissionStore from '../submission-store';
import * as targetStore from '../target-store';
import { CATALOGUE_LOCK, formPeriodOf, loadCatalogue, resolveFormPeriod, type FormPeriod } from './catalogue';
import { approverOf, federationOf, loadUnit, registryValues, withFormulas } from './common';

/** The numbers of a report's values (text left out), keyed by indicator. */
export function numbersOf(rows: readonly submissionStore.ValueRow[]): Map<string, number | null> {
  return new Map(rows.filter((r) => r.txt === null).map((r) => [r.indicatorCode, r.num]));
}

/** A unit's values of a form for a period, whatever the report's status (none: an empty map). */
async function valuesFor(db: Database, fp: FormPeriod, unitId: string, periodCode: string) {
  const submission = await submissionStore.findSubmission(db, fp.form.id, periodCode, unitId);
  return submission
    ? numbersOf(await submissionStore.valuesOf(db, submission.id))
    : new Map<string, number | null>();
}

export async function getReport(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
) {
  await requireUnit(db, actor, 'reports.read', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const unit = await loadUnit(db, unitId, fp.period.end);
  const submission = await submissionStore.findSubmission(db, fp.form.id, fp.period.code, unitId);
  const stored = submission ? await submissionStore.valuesOf(db, submission.id) : [];
  const status: ReportStatus = (submission?.status as ReportStatus | undefined) ?? 'draft';
  // A report being written shows the registry as it is now; a submitted one what it was given when submitted.
  const figures = isEditable(status)
    ? await registryValues(db, fp, unitId)
    : new Map<string, number | null>();
  const numbers = numbersOf(stored);
  for (const [code, v] of figures) numbers.set(code, v);
  withFormulas(fp.indicators, numbers);
  const previous = previousPeriod(fp.periodType, fp.period);
  const lastYear = samePeriodLastYear(fp.periodType, fp.period);
  const [lastValues, lastYearValues, targets, approver] = await Promise.all([
    previous ? valuesFor(db, fp, unitId, previous.code) : new Map<string, number | null>(),
    lastYear ? valuesFor(db, fp, unitId, lastYear.code) : new Map<string, number | null>(),
    targetStore.targetsOf(db, [unitId], fp.period.year),
    approverOf(db, unit),
  ]);
  const [canEdit, canApprove] = await Promise.all([
    holdsOver(db, actor, 'reports.write', unitId),
    approver ? holdsOver(db, actor, 'reports.approve', approver.id) : Promise.resolve(false),
  ]);
  const texts = new Map(stored.filter((r) => r.txt !== null).map((r) => [r.indicatorCode, r.txt]));
  const targetOf = new Map(targets.map((t) => [t.indicatorCode, t.value]));
  return {
    form: { id: fp.form.id, nameVi: fp.form.nameVi, nameEn: fp.form.nameEn },
    period: fp.period,
    deadline: fp.deadline,
    unit: { id: unit.id, code: unit.code, name: unit.name },
    expected: isExpected(unit, fp.version.fillerTypes, fp.period.end),
    submission: submission
      ? {
          id: submission.id,
          status,
          version: submission.version,
          submittedOn: submission.submittedAt ? vietnamDate(submission.submittedAt) : null,
          receivedOn: submission.receivedOn,
          comment: submission.comment,
          updatedAt: submission.updatedAt.toISOString(),
        }
      : null,
    approver,
    canEdit: canEdit && isEditable(status),
    canApprove,
    sections: fp.sections,
    indicators: fp.indicators.map((i) => ({
      ...indicatorView(i),
      value: i.valueType === 'text' ? (texts.get(i.code) ?? null) : (numbers.get(i.code) ?? null),
      lastPeriod: lastValues.get(i.code) ?? null,
      lastYear: lastYearValues.get(i.code) ?? null,
      target: targetOf.get(i.code) ?? null,
    })),
    problems: checkReport(fp.indicators, numbers, fp.rules, lastValues),
  };
}

export function indicatorView(i: Indicator) {
  return {
    code: i.code,
    nameVi: i.nameVi,
    nameEn: i.nameEn,
    measure: i.measure,
    valueType: i.valueType,
    aggregation: i.aggregation,
    source: i.source,
    formula: i.formula,
    parentCode: i.parentCode,
  };
}

/**
 * Reads what was typed for a form's typed indicators: every problem named by indicator, or the stored values. An
 * indicator the form does not have, or one the registry or a formula gives, is refused by name.
 */
export function readTypedValues(
  fp: FormPeriod,
  raw: Readonly<Record<string, string | number | boolean | null>>,
  fieldOf: (code: string) => string = (code) => `values.${code}`,
): Map<string, StoredValue | null> {
  const byCode = new Map(fp.indicators.map((i) => [i.code, i]));
  const problems: { field: string; message: string }[] = [];
  const read = new Map<string, StoredValue | null>();
  for (const [code, value] of Object.entries(raw)) {
    const indicator = byCode.get(code);
    if (!indicator) {
      problems.push({ field: fieldOf(code), message: `Biểu mẫu không có chỉ tiêu "${code}".` });
      continue;
    }
    if (indicator.source !== 'typed') {
      problems.push({
        field: fieldOf(code),
        message: `"${indicator.nameVi}" được tính tự động (${indicator.source === 'registry' ? 'từ sổ đoàn viên và cây tổ chức' : 'theo công thức'}), không nhập.`,
      });
      continue;
    }
    const got = readValue(indicator, value);
    if (got.ok) read.set(code, got.value);
    else problems.push({ field: fieldOf(code), message: got.message });
  }
  if (problems.length) throw invalidValues(problems);
  return read;
}

/** What a report of the period is entered and checked against: its version, indicators, rules and filler types. */
const formShape = (fp: FormPeriod) =>
  JSON.stringify([
    fp.version.validFrom,
    fp.indicators.map((i) => [i.code, i.valueType, i.aggregation]),
    fp.rules,
    fp.version.fillerTypes,
  ]);

/** The report's row, created as a draft when the unit has none yet; checks that the unit files this form. */
export async function openSubmission(
  db: Database,
  actor: Actor,
  fp: FormPeriod,
  unitId: string,
): Promise<submissionStore.SubmissionRow> {
  const existing = await submissionStore.findSubmission(db, fp.form.id, fp.period.code, unitId);
  if (existing) return existing;
  const unit = await loadUnit(db, unitId, fp.period.end);
  if (!isExpected(unit, fp.version.fillerTypes, fp.period.end))
    throw notExpected(unit.name, fp.form.nameVi, fp.period.labelVi);
  // The form was read before this transaction: held against a concurrent edit of the catalogue, it must still be the
  // version the period reads now (a new version may not take a period once it has a report).
  await lockTransactionShared(db, CATALOGUE_LOCK);
  const now = formPeriodOf(await loadCatalogue(db), fp.form.id, fp.period.code);
  if (formShape(now) !== formShape(fp))
    throw reportError('report_form_changed', { form: fp.form.nameVi, period: fp.period.labelVi });
  const created = await submissionStore.insertSubmission(db, {
    federationId: federationOf(unit),
    formId: fp.form.id,
    periodCode: fp.period.code,
    unitId,
    updatedBy: actor.userId,
  });
  // Created by someone else at the same moment: theirs is the draft.
  return created ?? (await submissionStore.findSubmission(db, fp.form.id, fp.period.code, unitId))!;
}

export function notEditable(unitName: string, status: ReportStatus) {
  return reportError('report_not_editable', {
    unit: unitName,
    status: STATUS_LABELS[status],
    statusEn: status,
    hint:
      status === 'approved'
        ? 'Đơn vị duyệt có thể mở lại báo cáo, ghi rõ lý do.'
        : 'Đơn vị duyệt có thể trả lại báo cáo để sửa.',
  });
}

/**
 * Saves a draft: the typed values given (an empty one clears the figure). `version` is the report's version the form
 * loaded (null for a report not yet created); a change made meanwhile is refused (409), nothing written.
 */
export async function saveReport(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  input: { version: number | null; values: Record<string, string | number | boolean | null> },
) {
  await requireUnit(db, actor, 'reports.write', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const typed = readTypedValues(fp, input.values);
  return db.transaction(async (tx) => {
    const submission = await openSubmission(tx, actor, fp, unitId);
    const unit = await loadUnit(tx, unitId, fp.period.end);
    const status = submission.status as ReportStatus;
    if (input.version !== null && input.version !== submission.version) throw editedMeanwhile(unit.name);
    if (input.version === null && submission.version !== 1) throw editedMeanwhile(unit.name);
    if (!isEditable(status)) throw notEditable(unit.name, status);
    const before = new Map(
      (await submissionStore.valuesOf(tx, submission.id)).map((r) => [r.indicatorCode, r]),
    );
    const changed = [...typed].filter(([code, v]) => {
      const old = before.get(code);
      return (old?.num ?? null) !== (v?.num ?? null) || (old?.txt ?? null) !== (v?.txt ?? null);
    });
    const updated = await submissionStore.updateSubmissionIf(
      tx,
      submission.id,
      submission.version,
      ['draft', 'returned'],
      {
        updatedBy: actor.userId,
      },
    );
    if (!updated) throw editedMeanwhile(unit.name);
    await submissionStore.writeValues(
      tx,
      submission,
      changed.map(([code, v]) => ({ indicatorCode: code, num: v?.num ?? null, txt: v?.txt ?? null })),
    );
    const shown = (v: { num: number | null; txt: string | null } | null | undefined) =>
      v?.txt ?? v?.num ?? null;
    await recordAudit(tx, actor, {
      action: 'report.save',
      entity: 'report',
      entityId: submission.id,
      unitId,
      federationId: submission.federationId,
      before: {
        form: fp.form.id,
        period: fp.period.code,
        values: changed.map(([c]) => ({ indicator: c, value: shown(before.get(c)) })),
      },
      after: {
        form: fp.form.id,
        period: fp.period.code,
        values: changed.map(([c, v]) => ({ indicator: c, value: shown(v) })),
      },
    });
    return {
      id: submission.id,
      status,
      version: updated.version,
      savedAt: updated.updatedAt.toISOString(),
      changed: changed.length,
    };
  });
}
