/**
 * Loads the demo's two years of periodic reports (2024 and 2025: the half-year review SK6T and the annual TKN) and the
 * yearly targets, through the reporting feature's services. The tree of each period decides who reports: the district
 * federations file 2024 and the first half of 2025, then end with the 1/7/2025 restructuring; the commune unions
 * founded that day file the second half and the year; the CĐCS merged on 1/3/2025 reported 2024 and stop. The reports
 * are history, so they are recorded with the days they came in (recordReports) rather than moved one by one through
 * submission and approval, which would take minutes for about 3.700 reports.
 */
import type { Database } from '../platform/db';
import type { Actor } from '../features/access/model';
import {
  expectedReports,
  getTargets,
  recordReports,
  resolveFormPeriod,
  setTargets,
  type RecordedReport,
  type TargetInput,
} from '../features/reporting/service';
import type { DemoPlan } from './plan';
import { mulberry32 } from './random';
import {
  HALF_YEAR_FORM,
  outcomeOf,
  REPORT_YEARS,
  reportFigures,
  seedOf,
  YEAR_FORM,
  type ReportingUnit,
} from './reports';

const GRASSROOTS = 'grassroots_union';

/** The periods loaded, oldest first; the last two are recent (fewer of their reports approved yet). */
export const DEMO_REPORT_PERIODS: { form: string; code: string; year: number; halves: (1 | 2)[] }[] = [
  { form: HALF_YEAR_FORM, code: '2024S1', year: 2024, halves: [1] },
  { form: HALF_YEAR_FORM, code: '2024S2', year: 2024, halves: [2] },
  { form: YEAR_FORM, code: '2024', year: 2024, halves: [1, 2] },
  { form: HALF_YEAR_FORM, code: '2025S1', year: 2025, halves: [1] },
  { form: HALF_YEAR_FORM, code: '2025S2', year: 2025, halves: [2] },
  { form: YEAR_FORM, code: '2025', year: 2025, halves: [1, 2] },
];

/** The day each year's targets were assigned: the tree of mid-January, before any of that year's changes. */
export const targetDay = (year: number) => `${year}-01-15`;

interface Context {
  db: Database;
  actor: Actor;
  seed: number;
  plan: DemoPlan;
  /** Members of each CĐCS as planned (everyone it admitted): its size. */
  sizes: Map<string, number>;
  /** People each CĐCS admits in a year, as planned. */
  admissions: Map<string, number>;
  grassroots: Map<string, DemoPlan['grassroots'][number]>;
  confederationId: string;
}

function unitOf(
  ctx: Context,
  u: { code: string; typeId: string; sector: string | null },
  below: number,
): ReportingUnit {
  const g = ctx.grassroots.get(u.code);
  return {
    code: u.code,
    typeId: u.typeId,
    sector: u.sector,
    kind: g?.kind ?? null,
    size: u.typeId === GRASSROOTS ? (ctx.sizes.get(u.code) ?? 10) : below,
  };
}

