/**
 * Who has reported: the units expected to file a form for a period under a unit (alive on the period's last day, of a
 * type the form's version of that day assigns), each submitted on time, late or missing; rates per level and per
 * unit directly below that never exceed 100% (only expected units enter the numerator); the missing units with the
 * names, phones and e-mails of their officers.
 */
import { compareVietnamese } from '../../../lib/text';
import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { requireUnit } from '../../access/service';
import { completenessOf, isExpected, timelinessOf, type ReportStatus, type Timeliness } from '../model';
import { vietnamDate } from '../periods';
import * as treeStore from '../tree-store';
import { resolveFormPeriod, type FormPeriod } from './catalogue';

export interface ExpectedReport {
  unit: treeStore.ReportUnit & { depth: number; parentId: string | null };
  /** The unit directly below the root that this unit belongs to (itself at depth 1). */
  branchId: string | null;
  status: ReportStatus | null;
  submittedOn: string | null;
  receivedOn: string | null;
  timeliness: Timeliness;
}

/** The expected reports under a unit (the unit itself left out), with how each stands. */
export async function expectedReports(
  db: Database,
  fp: FormPeriod,
  rootId: string,
): Promise<ExpectedReport[]> {
  const units = await treeStore.unitsWithReports(
    db,
    rootId,
    fp.period.start,
    fp.period.end,
    fp.form.id,
    fp.period.code,
  );
  const expected = units.filter((u) => u.depth > 0 && isExpected(u, fp.version.fillerTypes, fp.period.end));
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const branchOf = (id: string): string | null => {
    let at: string | null = id;
    for (let guard = 0; at && guard < 20; guard++) {
      const parent: string | null = parentOf.get(at) ?? null;
      if (parent === rootId) return at;
      at = parent;
    }
    return null;
  };
  return expected.map(({ status: stored, submittedAt, receivedOn, ...unit }) => {
    const submittedOn = submittedAt ? vietnamDate(submittedAt) : null;
    const status = (stored as ReportStatus | null) ?? null;
    return {
      unit,
      branchId: branchOf(unit.id),
      status,
      submittedOn,
      receivedOn,
      timeliness: timelinessOf(status ? { status, submittedOn, receivedOn } : undefined, fp.deadline),
    };
  });
}

export async function getCompleteness(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
) {
  await requireUnit(db, actor, 'reports.read', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const reports = await expectedReports(db, fp, unitId);
  const outcome = (r: ExpectedReport) => ({ timeliness: r.timeliness, approved: r.status === 'approved' });
  const levels = [...new Set(reports.map((r) => r.unit.level))].sort((a, b) => a - b);
  // Grouped in one pass: a province has over a thousand branches (its CĐCS directly below count as branches too), and
  // filtering every report once per branch took seconds.
  const byBranch = new Map<string, ExpectedReport[]>();
  for (const r of reports) {
    if (r.branchId === null) continue;
    const branch = byBranch.get(r.branchId);
    if (branch) branch.push(r);
    else byBranch.set(r.branchId, [r]);
  }
  const branchUnits = new Map(reports.filter((r) => r.unit.depth === 1).map((r) => [r.unit.id, r.unit]));
  const missing = reports.filter((r) => r.timeliness === 'missing');
  const officers = new Map<string, { fullName: string; phone: string | null; email: string | null }[]>();
  for (const o of await treeStore.officersOf(
    db,
    missing.map((r) => r.unit.id),
  )) {
    const person = { fullName: o.fullName, phone: o.phone, email: o.email };
    const list = officers.get(o.unitId);
    if (list) list.push(person);
    else officers.set(o.unitId, [person]);
  }
  return {
    form: { id: fp.form.id, nameVi: fp.form.nameVi, nameEn: fp.form.nameEn },
    period: fp.period,
    deadline: fp.deadline,
    overall: completenessOf(reports.map(outcome)),
    byLevel: levels.map((level) => ({
      level,
      ...completenessOf(reports.filter((r) => r.unit.level === level).map(outcome)),
    })),
    byBranch: [...byBranch]
      .map(([id, branch]) => ({
        unitId: id,
        name: branchUnits.get(id)?.name ?? '',
        code: branchUnits.get(id)?.code ?? '',
        ...completenessOf(branch.map(outcome)),
      }))
      .sort((a, b) => compareVietnamese(a.name, b.name)),
    units: reports
      .map((r) => ({
        unitId: r.unit.id,
        code: r.unit.code,
        name: r.unit.name,
        parentId: r.unit.parentId,
        level: r.unit.level,
        status: r.status,
        submittedOn: r.submittedOn,
        receivedOn: r.receivedOn,
        timeliness: r.timeliness,
        officers: r.timeliness === 'missing' ? (officers.get(r.unit.id) ?? []) : [],
      }))
      .sort((a, b) => a.level - b.level || compareVietnamese(a.name, b.name)),
  };
}
