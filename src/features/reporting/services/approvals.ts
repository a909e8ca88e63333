/** The queue of reports a unit approves: submitted by units whose nearest approving ancestor today is this unit. */
import type { Database } from '../../../platform/db';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { requireUnit } from '../../access/service';
import { vietnamDate } from '../periods';
import * as submissionStore from '../submission-store';
import * as treeStore from '../tree-store';
import { loadCatalogue, formPeriodOf } from './catalogue';

export async function listApprovals(db: Database, actor: Actor, unitId: string) {
  await requireUnit(db, actor, 'reports.approve', unitId);
  const today = todayIso();
  const waiting = await submissionStore.submissionsUnder(db, unitId, today, ['submitted']);
  const approvers = await treeStore.nearestWithPower(
    db,
    [...new Set(waiting.map((s) => s.unitId))],
    today,
    'approve_reports',
  );
  const catalogue = await loadCatalogue(db);
  return {
    reports: waiting
      .filter((s) => approvers.get(s.unitId)?.id === unitId)
      .map((s) => {
        const fp = formPeriodOf(catalogue, s.formId, s.periodCode);
        return {
          id: s.id,
          unitId: s.unitId,
          unitCode: s.unitCode,
          unitName: s.unitName,
          formId: s.formId,
          formName: fp.form.nameVi,
          periodCode: s.periodCode,
          periodLabel: fp.period.labelVi,
          deadline: fp.deadline,
          submittedOn: s.submittedAt ? vietnamDate(s.submittedAt) : null,
          version: s.version,
        };
      }),
  };
}
