/**
 * Yearly targets (chỉ tiêu giao): an upper unit assigns them per indicator to the units directly below it; it sees its
 * own target (from the unit above it) beside the sum of what it assigned, and the difference.
 */
import { compareVietnamese } from '../../../lib/text';
import type { Database } from '../../../platform/db';
import { lockTransaction } from '../../../platform/db';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudits, requireUnit } from '../../access/service';
import { reportError, targetInvalid } from '../errors';
import { readValue, type Indicator } from '../model';
import * as targetStore from '../target-store';
import * as treeStore from '../tree-store';
import { loadCatalogue } from './catalogue';
import { federationOf, loadUnit } from './common';

/** Indicators a target can be given for: counted or money figures, typed or from the registry. */
export function targetable(indicators: Iterable<Indicator>): Indicator[] {
  return [...indicators].filter(
    (i) =>
      (i.valueType === 'count' || i.valueType === 'money') && i.source !== 'formula' && i.parentCode === null,
  );
}

/** The tree a year's targets follow: today's for this year and later, the year's last day for a past year. */
function dayOfYear(year: number): string {
  const today = todayIso();
  const end = `${year}-12-31`;
  return end < today ? end : today;
}

/** `on`: read the units below as they stood that day (the day targets were assigned); default as dayOfYear says. */
export async function getTargets(
  db: Database,
  actor: Actor,
  unitId: string,
  year: number,
  options: { on?: string | undefined } = {},
) {
  const date = options.on ?? dayOfYear(year);
  await requireUnit(db, actor, 'reports.read', unitId, date);
  const catalogue = await loadCatalogue(db);
  const unit = await loadUnit(db, unitId, date);
  const children = (await treeStore.unitsOfPeriod(db, unitId, date, date, { maxDepth: 1 }))
    .filter((u) => u.depth === 1)
    .sort((a, b) => compareVietnamese(a.name, b.name));
  const rows = await targetStore.targetsOf(db, [unitId, ...children.map((c) => c.id)], year);
  const indicators = targetable(catalogue.indicators.values());
  const own = new Map(rows.filter((r) => r.unitId === unitId).map((r) => [r.indicatorCode, r.value]));
  const assigned = new Map<string, number>();
  for (const r of rows)
    if (r.unitId !== unitId) assigned.set(r.indicatorCode, (assigned.get(r.indicatorCode) ?? 0) + r.value);
  return {
    year,
    unit: { id: unit.id, code: unit.code, name: unit.name },
    indicators: indicators.map((i) => {
      const mine = own.get(i.code) ?? null;
      const sum = assigned.has(i.code) ? assigned.get(i.code)! : null;
      return {
        code: i.code,
        nameVi: i.nameVi,
        nameEn: i.nameEn,
        measure: i.measure,
        valueType: i.valueType,
        own: mine,
        assigned: sum,
        difference: mine !== null && sum !== null ? sum - mine : null,
      };
    }),
    units: children.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      targets: Object.fromEntries(
        rows
          .filter((r) => r.unitId === c.id)
          .map((r) => [r.indicatorCode, { value: r.value, version: r.version }]),
      ),
    })),
  };
}

export interface TargetInput {
  unitId: string;
  indicatorCode: string;
  /** null or empty removes the target. */
  value: number | string | null;
  /** The version the person saw (absent for a new target): a change made meanwhile is refused. */
  version?: number | undefined;
}

/**
 * Sets targets of the units directly below `unitId` (today) for a year, in one transaction: every bad row named,
 * nothing written when any is bad; a target changed meanwhile by someone else refuses the whole change (409).
 * `on`: the day the targets were assigned, for targets recorded afterwards (a past year's, the demo's): the units
 * directly below on that day, alive then, which need not be alive today (the district federations of 2024).
 */
export async function setTargets(
  db: Database,
  actor: Actor,
  unitId: string,
  year: number,
  targets: readonly TargetInput[],
  fieldOf: (n: number, column: string) => string = (n, column) => `targets.${n}.${column}`,
  options: { on?: string | undefined } = {},
) {
  const day = options.on ?? todayIso();
  await requireUnit(db, actor, 'reports.targets', unitId, options.on);
  const catalogue = await loadCatalogue(db);
  const allowed = new Map(targetable(catalogue.indicators.values()).map((i) => [i.code, i]));
  const children = new Map(
    (await treeStore.unitsOfPeriod(db, unitId, day, day, { maxDepth: 1 }))
      .filter((u) => u.depth === 1 && u.endedOn > day)
      .map((u) => [u.id, u]),
  );
  const problems: { field: string; message: string }[] = [];
  const rows: Parameters<typeof targetStore.writeTargets>[2][number][] = [];
  targets.forEach((t, n) => {
    const child = children.get(t.unitId);
    if (!child)
      problems.push({
        field: fieldOf(n, 'unitId'),
        message: 'Chỉ giao chỉ tiêu cho đơn vị trực thuộc (hiện nay).',
      });
    const indicator = allowed.get(t.indicatorCode);
    if (!indicator) {
      problems.push({
        field: fieldOf(n, 'indicatorCode'),
        message: `Không giao chỉ tiêu cho "${t.indicatorCode}".`,
      });
      return;
    }
    const read = readValue(indicator, t.value);
    if (!read.ok) problems.push({ field: fieldOf(n, 'value'), message: read.message });
    else if (child)
      rows.push({
        unitId: t.unitId,
        indicatorCode: t.indicatorCode,
        value: read.value?.num ?? null,
        federationId: federationOf(child),
        assignedBy: unitId,
      });
  });
  if (problems.length) throw targetInvalid(problems);
  const unit = await loadUnit(db, unitId, day);
  return db.transaction(async (tx) => {
    await lockTransaction(tx, `report-targets:${unitId}:${year}`);
    const before = await targetStore.targetsOf(tx, [...new Set(rows.map((r) => r.unitId))], year);
    const key = (u: string, c: string) => `${u}|${c}`;
    const old = new Map(before.map((b) => [key(b.unitId, b.indicatorCode), b]));
    targets.forEach((t) => {
      const was = old.get(key(t.unitId, t.indicatorCode));
      if (t.version !== undefined && (was?.version ?? 0) !== t.version)
        throw reportError('report_edited_meanwhile', { unit: unit.name });
    });
    const changed = rows.filter((r) => (old.get(key(r.unitId, r.indicatorCode))?.value ?? null) !== r.value);
    await targetStore.writeTargets(tx, year, changed, actor.userId);
    const byUnit = new Map<string, typeof changed>();
    for (const r of changed) byUnit.set(r.unitId, [...(byUnit.get(r.unitId) ?? []), r]);
    // One statement for every unit's row: a district assigns to dozens of CĐCS at once.
    await recordAudits(
      tx,
      actor,
      [...byUnit].map(([target, list]) => ({
        action: 'report.targets' as const,
        entity: 'report_target',
        entityId: `${target}:${year}`,
        unitId: target,
        federationId: list[0]!.federationId,
        before: {
          year,
          assignedBy: unitId,
          targets: list.map((r) => ({
            indicator: r.indicatorCode,
            value: old.get(key(target, r.indicatorCode))?.value ?? null,
          })),
        },
        after: {
          year,
          assignedBy: unitId,
          targets: list.map((r) => ({ indicator: r.indicatorCode, value: r.value })),
        },
      })),
    );
    return { year, changed: changed.length };
  });
}