/** One form and period: the expected units under the province, each one's report as the plan decides. */
async function loadPeriod(ctx: Context, provinceId: string, p: (typeof DEMO_REPORT_PERIODS)[number]) {
  const fp = await resolveFormPeriod(ctx.db, p.form, p.code);
  // Read under the confederation, so that the province's own report is among them (the demo has no other province).
  const units = (await expectedReports(ctx.db, fp, ctx.confederationId)).map((r) => r.unit);
  // CĐCS below each upper union on the period's last day: the size of its own activity.
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  const below = new Map<string, number>();
  for (const u of units.filter((x) => x.typeId === GRASSROOTS))
    for (
      let at = parentOf.get(u.id) ?? null, guard = 0;
      at && guard < 10;
      at = parentOf.get(at) ?? null, guard++
    )
      below.set(at, (below.get(at) ?? 0) + 1);
  const recent = p.code.startsWith(String(REPORT_YEARS[REPORT_YEARS.length - 1])) && p.code !== `${p.year}S1`;
  const reports: RecordedReport[] = [];
  for (const u of units) {
    const unit = unitOf(ctx, u, below.get(u.id) ?? 0);
    const outcome = outcomeOf(ctx.seed, unit, p.form, fp.period, fp.deadline, recent);
    if (!outcome) continue;
    // A unit founded within the year (the commune unions of 1/7/2025) reports the half it lived.
    const halves = p.halves.filter((h) => h === 1 || u.foundedOn <= `${p.year}-12-31`);
    const lived = halves.filter((h) => h === 2 || u.foundedOn <= `${p.year}-06-30`);
    reports.push({
      unitId: u.id,
      values: reportFigures(ctx.seed, unit, p.year, lived),
      status: outcome.status,
      submittedOn: outcome.submittedOn,
      receivedOn: outcome.receivedOn,
      approvedOn: outcome.approvedOn,
    });
  }
  await recordReports(ctx.db, ctx.actor, provinceId, p.form, p.code, reports);
  return reports.length;
}

export async function loadDemoReports(
  db: Database,
  actor: Actor,
  seed: number,
  plan: DemoPlan,
  idOf: (code: string) => Promise<string>,
  progress: (done: number, total: number) => void,
): Promise<{ reports: number; targets: number }> {
  const sizes = new Map<string, number>();
  const admissions = new Map<string, number>();
  for (const p of plan.members.people) {
    sizes.set(p.unitCode, (sizes.get(p.unitCode) ?? 0) + 1);
    const key = `${p.unitCode}|${p.joinedOn.slice(0, 4)}`;
    admissions.set(key, (admissions.get(key) ?? 0) + 1);
  }
  const ctx: Context = {
    db,
    actor,
    seed,
    plan,
    sizes,
    admissions,
    grassroots: new Map(plan.grassroots.map((g) => [g.code, g])),
    confederationId: await idOf(plan.codes.confederation),
  };
  const provinceId = await idOf(plan.codes.province);
  const total = DEMO_REPORT_PERIODS.length + REPORT_YEARS.length;
  let done = 0;
  let targets = 0;
  for (const year of REPORT_YEARS) {
    targets += await loadTargets(ctx, provinceId, year);
    progress(++done, total);
  }
  let reports = 0;
  for (const p of DEMO_REPORT_PERIODS) {
    reports += await loadPeriod(ctx, provinceId, p);
    progress(++done, total);
  }
  return { reports, targets };
}

/** A count or a sum of money with a factor, rounded as people write targets (money to 100.000 đ). */
function scaled(ctx: Context, key: string, value: number, low: number, high: number, money = false): number {
  const rng = mulberry32(seedOf(ctx.seed, 'target', key));
  const v = value * (low + rng.next() * (high - low));
  return money ? Math.max(100_000, Math.round(v / 100_000) * 100_000) : Math.max(1, Math.round(v));
}

const TARGETED = ['admitted', 'tet_gifts', 'mai_am_fund', 'scholarships', 'houses_built'] as const;
const MONEY = new Set(['mai_am_fund']);
type Targets = Partial<Record<(typeof TARGETED)[number], number>>;

/** A CĐCS's yearly targets: admissions from what it will admit, give or take; the Mái ấm fund from what it raises. */
function grassrootsTargets(ctx: Context, unit: ReportingUnit, year: number): Targets {
  const planned = ctx.admissions.get(`${unit.code}|${year}`) ?? 0;
  const fund = reportFigures(ctx.seed, unit, year, [1, 2]).mai_am_fund;
  const t: Targets = {
    admitted: scaled(ctx, `${unit.code}|${year}|admitted`, Math.max(planned, 1), 0.8, 1.5),
  };
  if (typeof fund === 'number')
    t.mai_am_fund = scaled(ctx, `${unit.code}|${year}|fund`, fund, 0.9, 1.3, true);
  return t;
}

