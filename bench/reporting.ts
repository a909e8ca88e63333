/**
 * Periodic reports at national scale: the national tree (bench/lib/national-tree.ts, ~130,000 units, all filling form
 * SK6T), two half-years of reports written set-based (bench/lib/report-bulk.ts: 40 indicators per report, most
 * approved, some submitted, some missing; ~5.2M value rows per period), one member tally per CĐCS (11 million members
 * nationally), then:
 *   - recompute_ms: one period's totals at every level computed again (rollupStore.recomputeTotals);
 *   - floor_ms: one hand-written statement giving the same totals (the raw values joined to the closure of the
 *     period's last day, grouped), and the count of its differences from the kept totals (must be 0); ratio;
 *   - totals_p95_ms: getTotals of random units of every level, with its typed part (kept totals and own values, both
 *     periods) and its registry part (registry figures of both periods, kept ahead as the daily job keeps them) timed
 *     apart; the registry figures of the root and of the largest province computed afresh, for the record;
 *   - submit_visible_ms: a CĐCS report submitted through moveReport until the national total on the submitted basis
 *     shows it; approve_visible_ms: then approved until the approved basis does;
 *   - dashboard_ms: getCompleteness of the province nearest BENCH_REPORT_DASHBOARD units (4,000);
 *   - lookup_p95_ms: a report_submissions row by primary key (the baseline).
 *
 * Size: BENCH_REPORT_UNITS (PostgreSQL; default the whole tree) and BENCH_REPORT_PGLITE_UNITS (4000): the provinces
 * loaded are the one nearest that size, or the first ones until it is reached. BENCH_DB (pglite | postgres | both),
 * BENCH_REPORT_SAMPLES (200 getTotals calls), BENCH_KEEP=1 keeps the PostgreSQL database for EXPLAIN afterwards.
 */
import { idArray, queryRows, sql, type DatabaseHandle } from '../src/platform/db';
import type { Actor } from '../src/features/access/model';
import { createUser, loadActor } from '../src/features/access/service';
import { importUnits } from '../src/features/organisation/services/import-units';
import * as reporting from '../src/features/reporting/service';
import * as rollupStore from '../src/features/reporting/rollup-store';
import * as submissionStore from '../src/features/reporting/submission-store';
import * as targetStore from '../src/features/reporting/target-store';
import { keepRegistryFiguresAhead, registryValuesOf } from '../src/features/reporting/services/common';
import { registryFiguresOf } from '../src/features/reporting/registry-store';
import { formPeriodOf, type FormPeriod } from '../src/features/reporting/services/catalogue';
import { mulberry32 } from '../src/demo/random';
import { buildNationalTree, type ProvinceTree } from './lib/national-tree';
import { loadMemberTallies, loadPeriodReports, measureFloor, type ReportLoad } from './lib/report-bulk';
import { int, machine, ms, percentile, seconds, timeSamples, type Timing } from './lib/measure';
import { benchTargets, onEachTarget, type TargetKind } from './lib/target';

const BENCH_DATABASE = `congdoan_bench_reporting${process.env.BENCH_DATABASE_SUFFIX ?? ''}`;
const FORM = 'SK6T';
/** The measured period and the same half of the year before (getTotals reads both). */
const PERIOD = '2025S1';
const LAST_YEAR = '2024S1';
const IMPORT_BATCH = 10_000;
/** PostgreSQL targets (the issue's). */
const TARGETS = { ratio: 1.5, totalsP95: 20, submitVisible: 100, dashboard: 300 };

