/**
 * A unit's totals for a form and a period: what it reported itself ("của đơn vị"), the roll-up of the units below it
 * ("của cấp dưới") and both together, on the approved basis or the submitted one; registry figures for its whole
 * subtree; formulas over the figures; each beside its yearly target, the rate, and the same period last year. And the
 * drill-down: the same figures for each unit directly below it on the period's last day.
 */
import { compareVietnamese } from '../../../lib/text';
import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { requireUnit } from '../../access/service';
import {
  aggregateOf,
  combineAggregates,
  EMPTY_AGGREGATE,
  figureOf,
  rateOf,
  type Aggregate,
  type Basis,
  type Indicator,
} from '../model';
import { samePeriodLastYear } from '../periods';
import * as rollupStore from '../rollup-store';
import * as submissionStore from '../submission-store';
import * as targetStore from '../target-store';
import * as treeStore from '../tree-store';
import { formPeriodOf, resolveFormPeriod, type FormPeriod } from './catalogue';
import { loadUnit, registryValuesOf, withFormulas } from './common';
import { indicatorView } from './report-entry';

const STATUSES_OF: Record<Basis, string[]> = { submitted: ['submitted', 'approved'], approved: ['approved'] };

interface UnitFigures {
  own: Map<string, number | null>;
  below: Map<string, Aggregate>;
  total: Map<string, number | null>;
  texts: Map<string, string>;
}

/** The figures of some units for one form and period, each unit's own report beside the roll-up below it. */
async function figuresOf(
  db: Database,
  fp: FormPeriod,
  unitIds: readonly string[],
  basis: Basis,
): Promise<Map<string, UnitFigures>> {
  const [values, totals] = await Promise.all([
    submissionStore.valuesOfUnits(db, fp.form.id, fp.period.code, unitIds, STATUSES_OF[basis]),
    rollupStore.totalsOf(db, fp.form.id, fp.period.code, unitIds, basis),
  ]);
  const result = new Map<string, UnitFigures>(
    unitIds.map((id) => [id, { own: new Map(), below: new Map(), total: new Map(), texts: new Map() }]),
  );
  for (const v of values) {
    const f = result.get(v.unitId)!;
    if (v.txt !== null) f.texts.set(v.indicatorCode, v.txt);
    else f.own.set(v.indicatorCode, v.num);
  }
  for (const t of totals) result.get(t.unitId)!.below.set(t.indicatorCode, t);
  const registry = await registryValuesOf(db, fp, unitIds);
  unitIds.forEach((id) => {
    const f = result.get(id)!;
    for (const i of fp.indicators) {
      if (i.source === 'typed' && i.valueType !== 'text') {
        const own = f.own.get(i.code);
        const combined = combineAggregates(
          own === null || own === undefined ? EMPTY_AGGREGATE : aggregateOf([own]),
          f.below.get(i.code) ?? EMPTY_AGGREGATE,
        );
        f.total.set(i.code, figureOf(i.aggregation, combined));
      }
    }
    for (const [code, v] of registry.get(id)!) f.total.set(code, v);
    withFormulas(fp.indicators, f.total);
  });
  return result;
}

function rowOf(i: Indicator, f: UnitFigures, target: number | null, lastYear: number | null) {
  const total = f.total.get(i.code) ?? null;
  const typed = i.source === 'typed';
  const below = f.below.get(i.code);
  return {
    ...indicatorView(i),
    own: typed
      ? i.valueType === 'text'
        ? (f.texts.get(i.code) ?? null)
        : (f.own.get(i.code) ?? null)
      : null,
    below: typed && below ? figureOf(i.aggregation, below) : null,
    reported: typed ? (below?.reported ?? 0) : null,
    total: i.valueType === 'text' ? (f.texts.get(i.code) ?? null) : total,
    target,
    rate: rateOf(total, target),
    lastYear,
    // How the review report narrates the figure ("trao {value} suất quà Tết"), and whose phrase its money joins.
    phraseVi: i.phraseVi,
    worthOf: i.worthOf,
  };
}

export async function getTotals(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  basis: Basis,
) {
  await requireUnit(db, actor, 'reports.read', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const unit = await loadUnit(db, unitId, fp.period.end);
  const lastPeriod = samePeriodLastYear(fp.periodType, fp.period);
  const [mine, last, targets] = await Promise.all([
    figuresOf(db, fp, [unitId], basis),
    lastPeriod
      ? figuresOf(db, formPeriodOf(fp.catalogue, fp.form.id, lastPeriod.code), [unitId], basis)
      : null,
    targetStore.targetsOf(db, [unitId], fp.period.year),
  ]);
  const f = mine.get(unitId)!;
  const targetOf = new Map(targets.map((t) => [t.indicatorCode, t.value]));
  return {
    form: { id: fp.form.id, nameVi: fp.form.nameVi, nameEn: fp.form.nameEn },
    period: fp.period,
    lastYearPeriod: lastPeriod,
    basis,
    unit: { id: unit.id, code: unit.code, name: unit.name },
    sections: fp.sections,
    rows: fp.indicators.map((i) =>
      rowOf(i, f, targetOf.get(i.code) ?? null, last?.get(unitId)?.total.get(i.code) ?? null),
    ),
  };
}

/** The same figures for each unit directly below, on the period's last day: the drill-down and the ranking. */
export async function getBreakdown(
  db: Database,
  actor: Actor,
  unitId: string,
  formId: string,
  periodCode: string,
  basis: Basis,
) {
  await requireUnit(db, actor, 'reports.read', unitId);
  const fp = await resolveFormPeriod(db, formId, periodCode);
  const children = (
    await treeStore.unitsOfPeriod(db, unitId, fp.period.start, fp.period.end, { maxDepth: 1 })
  ).filter((u) => u.depth === 1);
  const ids = children.map((c) => c.id);
  const [figures, submissions, targets] = await Promise.all([
    figuresOf(db, fp, ids, basis),
    submissionStore.submissionsOf(db, fp.form.id, fp.period.code, ids),
    targetStore.targetsOf(db, ids, fp.period.year),
  ]);
  const statusOf = new Map(submissions.map((s) => [s.unitId, s.status]));
  return {
    form: { id: fp.form.id, nameVi: fp.form.nameVi, nameEn: fp.form.nameEn },
    period: fp.period,
    basis,
    indicators: fp.indicators.map(indicatorView),
    units: children
      .sort((a, b) => compareVietnamese(a.name, b.name))
      .map((c) => {
        const f = figures.get(c.id)!;
        const targetOf = new Map(
          targets.filter((t) => t.unitId === c.id).map((t) => [t.indicatorCode, t.value]),
        );
        return {
          id: c.id,
          code: c.code,
          name: c.name,
          typeId: c.typeId,
          endedOn: c.endedOn,
          status: statusOf.get(c.id) ?? null,
          figures: Object.fromEntries(
            fp.indicators
              .filter((i) => i.valueType !== 'text')
              .map((i) => {
                const total = f.total.get(i.code) ?? null;
                const target = targetOf.get(i.code) ?? null;
                return [i.code, { total, target, rate: rateOf(total, target) }];
              }),
          ),
        };
      }),
  };
}