/** An upper union's targets: what it assigned below plus what it does itself, with a margin. */
function upperTargets(
  ctx: Context,
  unit: ReportingUnit,
  year: number,
  below: readonly Targets[],
  activity: Targets,
): Targets {
  const own = reportFigures(ctx.seed, unit, year, [1, 2]);
  const t: Targets = {};
  for (const code of TARGETED) {
    const assigned = below.reduce((sum, b) => sum + (b[code] ?? 0), 0) + (activity[code] ?? 0);
    const mine = typeof own[code] === 'number' ? own[code] : 0;
    if (assigned + mine > 0)
      t[code] = scaled(ctx, `${unit.code}|${year}|${code}`, assigned + mine, 1, 1.15, MONEY.has(code));
  }
  return t;
}

/** What the CĐCS below an upper union do of the indicators it gets no target for (Tết gifts, scholarships). */
function activityOf(ctx: Context, units: readonly ReportingUnit[], year: number): Targets {
  const sum: Targets = {};
  for (const u of units) {
    const f = reportFigures(ctx.seed, u, year, [1, 2]);
    for (const code of ['tet_gifts', 'scholarships', 'houses_built'] as const)
      if (typeof f[code] === 'number') sum[code] = (sum[code] ?? 0) + f[code];
  }
  return sum;
}

const inputs = (unitId: string, t: Targets): TargetInput[] =>
  Object.entries(t).map(([indicatorCode, value]) => ({ unitId, indicatorCode, value }));

/**
 * A year's targets as assigned in mid-January: each district federation and sector union to its CĐCS, the province
 * to the units directly below it, the confederation to the province. Returns how many were set.
 */
async function loadTargets(ctx: Context, provinceId: string, year: number): Promise<number> {
  const on = targetDay(year);
  const { db, actor } = ctx;
  const info = new Map(
    [...ctx.plan.units, ...(ctx.plan.restructuring.found ?? [])].map((u) => [
      u.code,
      { typeId: u.typeId, sector: 'sector' in u ? (u.sector ?? null) : null },
    ]),
  );
  const reporting = (code: string, size: number) =>
    unitOf(ctx, { code, ...(info.get(code) ?? { typeId: GRASSROOTS, sector: null }) }, size);
  const children = (await getTargets(db, actor, provinceId, year, { on })).units;
  const provinceRows: TargetInput[] = [];
  const assigned: Targets[] = [];
  let count = 0;
  for (const child of children) {
    if (info.get(child.code)?.typeId === GRASSROOTS) {
      const t = grassrootsTargets(ctx, reporting(child.code, 0), year);
      provinceRows.push(...inputs(child.id, t));
      assigned.push(t);
      continue;
    }
    const cdcs = (await getTargets(db, actor, child.id, year, { on })).units;
    const below = cdcs.map((c) => ({ id: c.id, unit: reporting(c.code, 0) }));
    const rows = below.map((b) => ({ id: b.id, t: grassrootsTargets(ctx, b.unit, year) }));
    if (rows.length) {
      await setTargets(
        db,
        actor,
        child.id,
        year,
        rows.flatMap((r) => inputs(r.id, r.t)),
        undefined,
        { on },
      );
      count += rows.reduce((n, r) => n + Object.keys(r.t).length, 0);
    }
    const t = upperTargets(
      ctx,
      reporting(child.code, cdcs.length),
      year,
      rows.map((r) => r.t),
      activityOf(
        ctx,
        below.map((b) => b.unit),
        year,
      ),
    );
    provinceRows.push(...inputs(child.id, t));
    assigned.push(t);
  }
  await setTargets(db, actor, provinceId, year, provinceRows, undefined, { on });
  const province = upperTargets(ctx, reporting(ctx.plan.codes.province, children.length), year, assigned, {});
  await setTargets(db, actor, ctx.confederationId, year, inputs(provinceId, province), undefined, { on });
  return count + provinceRows.length + Object.keys(province).length;
}