interface Figures {
  units: number;
  values_per_period: number;
  recompute_ms: number;
  floor_ms: number;
  ratio: number;
  floor_differences: number;
  totals_p95_ms: number;
  totals_typed_p95_ms: number;
  totals_registry_p95_ms: number;
  registry_cold_root_ms: number;
  registry_cold_province_ms: number;
  figures_ahead_ms: number;
  submit_visible_ms: number;
  approve_visible_ms: number;
  dashboard_ms: number;
  dashboard_units: number;
  queue_p95_ms: number;
  province_queue_p95_ms: number;
  lookup_p95_ms: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The provinces to load for about `units` units: the one nearest in size, or the first ones until reached. */
function chooseProvinces(provinces: ProvinceTree[], units: number): ProvinceTree[] {
  const all = provinces.reduce((a, p) => a + p.rows.length, 0);
  if (units >= all) return provinces;
  const biggest = Math.max(...provinces.map((p) => p.rows.length));
  if (units <= biggest)
    return [
      [...provinces].sort(
        (a, b) =>
          Math.abs(a.rows.length - units) - Math.abs(b.rows.length - units) || a.code.localeCompare(b.code),
      )[0]!,
    ];
  const chosen: ProvinceTree[] = [];
  let n = 0;
  for (const p of provinces) {
    if (n >= units) break;
    chosen.push(p);
    n += p.rows.length;
  }
  return chosen;
}

interface Built {
  units: number;
  unitsS: number;
  loads: ReportLoad[];
  baselineRecomputeS: number;
  analyzeS: number;
  tallies: { units: number; members: number; seconds: number };
  figuresAheadS: number;
  rootId: string;
  byDepth: string[][];
  fp: FormPeriod;
  lastFp: FormPeriod;
}

async function build(handle: DatabaseHandle, provinces: ProvinceTree[], root: ProvinceTree['rows'][number]) {
  const unitsStart = performance.now();
  await importUnits(handle.db, null, [root], { note: 'Benchmark: cây tổ chức' });
  let units = 1;
  for (const province of provinces)
    for (let i = 0; i < province.rows.length; i += IMPORT_BATCH) {
      const rows = province.rows.slice(i, i + IMPORT_BATCH);
      await importUnits(handle.db, null, rows, { note: 'Benchmark: cây tổ chức' });
      units += rows.length;
    }
  const unitsS = seconds(unitsStart);
  log(`  ${int(units)} units imported in ${unitsS.toFixed(1)} s`);
  const catalogue = await reporting.loadCatalogue(handle.db);
  const fp = formPeriodOf(catalogue, FORM, PERIOD);
  const lastFp = formPeriodOf(catalogue, FORM, LAST_YEAR);
  const loads: ReportLoad[] = [];
  for (const [i, period] of [lastFp, fp].entries()) {
    const load = await loadPeriodReports(handle, period, i);
    loads.push(load);
    log(
      `  ${period.period.code}: ${int(load.submissions)} reports, ${int(load.values)} values in ${load.seconds.toFixed(1)} s`,
    );
  }
  const talliesStart = performance.now();
  const tallies = { ...(await loadMemberTallies(handle)), seconds: 0 };
  tallies.seconds = seconds(talliesStart);
  log(
    `  ${int(tallies.members)} members in ${int(tallies.units)} tallies in ${tallies.seconds.toFixed(1)} s`,
  );
  // On PostgreSQL autovacuum would see to a load this size within a minute; PGlite has none, so only ANALYZE runs.
  const analyzeStart = performance.now();
  await handle.db.execute(handle.kind === 'postgres' ? sql`VACUUM ANALYZE` : sql`ANALYZE`);
  const analyzeS = seconds(analyzeStart);
  // Last year's totals as a roll-up kept from the start would leave them (not timed); this period's are the
  // measured recompute.
  const recomputeStart = performance.now();
  await rollupStore.recomputeTotals(handle.db, FORM, lastFp.period.code, lastFp.period.end);
  const baselineRecomputeS = seconds(recomputeStart);
  // What the daily job does for the periods being reported on: every upper union's registry figures kept ahead.
  const aheadStart = performance.now();
  for (const p of [lastFp, fp]) await keepRegistryFiguresAhead(handle.db, p.period.start, p.period.end);
  const figuresAheadS = seconds(aheadStart);
  log(`  registry figures kept ahead for both periods in ${figuresAheadS.toFixed(1)} s`);
  const rows = await queryRows<{ id: string; depth: number }>(
    handle.db,
    sql`SELECT c.descendant_id AS id, c.depth FROM unit_closure c JOIN units r ON r.id = c.ancestor_id AND r.code = ${root.code}
        WHERE c.valid_from <= ${fp.period.end}::date AND c.valid_to > ${fp.period.end}::date ORDER BY c.depth, c.descendant_id`,
  );
  const byDepth: string[][] = [];
  for (const r of rows) (byDepth[r.depth] ??= []).push(r.id);
  return {
    units,
    unitsS,
    loads,
    baselineRecomputeS,
    analyzeS,
    tallies,
    figuresAheadS,
    rootId: byDepth[0]![0]!,
    byDepth,
    fp,
    lastFp,
  } satisfies Built;
}

const OFFICER = { username: 'bench.baocao', password: 'Mua-thu-Ha-Noi-la-vang-tren-pho-1945' };

async function nationalOfficer(handle: DatabaseHandle, rootId: string): Promise<Actor> {
  const user = await createUser(handle.db, null, {
    username: OFFICER.username,
    fullName: 'Cán bộ Tổng Liên đoàn (benchmark)',
    password: OFFICER.password,
    grants: [{ role: 'unit_officer', unitId: rootId }],
  });
  return (await loadActor(handle.db, user.id))!;
}

async function nationalTetGifts(handle: DatabaseHandle, rootId: string, basis: 'submitted' | 'approved') {
  const [row] = await queryRows<{ total: number }>(
    handle.db,
    sql`SELECT total::float8 AS total FROM report_totals WHERE form_id = ${FORM} AND period_code = ${PERIOD}
          AND unit_id = ${rootId}::uuid AND indicator_code = 'tet_gifts' AND basis = ${basis}`,
  );
  return row?.total ?? 0;
}

/**
 * Reports of CĐCS that had none, through the services: each submitted until the national total on the submitted basis
 * shows it, then approved until the total on the approved basis does.
 */
async function measureSubmissions(handle: DatabaseHandle, built: Built, actor: Actor, count: number) {
  const missing = await queryRows<{ id: string }>(
    handle.db,
    sql`SELECT u.id FROM units u WHERE u.type_id = 'grassroots_union' AND NOT EXISTS
          (SELECT 1 FROM report_submissions s WHERE s.unit_id = u.id AND s.form_id = ${FORM} AND s.period_code = ${PERIOD})
        ORDER BY u.code LIMIT ${count}`,
  );
  const submitTimes: number[] = [];
  const approveTimes: number[] = [];
  for (const [i, { id }] of missing.entries()) {
    const gifts = 5 + i;
    const saved = await reporting.saveReport(handle.db, actor, id, FORM, PERIOD, {
      version: null,
      values: { tet_gifts: String(gifts), tet_gifts_value: String(gifts * 500_000) },
    });
    const [submittedBefore, approvedBefore] = [
      await nationalTetGifts(handle, built.rootId, 'submitted'),
      await nationalTetGifts(handle, built.rootId, 'approved'),
    ];
    let start = performance.now();
    const submitted = await reporting.moveReport(handle.db, actor, id, FORM, PERIOD, 'submit', {
      version: saved.version,
    });
    const afterSubmit = await nationalTetGifts(handle, built.rootId, 'submitted');
    submitTimes.push(performance.now() - start);
    if (afterSubmit !== submittedBefore + gifts)
      throw new Error(`national total ${afterSubmit}, expected ${submittedBefore + gifts}`);
    start = performance.now();
    await reporting.moveReport(handle.db, actor, id, FORM, PERIOD, 'approve', { version: submitted.version });
    const afterApproval = await nationalTetGifts(handle, built.rootId, 'approved');
    approveTimes.push(performance.now() - start);
    if (afterApproval !== approvedBefore + gifts)
      throw new Error(`national approved total ${afterApproval}, expected ${approvedBefore + gifts}`);
  }
  return { submitTimes, approveTimes };
}

/** Random units of every depth in turn (the root, provinces, upper unions, CĐCS), the same for every target. */
function unitSamples(built: Built, count: number): { id: string; depth: number }[] {
  const rng = mulberry32(17);
  return Array.from({ length: count }, (_, i) => {
    const depth = i % built.byDepth.length;
    return { id: rng.pick(built.byDepth[depth]!), depth };
  });
}

async function measure(handle: DatabaseHandle, built: Built, samples: number) {
  const { fp, lastFp } = built;
  const recomputeStart = performance.now();
  const totalsRows = await rollupStore.recomputeTotals(handle.db, FORM, PERIOD, fp.period.end);
  const recomputeMs = performance.now() - recomputeStart;
  const floor = await measureFloor(handle, fp);
  const actor = await nationalOfficer(handle, built.rootId);
  const units = unitSamples(built, samples + 20);
  const byDepth = new Map<number, number[]>();
  const totals = await timeSamples('getTotals, units of every level', samples, async (i) => {
    const { id, depth } = units[i]!;
    const start = performance.now();
    const result = await reporting.getTotals(handle.db, actor, id, FORM, PERIOD, 'approved');
    if (i < samples) byDepth.set(depth, [...(byDepth.get(depth) ?? []), performance.now() - start]);
    return result.rows.length;
  });
  const depthTimings: Timing[] = [...byDepth.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([depth, times]) => ({
      label: `  of which depth ${depth} (${int(built.byDepth[depth]!.length)} units)`,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: Math.max(...times),
      rows: 0,
    }));
  const typed = await timeSamples('  typed part: own values + kept totals + targets', samples, async (i) => {
    const ids = [units[i]!.id];
    const parts = await Promise.all(
      [fp, lastFp].flatMap((p) => [
        submissionStore.valuesOfUnits(handle.db, FORM, p.period.code, ids, ['approved']),
        rollupStore.totalsOf(handle.db, FORM, p.period.code, ids, 'approved'),
      ]),
    );
    await targetStore.targetsOf(handle.db, ids, fp.period.year);
    return parts.reduce((a, p) => a + p.length, 0);
  });
  const registry = await timeSamples(
    '  registry part: registry figures, both periods (kept)',
    samples,
    async (i) => {
      const id = units[i]!.id;
      const figures = await Promise.all([
        registryValuesOf(handle.db, fp, [id]),
        registryValuesOf(handle.db, lastFp, [id]),
      ]);
      return figures[0].size;
    },
  );
  // The registry figures computed afresh, as on a first look before the daily job (the root and the largest province).
  const largest = await queryRows<{ id: string; n: number }>(
    handle.db,
    sql`SELECT c.ancestor_id AS id, count(*)::int AS n FROM unit_closure c
        WHERE c.ancestor_id = ANY(${idArray(built.byDepth[1]!)}) AND c.valid_from <= ${fp.period.end}::date
          AND c.valid_to > ${fp.period.end}::date
        GROUP BY c.ancestor_id ORDER BY n DESC LIMIT 1`,
  );
  const cold = async (id: string) => {
    const start = performance.now();
    await registryFiguresOf(handle.db, [id], fp.period.start, fp.period.end);
    return performance.now() - start;
  };
  const coldRoot = await cold(built.rootId);
  const coldProvince = await cold(largest[0]!.id);
  const { submitTimes, approveTimes } = await measureSubmissions(handle, built, actor, 10);
  const timing = (label: string, times: number[]): Timing => ({
    label,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
    rows: 1,
  });
  const submit = timing(
    `submit until the national total (submitted basis) shows it (${submitTimes.length})`,
    submitTimes,
  );
  const approve = timing(
    `approve until the national total (approved basis) shows it (${approveTimes.length})`,
    approveTimes,
  );
  const wanted = Number(process.env.BENCH_REPORT_DASHBOARD ?? 4000);
  const [province] = await queryRows<{ id: string; n: number }>(
    handle.db,
    sql`SELECT c.ancestor_id AS id, count(*)::int AS n FROM unit_closure c
        WHERE c.ancestor_id = ANY(${idArray(built.byDepth[1]!)}) AND c.depth > 0
          AND c.valid_from <= ${fp.period.end}::date AND c.valid_to > ${fp.period.end}::date
        GROUP BY c.ancestor_id ORDER BY abs(count(*) - ${wanted}), c.ancestor_id LIMIT 1`,
  );
  const dashboard = await timeSamples(
    `getCompleteness of a province (${int(province!.n)} units)`,
    5,
    async () => (await reporting.getCompleteness(handle.db, actor, province!.id, FORM, PERIOD)).units.length,
    1,
  );
  const queue = await measureQueue(handle, built, fp, actor, 2);
  const provinceQueue = await measureQueue(handle, built, fp, actor, 1);
  const ids = await queryRows<{ id: string }>(
    handle.db,
    sql`SELECT id FROM report_submissions WHERE period_code = ${PERIOD} ORDER BY unit_id LIMIT 2000`,
  );
  const rng = mulberry32(5);
  const lookup = await timeSamples(
    'baseline: a report by primary key (findSubmissionById)',
    500,
    async () => {
      return (await submissionStore.findSubmissionById(handle.db, rng.pick(ids).id)) ? 1 : 0;
    },
  );
  return {
    recomputeMs,
    totalsRows,
    floor,
    totals,
    depthTimings,
    typed,
    registry,
    coldRoot,
    coldProvince,
    submit,
    approve,
    dashboard,
    queue,
    provinceQueue,
    lookup,
  };
}

/**
 * The approval queue of the upper union directly above the most units at `depth` (2: a district of hundreds of CĐCS;
 * 1: a province, which decides its districts' reports): each tab over every form and period, and narrowed to the
 * measured form and period.
 */
async function measureQueue(
  handle: DatabaseHandle,
  built: Built,
  fp: FormPeriod,
  officer: Actor,
  depth: 1 | 2,
): Promise<Timing> {
  const [unit] = await queryRows<{ id: string; n: number }>(
    handle.db,
    sql`SELECT c.ancestor_id AS id, count(*)::int AS n FROM unit_closure c
        WHERE c.ancestor_id = ANY(${idArray(built.byDepth[depth] ?? [])}) AND c.depth > 0
          AND c.valid_from <= ${fp.period.end}::date AND c.valid_to > ${fp.period.end}::date
        GROUP BY c.ancestor_id ORDER BY count(*) DESC, c.ancestor_id LIMIT 1`,
  );
  const tabs = ['submitted', 'approved', 'returned'] as const;
  return timeSamples(
    `approval queue of a ${depth === 1 ? 'province' : 'district'} (${int(unit!.n)} units below), a tab`,
    30,
    async (i) => {
      const narrowed = i % 2 === 1;
      const answer = await reporting.listApprovals(handle.db, officer, unit!.id, {
        status: tabs[i % 3]!,
        page: 1,
        pageSize: 50,
        ...(narrowed ? { formId: FORM, periodCode: fp.period.code } : {}),
      });
      return answer.reports.length;
    },
    2,
  );
}

function printTimings(timings: Timing[]): void {
  console.log(
    `  ${'query'.padEnd(66)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'rows'.padStart(8)}`,
  );
  for (const t of timings)
    console.log(
      `  ${t.label.padEnd(66)} ${ms(t.p50).padStart(8)} ${ms(t.p95).padStart(8)} ${ms(t.max).padStart(8)} ${int(t.rows).padStart(8)}`,
    );
}

async function benchmark(kind: TargetKind, handle: DatabaseHandle, where: string, units: number) {
  const tree = buildNationalTree({ grassroots: 130_000, upperUnions: 700, seed: 2025 });
  const provinces = chooseProvinces(tree.provinces, units);
  const built = await build(handle, provinces, tree.root);
  log(`  measuring on ${where} …`);
  const samples = Number(process.env.BENCH_REPORT_SAMPLES ?? 200);
  const m = await measure(handle, built, samples);
  const figures: Figures = {
    units: built.units,
    values_per_period: built.loads[1]!.values,
    recompute_ms: Math.round(m.recomputeMs),
    floor_ms: Math.round(m.floor.ms),
    ratio: Number((m.recomputeMs / m.floor.ms).toFixed(2)),
    floor_differences: m.floor.differences,
    totals_p95_ms: Number(m.totals.p95.toFixed(2)),
    totals_typed_p95_ms: Number(m.typed.p95.toFixed(2)),
    totals_registry_p95_ms: Number(m.registry.p95.toFixed(2)),
    registry_cold_root_ms: Math.round(m.coldRoot),
    registry_cold_province_ms: Math.round(m.coldProvince),
    figures_ahead_ms: Math.round(built.figuresAheadS * 1000),
    submit_visible_ms: Number(m.submit.p50.toFixed(1)),
    approve_visible_ms: Number(m.approve.p50.toFixed(1)),
    dashboard_ms: Number(m.dashboard.p50.toFixed(1)),
    dashboard_units: Math.round(m.dashboard.rows),
    queue_p95_ms: Number(m.queue.p95.toFixed(1)),
    province_queue_p95_ms: Number(m.provinceQueue.p95.toFixed(1)),
    lookup_p95_ms: Number(m.lookup.p95.toFixed(2)),
  };
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
  console.log(`\n=== reporting benchmark on ${where} ===`);
  line(
    'tree (importUnits)',
    `${int(built.units)} units (${provinces.map((p) => p.code).join(' ')}) in ${built.unitsS.toFixed(1)} s`,
  );
  for (const l of built.loads)
    line(
      `reports ${l.periodCode} (set-based)`,
      `${int(l.submissions)} reports ${JSON.stringify(l.byStatus)}, ${int(l.values)} values in ${l.seconds.toFixed(1)} s`,
    );
  line('recompute of last year (not timed)', `${built.baselineRecomputeS.toFixed(1)} s`);
  line(
    'member tallies (set-based)',
    `${int(built.tallies.members)} members in ${int(built.tallies.units)} CĐCS in ${built.tallies.seconds.toFixed(1)} s`,
  );
  line('registry figures kept ahead, both periods', `${built.figuresAheadS.toFixed(1)} s (the daily job)`);
  line('registry figures afresh: the root', `${int(m.coldRoot)} ms`);
  line('registry figures afresh: the largest province', `${int(m.coldProvince)} ms`);
  line('VACUUM ANALYZE / ANALYZE after the load', `${built.analyzeS.toFixed(1)} s`);
  line(
    'recompute_ms (recomputeTotals, one period)',
    `${int(m.recomputeMs)} ms, ${int(m.totalsRows)} totals rows`,
  );
  line('floor_ms (one hand-written GROUP BY)', `${int(m.floor.ms)} ms, ${int(m.floor.rows)} rows`);
  line('floor against the kept totals: differences', `${m.floor.differences}`);
  console.log('');
  printTimings([
    m.totals,
    ...m.depthTimings,
    m.typed,
    m.registry,
    m.submit,
    m.approve,
    m.dashboard,
    m.queue,
    m.provinceQueue,
    m.lookup,
  ]);
  const factor = kind === 'pglite' ? 3 : 1;
  const verdict = (value: number, target: number, unit = ' ms') =>
    `${ms(value)}${unit} against ≤ ${target}${unit}: ${value <= target ? 'PASS' : 'FAIL'}`;
  console.log('');
  line('target: ratio recompute / floor', verdict(figures.ratio, TARGETS.ratio, ''));
  line('target: totals p95', verdict(figures.totals_p95_ms, TARGETS.totalsP95 * factor));
  line('target: submission visible', verdict(figures.submit_visible_ms, TARGETS.submitVisible * factor));
  line('target: province dashboard', verdict(figures.dashboard_ms, TARGETS.dashboard * factor));
  if (factor > 1) console.log('  (PGlite: targets × 3, as the other benchmarks read them)');
  return JSON.stringify({ bench: 'reporting', db: kind, figures });
}

export async function run(): Promise<void> {
  const kinds = await benchTargets(log);
  console.log('reporting benchmark: periodic reports (SK6T) over the national tree');
  console.log(machine());
  await onEachTarget(kinds, BENCH_DATABASE, async ({ kind, handle, where }) => {
    const units =
      kind === 'postgres'
        ? Number(process.env.BENCH_REPORT_UNITS ?? Number.POSITIVE_INFINITY)
        : Number(process.env.BENCH_REPORT_PGLITE_UNITS ?? 4000);
    return benchmark(kind, handle, where, units);
  });
}
