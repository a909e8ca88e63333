/**
 * National-scale organisation benchmark: builds the whole country's union tree (1 confederation, 34 provinces,
 * ~700 upper unions, ~130,000 CĐCS) through the bulk import, restructures every province on 1/7/2025 through the
 * restructuring engine (commune unions founded, CĐCS moved, district federations dissolved), then times the two
 * questions every count, roll-up and scope check asks: "the subtree of a province on a date" and "the ancestors of
 * a CĐCS on a date". Runs on a fresh PGlite and, when TEST_DATABASE_URL is set, on a fresh PostgreSQL database.
 *
 * Environment: BENCH_ORG_CDCS (default 130000), BENCH_ORG_SAMPLES (500), BENCH_DB (pglite | postgres | both).
 */
import { queryRows, sql, type DatabaseHandle } from '../src/platform/db';
import { importUnits } from '../src/features/organisation/services/import-units';
import {
  restructure,
  type NewUnitSpec,
  type RestructurePlan,
} from '../src/features/organisation/services/restructure';
import * as treeStore from '../src/features/organisation/tree-store';
import * as unitStore from '../src/features/organisation/unit-store';
import { compareVietnamese } from '../src/lib/text';
import { mulberry32, type Random } from '../src/demo/random';
import { buildNationalTree, type NationalTree } from './lib/national-tree';
import { int, machine, ms, seconds, StatementProfile, timeSamples, type Timing } from './lib/measure';
import { onEachTarget, type TargetKind } from './lib/target';

const REFORM = '2025-07-01';
const BEFORE = '2025-06-30';
/** Rows per importUnits call: its event lists every unit with 3 bind parameters, and PostgreSQL takes 65,535 at most. */
const IMPORT_BATCH = 10_000;
/** CĐCS per commune union founded on 1/7/2025. */
const PER_COMMUNE_UNION = 60;
/** BENCH_DATABASE_SUFFIX lets two runs on one server keep apart. */
const BENCH_DATABASE = `congdoan_bench_org${process.env.BENCH_DATABASE_SUFFIX ?? ''}`;

/** PostgreSQL targets; PGlite may take three times as long. */
const TARGETS = { subtreeP95: 20, ancestorsP95: 2, childrenP95: 100 };

interface Figures {
  load_s: number;
  import_units_per_s: number;
  subtree_p95_ms: number;
  ancestors_p95_ms: number;
  /** The tree screen's widest level: the direct children of the unit that has most, with their counts, as of a date. */
  children_p95_ms: number;
  children_rows: number;
  /** In-run baselines: a unit by primary key, and the floor of the children read (their ids alone, no counts). */
  lookup_p95_ms: number;
  children_floor_p95_ms: number;
}

