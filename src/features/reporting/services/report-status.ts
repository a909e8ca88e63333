/**
 * A report's status moves: the unit submits (the registry's figures and the formulas are fixed into it, the rules must
 * pass); the approving unit approves, returns it with a comment, or reopens an approved one with a reason. Each move
 * is one conditional write on the version the person saw, and changes the live roll-up in the same transaction.
 */
import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { recordAudit, requireUnit } from '../../access/service';
import { editedMeanwhile, invalidValues, reportError, reportNotFound } from '../errors';
import {
  basesOf,
  checkReport,
  STATUS_LABELS,
  TRANSITIONS,
  type Basis,
  type ReportStatus,
  type Transition,
} from '../model';
import { previousPeriod } from '../periods';
import * as rollupStore from '../rollup-store';
import * as submissionStore from '../submission-store';
import { resolveFormPeriod, type FormPeriod } from './catalogue';
import { approverOf, loadUnit, registryValues, withFormulas } from './common';
import { numbersOf, openSubmission } from './report-entry';

const ACTION_WORDS: Record<Transition, { vi: string; en: string }> = {
  submit: { vi: 'nộp', en: 'submitted' },
  approve: { vi: 'duyệt', en: 'approved' },
  return: { vi: 'trả lại', en: 'returned' },
  reopen: { vi: 'mở lại', en: 'reopened' },
};

export interface StatusInput {
  version: number;
  /** The comment when returning, the reason when reopening. */
  comment?: string | undefined;
}

/** Moves the roll-up by what the report counts in before and after a move (approve adds it to the approved basis). */
async function moveRollup(
  tx: Database,
  submissionId: string,
  fp: FormPeriod,
  from: ReportStatus,
  to: ReportStatus,
) {
  const before = new Set(basesOf(from));
  const after = new Set(basesOf(to));
  const gained: Basis[] = [...after].filter((b) => !before.has(b));
  const lost: Basis[] = [...before].filter((b) => !after.has(b));
  await rollupStore.applyReport(tx, submissionId, fp.period.end, lost, -1);
  await rollupStore.applyReport(tx, submissionId, fp.period.end, gained, 1);
}

/** The registry figures and formulas fixed into the report when it is submitted; errors stop the submission. */
async function fixFigures(tx: Database, fp: FormPeriod, submission: submissionStore.SubmissionRow) {
  const numbers = numbersOf(await submissionStore.valuesOf(tx, submission.id));
  const figures = await registryValues(tx, fp, submission.unitId);
  for (const [code, v] of figures) numbers.set(code, v);
  withFormulas(fp.indicators, numbers);
  const previous = previousPeriod(fp.periodType, fp.period);
  const last = previous
    ? await submissionStore.findSubmission(tx, fp.form.id, previous.code, submission.unitId)
    : undefined;
  const lastValues = last
    ? numbersOf(await submissionStore.valuesOf(tx, last.id))
    : new Map<string, number | null>();
  const errors = checkReport(fp.indicators, numbers, fp.rules, lastValues).filter(
    (p) => p.severity === 'error',
  );
  if (errors.length)
    throw invalidValues(errors.map((p) => ({ field: `values.${p.indicator}`, message: p.message })));
  const computed = fp.indicators.filter((i) => i.source !== 'typed');
  await submissionStore.writeValues(
    tx,
    submission,
    computed.map((i) => ({ indicatorCode: i.code, num: numbers.get(i.code) ?? null, txt: null })),
  );
}

/**
 * Submits, approves, returns or reopens a unit's report. Submitting needs reports.write over the unit; the others
 * reports.approve over the unit that approves it (its nearest ancestor today whose type holds approve_reports).
 */
export async function moveReport(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  transition: Transition,
  input: StatusInput,
) {
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const unit = await loadUnit(db, unitId, fp.period.end);
  if (transition === 'submit') await requireUnit(db, actor, 'reports.write', unitId);
  else {
    const approver = await approverOf(db, unit);
    if (!approver) throw reportError('report_no_approver', { unit: unit.name });
    await requireUnit(db, actor, 'reports.approve', approver.id);
  }
  const comment = input.comment?.normalize('NFC').trim() ?? '';
  if ((transition === 'return' || transition === 'reopen') && comment === '')
    throw reportError('report_reason_required', {
      action: transition === 'return' ? 'trả lại' : 'mở lại báo cáo',
      actionEn: transition === 'return' ? 'return the report' : 'reopen the report',
    });
  return db.transaction(async (tx) => {
    const submission =
      transition === 'submit'
        ? await openSubmission(tx, actor, fp, unitId)
        : await submissionStore.findSubmission(tx, fp.form.id, fp.period.code, unitId);
    if (!submission) throw reportNotFound();
    const moved = await moveInTransaction(tx, actor, fp, unit.name, submission, transition, {
      ...input,
      comment,
    });
    return { id: moved.id, status: moved.status, version: moved.version };
  });
}

/**
 * One report's move inside the caller's transaction, the caller having checked who may make it: the version and the
 * status checked, the figures fixed at submission (`receivedOn`: the day a paper report came in), the conditional
 * write, the roll-up and the audit row. The import moves many reports this way in one transaction.
 */
export async function moveInTransaction(
  tx: Database,
  actor: Actor,
  fp: FormPeriod,
  unitName: string,
  submission: submissionStore.SubmissionRow,
  transition: Transition,
  input: StatusInput & { receivedOn?: string | null | undefined },
) {
  const move = TRANSITIONS[transition];
  const comment = input.comment ?? '';
  const from = submission.status as ReportStatus;
  if (submission.version !== input.version) throw editedMeanwhile(unitName);
  if (!(move.from as readonly string[]).includes(from))
    throw reportError('report_wrong_status', {
      unit: unitName,
      status: STATUS_LABELS[from],
      statusEn: from,
      action: ACTION_WORDS[transition].vi,
      actionEn: ACTION_WORDS[transition].en,
    });
  if (transition === 'submit') await fixFigures(tx, fp, submission);
  const now = new Date();
  const receivedOn = transition === 'submit' ? (input.receivedOn ?? null) : null;
  const updated = await submissionStore.updateSubmissionIf(tx, submission.id, input.version, move.from, {
    status: move.to,
    updatedBy: actor.userId,
    ...(transition === 'submit'
      ? { submittedAt: now, submittedBy: actor.userId, comment: null, ...(receivedOn ? { receivedOn } : {}) }
      : { decidedAt: now, decidedBy: actor.userId, comment: comment || null }),
  });
  if (!updated) throw editedMeanwhile(unitName);
  await moveRollup(tx, submission.id, fp, from, move.to);
  await recordAudit(tx, actor, {
    action: `report.${transition}`,
    entity: 'report',
    entityId: submission.id,
    unitId: submission.unitId,
    federationId: submission.federationId,
    before: { form: fp.form.id, period: fp.period.code, status: from },
    after: {
      form: fp.form.id,
      period: fp.period.code,
      status: move.to,
      ...(comment ? { comment } : {}),
      ...(receivedOn ? { receivedOn } : {}),
    },
  });
  return { id: submission.id, status: move.to as ReportStatus, version: updated.version, updated };
}
