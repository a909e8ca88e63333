/**
 * Reports recorded as already handed in: many units' reports of one form and period written at once with the day each
 * was submitted (or received on paper) and whether the upper union has approved it. For history that happened before
 * the product: the demo's two years of reports, a province bringing in last year's figures. The same checks as a
 * submission (typed values read as the entry form reads them, registry figures and formulas fixed, no rule broken),
 * every problem named by row and nothing written when any is found; one transaction, the period's totals recomputed
 * from the raw values at the end, one audit row. A unit that already has a report for the period is refused: its
 * report moves through the entry form (saveReport, moveReport).
 */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { isIsoDate, todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudit, requireUnit } from '../../access/service';
import { importInvalid } from '../errors';
import { checkReport, isExpected, type StoredValue } from '../model';
import * as recordStore from '../record-store';
import * as registryStore from '../registry-store';
import * as rollupStore from '../rollup-store';
import * as submissionStore from '../submission-store';
import * as treeStore from '../tree-store';
import { resolveFormPeriod } from './catalogue';
import { federationOf, loadUnit, registryValueOf, withFormulas } from './common';
import { readTypedValues } from './report-entry';

export interface RecordedReport {
  unitId: string;
  /** Typed values as the entry form takes them, by indicator code. */
  values: Record<string, string | number | boolean | null>;
  status: 'submitted' | 'approved';
  /** The day (Vietnam) the report was submitted; it decides on time or late. */
  submittedOn: string;
  /** The day a report handed in on paper reached the upper union (the exchange file's "Ngày nộp"): counts instead. */
  receivedOn?: string | null | undefined;
  /** The day the upper union approved it (approved only; default: the day it was submitted). */
  approvedOn?: string | null | undefined;
}

/** A day as an instant inside it, Vietnam time (office hours, so the day never shifts). */
const dayAt = (iso: string, hour: number) => new Date(`${iso}T${String(hour).padStart(2, '0')}:00:00+07:00`);

/**
 * Records the reports of units under `rootId` (itself included) for a form and period: the actor must be able to
 * submit and approve there. Returns how many were written.
 */