interface Built {
  importS: number;
  imported: number;
  restructureS: number;
  loadS: number;
  analyzeS: number;
  moves: number;
  founded: number;
  dissolved: number;
  provinceIds: string[];
  grassroots: { id: string; foundedOn: string }[];
  subtreeRows: { before: number; after: number };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One province's 1/7/2025: commune unions founded, its district federations' CĐCS moved, the districts dissolved. */
async function restructureProvince(
  handle: DatabaseHandle,
  rng: Random,
  provinceId: string,
  provinceCode: string,
) {
  const children = await treeStore.childrenAtDate(handle.db, provinceId, BEFORE);
  const districts = children
    .filter((c) => c.typeId === 'district_federation')
    .sort((a, b) => a.code.localeCompare(b.code));
  // The CĐCS of each district in turn, so that neighbours share a commune union.
  const moving: { id: string }[] = [];
  for (const district of districts) {
    for (const id of await treeStore.activeChildIds(handle.db, district.id, BEFORE)) moving.push({ id });
  }
  // Big workplaces (about 5%) come directly under the province; the rest go, in area order, to commune unions.
  const toProvince = moving.filter(() => rng.chance(0.05));
  const direct = new Set(toProvince.map((u) => u.id));
  const local = moving.filter((u) => !direct.has(u.id));
  const unions = Math.max(1, Math.round(local.length / PER_COMMUNE_UNION));
  const found: NewUnitSpec[] = Array.from({ length: unions }, (_, i) => ({
    key: `x${i}`,
    parent: { id: provinceId },
    code: `${provinceCode}-X${String(i + 1).padStart(3, '0')}`,
    name: `Công đoàn xã số ${i + 1} - ${provinceCode}`,
    typeId: 'commune_union',
  }));
  const plan: RestructurePlan = {
    kind: 'restructure',
    effectiveOn: REFORM,
    decisionNo: `${rng.int(1000, 1999)}/QĐ-TLĐ`,
    decisionDate: '2025-06-27',
    note: 'Sắp xếp tổ chức công đoàn theo chính quyền địa phương hai cấp (benchmark)',
    found,
    moves: [
      ...toProvince.map((u) => ({ unitId: u.id, newParent: { id: provinceId } })),
      ...local.map((u, i) => ({
        unitId: u.id,
        newParent: { key: `x${Math.min(unions - 1, Math.floor((i * unions) / local.length))}` },
      })),
    ],
    dissolve: districts.map((d) => d.id),
  };
  await restructure(handle.db, null, plan);
  return { moves: moving.length, founded: unions, dissolved: districts.length };
}

async function build(handle: DatabaseHandle, tree: NationalTree, profile: StatementProfile): Promise<Built> {
  const rng = mulberry32(7);
  const loadStart = performance.now();
  profile.start('import');
  let importS = 0;
  let imported = 0;
  const timedImport = async (rows: NationalTree['root'][]) => {
    const start = performance.now();
    await importUnits(handle.db, null, rows, { note: 'Benchmark: cây tổ chức toàn quốc' });
    importS += seconds(start);
    imported += rows.length;
  };
  await timedImport([tree.root]);
  for (const province of tree.provinces) {
    for (let i = 0; i < province.rows.length; i += IMPORT_BATCH)
      await timedImport(province.rows.slice(i, i + IMPORT_BATCH));
    log(
      `  import ${province.code} ${province.name}: ${int(province.rows.length)} units, total ${int(imported)} in ${importS.toFixed(1)} s`,
    );
  }

  profile.start('restructure');
  const restructureStart = performance.now();
  const root = await unitStore.findUnitByCode(handle.db, tree.root.code);
  const provinces = (await treeStore.childrenAtDate(handle.db, root!.id, BEFORE)).sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  let moves = 0;
  let founded = 0;
  let dissolved = 0;
  for (const province of provinces) {
    const start = performance.now();
    const result = await restructureProvince(handle, rng, province.id, province.code);
    moves += result.moves;
    founded += result.founded;
    dissolved += result.dissolved;
    log(
      `  restructure ${province.code}: ${int(result.moves)} moves, ${result.founded} commune unions in ${seconds(start).toFixed(1)} s (total ${seconds(restructureStart).toFixed(0)} s)`,
    );
  }
  const restructureS = seconds(restructureStart);
  const loadS = seconds(loadStart);
  profile.start(null);

  // A bulk load leaves the planner without statistics: PostgreSQL's autovacuum would analyze soon, PGlite never does.
  const analyzeStart = performance.now();
  await handle.db.execute(sql`ANALYZE`);
  const analyzeS = seconds(analyzeStart);

  // Every CĐCS, for the ancestor samples: the children of each province and of each of its upper unions, after 2025.
  const grassroots: Built['grassroots'] = [];
  for (const province of provinces) {
    for (const child of await treeStore.childrenAtDate(handle.db, province.id, REFORM)) {
      if (child.typeId === 'grassroots_union') grassroots.push({ id: child.id, foundedOn: child.foundedOn });
      else
        for (const unit of await treeStore.childrenAtDate(handle.db, child.id, REFORM))
          grassroots.push({ id: unit.id, foundedOn: unit.foundedOn });
    }
  }
  const subtreeRows = {
    before: (await treeStore.subtreeAtDate(handle.db, root!.id, BEFORE)).length,
    after: (await treeStore.subtreeAtDate(handle.db, root!.id, REFORM)).length,
  };
  return {
    importS,
    imported,
    restructureS,
    loadS,
    analyzeS,
    moves,
    founded,
    dissolved,
    provinceIds: provinces.map((p) => p.id),
    grassroots,
    subtreeRows,
  };
}

/** The (province, date) pairs of the subtree samples, the same for every variant so that variants compare. */
function subtreeSamples(built: Built, count: number) {
  const rng = mulberry32(42);
  // Half the samples before the restructuring, half after; 20 more for the warm-up.
  return Array.from({ length: count + 20 }, (_, i) => ({
    id: rng.pick(built.provinceIds),
    date: i % 2 === 0 ? rng.date('2020-01-01', BEFORE) : rng.date(REFORM, '2026-12-31'),
  }));
}

async function measure(handle: DatabaseHandle, built: Built, samples: number) {
  const rng = mulberry32(43);
  const provinces = subtreeSamples(built, samples);
  const subtree = await timeSamples('subtree of a province (treeStore.subtreeAtDate)', samples, async (i) => {
    const { id, date } = provinces[i]!;
    return (await treeStore.subtreeAtDate(handle.db, id, date)).length;
  });
  const ancestors = await timeSamples(
    'ancestors of a CĐCS (treeStore.ancestorsAtDate)',
    samples,
    async (i) => {
      const unit = rng.pick(built.grassroots);
      const wanted = i % 2 === 0 ? rng.date('2020-01-01', BEFORE) : rng.date(REFORM, '2026-12-31');
      return (
        await treeStore.ancestorsAtDate(handle.db, unit.id, wanted < unit.foundedOn ? unit.foundedOn : wanted)
      ).length;
    },
  );
  const lookup = await timeSamples(
    'baseline: unit by primary key (unitStore.findUnit)',
    samples,
    async () => {
      return (await unitStore.findUnit(handle.db, rng.pick(built.grassroots).id)) ? 1 : 0;
    },
  );
  const roundTrip = await timeSamples('baseline: SELECT 1 round trip', samples, async () => {
    return (await queryRows(handle.db, sql`SELECT 1 AS one`)).length;
  });
  // The widest level of the tree on each side of the restructuring: what the tree screen lists when it is opened.
  const widest = await Promise.all(
    [BEFORE, REFORM].map(async (date) => {
      const [row] = await queryRows<{ id: string }>(
        handle.db,
        sql`SELECT parent_id AS id FROM unit_parents WHERE valid_from <= ${date}::date AND valid_to > ${date}::date
            GROUP BY parent_id ORDER BY count(*) DESC LIMIT 1`,
      );
      return { id: row!.id, date };
    }),
  );
  const childSamples = Math.min(samples, 200);
  const children = await timeSamples(
    'children with counts of the widest unit (listChildren)',
    childSamples,
    async (i) => {
      const { id, date } = widest[i % 2]!;
      return (await treeStore.childrenAtDate(handle.db, id, date)).sort((a, b) =>
        compareVietnamese(a.name, b.name),
      ).length;
    },
  );
  const childrenFloor = await timeSamples(
    'baseline: the same children, ids alone (floor)',
    childSamples,
    async (i) => {
      const { id, date } = widest[i % 2]!;
      return (
        await queryRows(
          handle.db,
          sql`SELECT unit_id AS id FROM unit_parents WHERE parent_id = ${id}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
        )
      ).length;
    },
  );
  return { subtree, ancestors, lookup, roundTrip, children, childrenFloor };
}

/**
 * What-if, outside the JSON figures: how much of the subtree time is the database and how much is carrying the
 * rows to JavaScript (the same question counted in SQL), and what a covering index with a vacuumed table changes.
 * The experimental index is created in the benchmark's own throw-away database only.
 */
async function whatIf(
  handle: DatabaseHandle,
  built: Built,
  samples: number,
): Promise<{ timings: Timing[]; plan: string }> {
  const provinces = subtreeSamples(built, samples);
  const counted = (label: string) =>
    timeSamples(label, samples, async (i) => {
      const { id, date } = provinces[i]!;
      const [row] = await queryRows<{ n: number }>(
        handle.db,
        sql`SELECT count(*)::int AS n FROM unit_closure
            WHERE ancestor_id = ${id}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
      );
      return row?.n ?? 0;
    });
  const timings = [await counted('what-if: the same subtree counted in SQL')];
  await handle.db.execute(
    sql`CREATE INDEX bench_unit_closure_ancestor_dates ON unit_closure (ancestor_id, valid_from, valid_to) INCLUDE (descendant_id, depth)`,
  );
  await handle.db.execute(sql`VACUUM ANALYZE unit_closure`);
  timings.push(
    await timeSamples('what-if: covering index + VACUUM, treeStore.subtreeAtDate', samples, async (i) => {
      const { id, date } = provinces[i]!;
      return (await treeStore.subtreeAtDate(handle.db, id, date)).length;
    }),
    await counted('what-if: covering index + VACUUM, counted in SQL'),
  );
  const [plan] = await explain(handle, built);
  return { timings, plan: plan ?? '' };
}

async function explain(handle: DatabaseHandle, built: Built) {
  const province = built.provinceIds[0]!;
  const unit = built.grassroots[0]!.id;
  const plans: string[] = [];
  for (const query of [
    sql`EXPLAIN (ANALYZE, BUFFERS) SELECT descendant_id AS id, depth FROM unit_closure
        WHERE ancestor_id = ${province}::uuid AND valid_from <= '2025-07-02'::date AND valid_to > '2025-07-02'::date`,
    sql`EXPLAIN (ANALYZE, BUFFERS) SELECT ancestor_id AS id, depth FROM unit_closure
        WHERE descendant_id = ${unit}::uuid AND depth > 0 AND valid_from <= '2025-07-02'::date AND valid_to > '2025-07-02'::date ORDER BY depth`,
  ]) {
    const rows = await queryRows<Record<string, string>>(handle.db, query);
    plans.push(rows.map((r) => Object.values(r)[0]).join('\n'));
  }
  return plans;
}

function printTimings(timings: Timing[]): void {
  console.log(
    `  ${'query'.padEnd(56)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'rows'.padStart(8)}`,
  );
  for (const t of timings) {
    console.log(
      `  ${t.label.padEnd(56)} ${ms(t.p50).padStart(8)} ${ms(t.p95).padStart(8)} ${ms(t.max).padStart(8)} ${int(t.rows).padStart(8)}`,
    );
  }
}

function printReport(
  kind: string,
  where: string,
  tree: NationalTree,
  built: Built,
  timings: Timing[],
  figures: Figures,
  profile: StatementProfile,
  plans: string[],
) {
  const factor = kind === 'pglite' ? 3 : 1;
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
  console.log(`\n=== org benchmark on ${where} ===`);
  line(
    'units imported (importUnits)',
    `${int(built.imported)} in ${built.importS.toFixed(1)} s = ${int(figures.import_units_per_s)} units/s`,
  );
  line(
    'restructurings (restructure, actor null)',
    `${tree.provinces.length} events: ${int(built.moves)} moves, ${int(built.founded)} commune unions founded, ${built.dissolved} district federations dissolved in ${built.restructureS.toFixed(1)} s`,
  );
  line('load_s (import + restructurings)', `${figures.load_s.toFixed(1)} s`);
  line('ANALYZE after the load (not in load_s)', `${built.analyzeS.toFixed(1)} s`);
  line(
    'units under the confederation',
    `${int(built.subtreeRows.before)} on ${BEFORE}, ${int(built.subtreeRows.after)} on ${REFORM}`,
  );
  console.log('');
  printTimings(timings);
  const verdict = (value: number, target: number) =>
    `${ms(value)} ms against ≤ ${target} ms: ${value <= target ? 'PASS' : 'FAIL'}`;
  console.log('');
  line('target: subtree p95', verdict(figures.subtree_p95_ms, TARGETS.subtreeP95 * factor));
  line('target: ancestors p95', verdict(figures.ancestors_p95_ms, TARGETS.ancestorsP95 * factor));
  line('target: children p95', verdict(figures.children_p95_ms, TARGETS.childrenP95 * factor));
  for (const phase of ['import', 'restructure']) {
    const totals = profile.totals(phase);
    console.log(
      `\n  slowest statements while ${phase === 'import' ? 'importing' : 'restructuring'} (${int(totals.statements)} statements, ${totals.totalS.toFixed(1)} s in the driver):`,
    );
    for (const s of profile.top(phase, 6)) {
      console.log(
        `    ${(s.share * 100).toFixed(0).padStart(3)}% ${s.totalS.toFixed(1).padStart(7)} s ${int(s.count).padStart(9)} × ${ms(s.avgMs).padStart(6)} ms  ${s.statement.slice(0, 90)}`,
      );
    }
  }
  console.log('\n  query plans (EXPLAIN ANALYZE, one province / one CĐCS on 02/07/2025):');
  for (const plan of plans) console.log(plan.replace(/^/gm, '    '));
}

export async function run(): Promise<void> {
  const grassroots = Number(process.env.BENCH_ORG_CDCS ?? 130_000);
  const samples = Number(process.env.BENCH_ORG_SAMPLES ?? 500);
  const wanted = process.env.BENCH_DB ?? 'both';
  const kinds: TargetKind[] = [];
  if (wanted !== 'postgres') kinds.push('pglite');
  if (wanted !== 'pglite') {
    if (process.env.TEST_DATABASE_URL) kinds.push('postgres');
    else
      console.log(
        'PostgreSQL skipped: set TEST_DATABASE_URL to run the benchmark on a PostgreSQL server too.',
      );
  }
  const tree = buildNationalTree({ grassroots, upperUnions: 700, seed: 2025 });
  console.log('org benchmark: national organisation tree over time');
  console.log(machine());
  console.log(
    `tree: 1 confederation, ${tree.provinces.length} provinces, ${int(tree.upperUnions)} upper unions, ` +
      `${int(tree.grassroots)} CĐCS (largest province ${int(Math.max(...tree.provinces.map((p) => p.grassroots)))}, smallest ${int(Math.min(...tree.provinces.map((p) => p.grassroots)))}); ${samples} samples per query`,
  );
  await onEachTarget(kinds, BENCH_DATABASE, async ({ kind, handle, where, profile }) => {
    const built = await build(handle, tree, profile);
    const { subtree, ancestors, lookup, roundTrip, children, childrenFloor } = await measure(
      handle,
      built,
      samples,
    );
    const figures: Figures = {
      load_s: Number(built.loadS.toFixed(1)),
      import_units_per_s: Math.round(built.imported / built.importS),
      subtree_p95_ms: Number(subtree.p95.toFixed(2)),
      ancestors_p95_ms: Number(ancestors.p95.toFixed(2)),
      children_p95_ms: Number(children.p95.toFixed(2)),
      children_rows: Math.round(children.rows),
      lookup_p95_ms: Number(lookup.p95.toFixed(2)),
      children_floor_p95_ms: Number(childrenFloor.p95.toFixed(2)),
    };
    printReport(
      kind,
      where,
      tree,
      built,
      [subtree, ancestors, children, childrenFloor, lookup, roundTrip],
      figures,
      profile,
      await explain(handle, built),
    );
    return JSON.stringify({ bench: 'org', db: kind, figures });
    const extra = await whatIf(handle, built, samples);
    console.log('\n  what-if (not in the figures above; same province/date samples):');
    printTimings(extra.timings);
    console.log('  subtree plan with the covering index:');
    console.log(extra.plan.replace(/^/gm, '    '));
  });
}
