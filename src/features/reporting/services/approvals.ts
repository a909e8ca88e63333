/**
 * The approval queue of an approving unit: the reports it decides — waiting (submitted), approved (which it may
 * reopen with a reason) and returned (waiting for the unit) — one status a page at a time, with the count of each,
 * narrowed to a form and a period when asked. Whose reports they are follows `approverOf`: the units whose nearest
 * approving ancestor it is today, or on their last day for units that have ended since (dissolved or merged).
 */
import type { Database } from '../../../platform/db';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { requireUnit } from '../../access/service';
import { formNotFound } from '../errors';
import { vietnamDate } from '../periods';
import * as submissionStore from '../submission-store';
import { loadCatalogue, formPeriodOf } from './catalogue';

export interface QueueQuery {
  status: submissionStore.QueueStatus;
  formId?: string | undefined;
  periodCode?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listApprovals(
  db: Database,
  actor: Actor,
  unitId: string,
  query: QueueQuery = { status: 'submitted', page: 1, pageSize: 50 },
) {
  await requireUnit(db, actor, 'reports.approve', unitId);
  const catalogue = await loadCatalogue(db);
  if (query.formId && !catalogue.forms.some((f) => f.id === query.formId)) throw formNotFound(query.formId);
  // A period is read under its form (a code it does not fit is refused, as everywhere else).
  const periodCode =
    query.formId && query.periodCode
      ? formPeriodOf(catalogue, query.formId, query.periodCode).period.code
      : undefined;
  const { rows, counts } = await submissionStore.approvalQueue(db, {
    approverId: unitId,
    today: todayIso(),
    status: query.status,
    formId: query.formId,
    periodCode,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const day = (at: string | null) => (at ? vietnamDate(new Date(at)) : null);
  return {
    status: query.status,
    page: query.page,
    pageSize: query.pageSize,
    counts: {
      submitted: counts.submitted ?? 0,
      approved: counts.approved ?? 0,
      returned: counts.returned ?? 0,
    },
    reports: rows.map((s) => {
      const fp = formPeriodOf(catalogue, s.formId, s.periodCode);
      return {
        id: s.id,
        unitId: s.unitId,
        unitCode: s.unitCode,
        unitName: s.unitName,
        unitEndedOn: s.unitEndedOn,
        formId: s.formId,
        formName: fp.form.nameVi,
        formNameEn: fp.form.nameEn,
        periodCode: s.periodCode,
        periodLabel: fp.period.labelVi,
        periodLabelEn: fp.period.labelEn,
        deadline: fp.deadline,
        status: s.status,
        // A paper report counts from the day it came in (as completeness reads it).
        submittedOn: s.receivedOn ?? day(s.submittedAt),
        decidedOn: day(s.decidedAt),
        decidedBy: s.decidedByName,
        comment: s.comment,
        version: s.version,
      };
    }),
  };
}