export async function recordReports(
  db: Database,
  actor: Actor,
  rootId: string,
  formId: string,
  periodCode: string,
  reports: readonly RecordedReport[],
): Promise<{ recorded: number; approved: number }> {
  await requireUnit(db, actor, 'reports.write', rootId);
  await requireUnit(db, actor, 'reports.approve', rootId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const root = await loadUnit(db, rootId, fp.period.end);
  const today = todayIso();
  const units = new Map(
    (await treeStore.unitsOfPeriod(db, rootId, fp.period.start, fp.period.end))
      .filter((u) => isExpected(u, fp.version.fillerTypes, fp.period.end))
      .map((u) => [u.id, u]),
  );
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  const typed = reports.map((r, n) => {
    const field = (name: string) => `reports.${n}.${name}`;
    if (!units.has(r.unitId))
      problems.push({
        field: field('unitId'),
        message: `Đơn vị không phải nộp "${fp.form.nameVi}" ${fp.period.labelVi} tại đơn vị này.`,
      });
    if (seen.has(r.unitId))
      problems.push({ field: field('unitId'), message: 'Đơn vị có hai báo cáo trong cùng lần ghi.' });
    seen.add(r.unitId);
    const dates: [string, string | null | undefined][] = [
      ['submittedOn', r.submittedOn],
      ['receivedOn', r.receivedOn],
      ['approvedOn', r.approvedOn],
    ];
    for (const [name, day] of dates) {
      if (day === null || day === undefined) continue;
      if (!isIsoDate(day) || day < fp.period.start || day > today)
        problems.push({
          field: field(name),
          message: `Ngày phải từ ngày đầu kỳ báo cáo đến hôm nay (${name === 'submittedOn' ? 'ngày nộp' : name === 'receivedOn' ? 'ngày nhận' : 'ngày duyệt'}).`,
        });
    }
    if (r.approvedOn && (r.status !== 'approved' || r.approvedOn < r.submittedOn))
      problems.push({
        field: field('approvedOn'),
        message: 'Ngày duyệt chỉ có ở báo cáo đã duyệt, không trước ngày nộp.',
      });
    try {
      return readTypedValues(fp, r.values, (code) => field(`values.${code}`));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(...error.problems);
      return new Map<string, StoredValue | null>();
    }
  });
  const registry = await registryStore.registryFiguresOf(
    db,
    reports.map((r) => r.unitId).filter((id) => units.has(id)),
    fp.period.start,
    fp.period.end,
  );
  const computed = fp.indicators.filter((i) => i.source !== 'typed');
  const numbers = reports.map((r, n) => {
    const values = new Map<string, number | null>();
    for (const [code, v] of typed[n]!)
      if (v?.txt === null || v?.txt === undefined) values.set(code, v?.num ?? null);
    const figures = registry.get(r.unitId)?.figures;
    for (const i of fp.indicators.filter((i) => i.source === 'registry'))
      values.set(i.code, figures ? registryValueOf(i, figures) : null);
    withFormulas(fp.indicators, values);
    for (const p of checkReport(fp.indicators, values, fp.rules))
      if (p.severity === 'error')
        problems.push({ field: `reports.${n}.values.${p.indicator}`, message: p.message });
    return values;
  });
  const existing = await submissionStore.submissionsOf(db, fp.form.id, fp.period.code, [...seen]);
  for (const s of existing) {
    const n = reports.findIndex((r) => r.unitId === s.unitId);
    problems.push({
      field: `reports.${n}.unitId`,
      message: `${units.get(s.unitId)?.name ?? 'Đơn vị'} đã có báo cáo kỳ này: sửa, nộp và duyệt trên màn hình báo cáo.`,
    });
  }
  if (problems.length) throw importInvalid(problems);

  return db.transaction(async (tx) => {
    const ids = await recordStore.insertRecordedSubmissions(
      tx,
      reports.map((r) => ({
        federationId: federationOf(units.get(r.unitId)!),
        formId: fp.form.id,
        periodCode: fp.period.code,
        unitId: r.unitId,
        status: r.status,
        receivedOn: r.receivedOn ?? null,
        submittedAt: dayAt(r.submittedOn, 9),
        decidedAt: r.status === 'approved' ? dayAt(r.approvedOn ?? r.submittedOn, 15) : null,
        by: actor.userId,
      })),
    );
    const values = reports.flatMap((r, n) => {
      const base = {
        submissionId: ids.get(r.unitId)!,
        federationId: federationOf(units.get(r.unitId)!),
        unitId: r.unitId,
        formId: fp.form.id,
        periodCode: fp.period.code,
      };
      const texts = [...typed[n]!]
        .filter(([, v]) => v?.txt != null)
        .map(([code, v]) => ({ ...base, indicatorCode: code, num: null, txt: v!.txt }));
      const figures = [...numbers[n]!]
        .filter(([code, v]) => v !== null && (typed[n]!.has(code) || computed.some((i) => i.code === code)))
        .map(([code, v]) => ({ ...base, indicatorCode: code, num: v, txt: null }));
      return [...texts, ...figures];
    });
    await recordStore.insertRecordedValues(tx, values);
    await rollupStore.recomputeTotals(tx, fp.form.id, fp.period.code, fp.period.end);
    const approved = reports.filter((r) => r.status === 'approved').length;
    await recordAudit(tx, actor, {
      action: 'report.import',
      entity: 'report',
      entityId: `${fp.form.id}:${fp.period.code}:${rootId}`,
      unitId: rootId,
      federationId: federationOf(root),
      before: null,
      after: { form: fp.form.id, period: fp.period.code, recorded: reports.length, approved },
    });
    return { recorded: reports.length, approved };
  });
}
