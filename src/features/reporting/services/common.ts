/** What the report use-cases share: the unit as reports see it, figures from the registry and formulas. */
import { withPlannerSettings, type Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { todayIso } from '../../../lib/dates';
import { evaluateFormula, formulaOrder, parseFormula } from '../formula';
import type { Indicator } from '../model';
import * as registryStore from '../registry-store';
import type { RegistryFigures } from '../registry-store';
import * as treeStore from '../tree-store';
import type { FormPeriod } from './catalogue';

export async function loadUnit(db: Database, unitId: string, date: string): Promise<treeStore.ReportUnit> {
  const [unit] = await treeStore.unitsById(db, [unitId], date);
  if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
  return unit;
}

export function federationOf(unit: treeStore.ReportUnit): string {
  return unit.federationId ?? unit.id;
}

/**
 * The unit that approves a unit's reports: its nearest ancestor whose type holds approve_reports, today — or on the
 * unit's last day, when it has ended since (its late report is still approved where it stood).
 */
export async function approverOf(
  db: Database,
  unit: Pick<treeStore.ReportUnit, 'id'>,
): Promise<{ id: string; name: string } | null> {
  return (await treeStore.approversOf(db, [unit.id], todayIso())).get(unit.id) ?? null;
}

/** The registry's figure for a registry indicator (a sector list in `registry_arg` narrows the unions counted). */
export function registryValueOf(indicator: Indicator, figures: RegistryFigures): number | null {
  const sectors = indicator.registryArg ? new Set(indicator.registryArg.split(',')) : null;
  const grassroots = (pick: (g: RegistryFigures['grassroots'][number]) => number) =>
    figures.grassroots
      .filter((g) => !sectors || sectors.has(g.sector ?? ''))
      .reduce((s, g) => s + pick(g), 0);
  switch (indicator.registryKey) {
    case 'members_end':
      return figures.membersEnd;
    case 'members_female_end':
      return figures.membersFemaleEnd;
    case 'admitted':
      return figures.movements['admit'] ?? 0;
    case 'left':
      return (figures.movements['leave'] ?? 0) + (figures.movements['death'] ?? 0);
    case 'transferred_in':
      return figures.movements['transfer_in'] ?? 0;
    case 'transferred_out':
      return figures.movements['transfer_out'] ?? 0;
    case 'cdcs_end':
      return grassroots((g) => g.alive);
    case 'cdcs_founded':
      return grassroots((g) => g.founded);
    case 'cdcs_dissolved':
      return grassroots((g) => g.ended);
    case null:
    default:
      return null;
  }
}

/**
 * The registry figures of each unit's subtree for the period: those kept while they hold, the others computed in one
 * go and kept when they cover more than one unit (a CĐCS's own figures cost less to compute than to keep).
 */
export async function registryFiguresFor(
  db: Database,
  periodStart: string,
  periodEnd: string,
  unitIds: readonly string[],
): Promise<Map<string, RegistryFigures>> {
  const { snapshot, kept } = await registryStore.keptFigures(db, unitIds, periodStart, periodEnd);
  const missing = unitIds.filter((id) => !kept.has(id));
  if (missing.length === 0) return kept;
  const computed = await registryStore.registryFiguresOf(db, missing, periodStart, periodEnd);
  const worth = new Map([...computed].filter(([, c]) => c.units > 1));
  await registryStore.keepFigures(db, periodStart, periodEnd, snapshot, worth);
  for (const [id, c] of computed) kept.set(id, c.figures);
  return kept;
}

/** The figures of a form's registry indicators for each unit and everything under it in the period. */
export async function registryValuesOf(
  db: Database,
  fp: FormPeriod,
  unitIds: readonly string[],
): Promise<Map<string, Map<string, number | null>>> {
  const wanted = fp.indicators.filter((i) => i.source === 'registry');
  if (wanted.length === 0 || unitIds.length === 0) return new Map(unitIds.map((id) => [id, new Map()]));
  const figures = await registryFiguresFor(db, fp.period.start, fp.period.end, unitIds);
  return new Map(
    unitIds.map((id) => [id, new Map(wanted.map((i) => [i.code, registryValueOf(i, figures.get(id)!)]))]),
  );
}

/** The figures of a form's registry indicators for a unit and everything under it in the period. */
export async function registryValues(
  db: Database,
  fp: FormPeriod,
  unitId: string,
): Promise<Map<string, number | null>> {
  return (await registryValuesOf(db, fp, [unitId])).get(unitId)!;
}

/**
 * Keeps ahead the registry figures of every unit above the grassroots for the period (the daily job, for the periods
 * being reported on), so that the first look at a province's totals does not add up its thousands of units.
 */
export async function keepRegistryFiguresAhead(
  db: Database,
  periodStart: string,
  periodEnd: string,
): Promise<number> {
  const upper = await registryStore.upperUnitsOn(db, periodEnd);
  const { snapshot, kept } = await registryStore.keptFigures(db, upper, periodStart, periodEnd);
  const missing = upper.filter((id) => !kept.has(id));
  const computed = await withPlannerSettings(db, (tx) =>
    registryStore.registryFiguresOf(tx, missing, periodStart, periodEnd),
  );
  await registryStore.keepFigures(db, periodStart, periodEnd, snapshot, computed);
  return computed.size;
}

/**
 * Adds the formula indicators' values to `values`, in an order where each formula's references come first. A formula
 * that does not parse, or a cycle, gives no value (the catalogue's editor refuses both).
 */
export function withFormulas(
  indicators: readonly Indicator[],
  values: Map<string, number | null>,
): Map<string, number | null> {
  const parsed = new Map(
    indicators
      .filter((i) => i.source === 'formula' && i.formula)
      .map((i) => [i.code, parseFormula(i.formula ?? '')] as const),
  );
  const references = new Map<string, string[]>();
  for (const [code, p] of parsed) if (p.ok) references.set(code, p.references);
  const order = formulaOrder(references);
  if (!order.ok) return values;
  for (const code of order.order) {
    const p = parsed.get(code);
    if (p?.ok)
      values.set(
        code,
        evaluateFormula(p.formula, (ref) => values.get(ref) ?? null),
      );
  }
  return values;
}

/**
 * A download's name as people keep it, in Vietnamese: its words joined, without the characters a file system refuses
 * ("Quý II/2023" → "Quý II-2023").
 */
export function fileNameOf(words: readonly string[], extension: string): string {
  const name = words
    .filter(Boolean)
    .join(' - ')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return `${name}.${extension}`;
}
