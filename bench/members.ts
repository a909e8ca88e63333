/**
 * Member registry benchmark: the national tree's first six provinces (about 10,000 CĐCS), a million members written
 * set-based into the one with the most CĐCS (bench/lib/member-bulk.ts: the demo's names, a third transferred, some
 * leavers), then, for an officer of that province:
 *   - search: searchMembers (the code the web calls) over a few dozen realistic queries (names with and without
 *     diacritics, a typo, CCCD, member code, phone), page 1 of 20; the figure is the p95;
 *   - list: page 1 of the province without a query, alone (list_p95_ms) and asked by 20 officers at once over HTTP
 *     with autocannon (list_concurrent_p95_ms), beside the same officers asking /api/auth/me (concurrent_floor_p95_ms);
 *   - counts: the province's counts as of a date with every breakdown (countMembers), over several dates;
 *   - export: the streamed .xlsx export (streamMemberExport) of the unit under the province holding the most people
 *     (the whole province at a small size), rows per second and the time to the first bytes, beside the database
 *     alone handing over the same people's columns (export_floor_rows_per_s, measureExportFloor);
 *   - import: rows written to an .xlsx and imported into one CĐCS with importMemberFile (register mode).
 * Baselines measured in the same run: a member by primary key (lookup_p95_ms), a plain pg_trgm similarity search
 * over the same names with its GIN index (trgm_p95_ms), and the database alone writing the rows the import wrote
 * (floor_rows_per_s). Runs on a fresh PGlite and on a fresh PostgreSQL database of its own when a server answers.
 *
 * Size: `npm run bench -- members 100000` or BENCH_MEMBERS (default 1000000). Environment: BENCH_MEMBERS_IMPORT
 * (100000), BENCH_MEMBERS_REPEAT (times each search query runs, 5), BENCH_DB (pglite | postgres | both),
 * BENCH_KEEP=1 keeps the PostgreSQL database (congdoan_bench_members) for EXPLAIN afterwards, BENCH_MEMBERS_PARTS
 * (all | exchange: only the export and the import, beside the import's floor; the search, list and counts skipped).
 */
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { queryRows, sql, type DatabaseHandle } from '../src/platform/db';
import { todayIso } from '../src/lib/dates';
import { foldVietnamese } from '../src/lib/text';
import type { Actor } from '../src/features/access/model';
import { createUser, loadActor } from '../src/features/access/service';
import { importUnits } from '../src/features/organisation/services/import-units';
import * as members from '../src/features/members/service';
import * as recordStore from '../src/features/members/record-store';
import { importMemberFile, SYSTEM_OPERATOR } from '../src/features/members/services/import-members';
import { streamMemberExport } from '../src/features/members/services/export-members';
import { concurrentGets } from './lib/http-load';
import { mulberry32 } from '../src/demo/random';
import { newIds } from '../src/platform/ids';
import { buildNationalTree } from './lib/national-tree';
import { loadBulkMembers, BULK_HORIZON, type BulkResult } from './lib/member-bulk';
import { writeMemberXlsx } from './lib/member-xlsx';
import {
  int,
  machine,
  ms,
  percentile,
  seconds,
  timeSamples,
  type StatementProfile,
  type Timing,
} from './lib/measure';
import { benchTargets, onEachTarget, type TargetKind } from './lib/target';

/** BENCH_DATABASE_SUFFIX lets two runs on one server keep apart. */
const BENCH_DATABASE = `congdoan_bench_members${process.env.BENCH_DATABASE_SUFFIX ?? ''}`;
/** The national tree is built for this many CĐCS; the first PROVINCES provinces (about 45% of it) are loaded. */
const TREE_GRASSROOTS = 22_000;
const PROVINCES = 6;
const IMPORT_BATCH = 10_000;

/** PostgreSQL targets (the issue's); PGlite figures are reported beside them. */
const TARGETS = {
  importRowsPerS: 20_000,
  searchP95: 30,
  counts: 200,
  /** Import against the database alone writing the same rows. */
  importOfFloor: 0.7,
  /** Search p95 against the plain trigram search's p95. */
  searchOfTrgm: 0.3,
  listP95: 100,
  exportRowsPerS: 20_000,
};

interface Figures {
  import_rows_per_s: number;
  floor_rows_per_s: number;
  search_p95_ms: number;
  trgm_p95_ms: number;
  lookup_p95_ms: number;
  list_p95_ms: number;
  list_concurrent_p95_ms: number;
  /** The same 20 officers asking /api/auth/me: what the server, the session and 2 cores allow under that load. */
  concurrent_floor_p95_ms: number;
  export_rows_per_s: number;
  /** The database alone handing over the same people's columns (measureExportFloor). */
  export_floor_rows_per_s: number;
  counts_ms: number;
}

/** Officers asking for page 1 at once over HTTP, and the requests they send in all. */
const CONCURRENT_OFFICERS = 20;
const CONCURRENT_REQUESTS = 400;

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Built {
  provinces: { id: string; code: string; name: string; members: number }[];
  /** The province the officer works for: the biggest. */
  province: { id: string; code: string; name: string; members: number };
  units: number;
  unitsS: number;
  bulk: BulkResult;
  analyzeS: number;
  /** The same import as the measured one, into the registry before the million were written. */
  emptyImport: Awaited<ReturnType<typeof measureImport>> | null;
  /** What the stored tables take, table with its indexes, in bytes. */
  sizes: { table: string; rows: number; bytes: number }[];
}

async function build(handle: DatabaseHandle, total: number, importRows: number): Promise<Built> {
  const tree = buildNationalTree({ grassroots: TREE_GRASSROOTS, upperUnions: 700, seed: 2025 });
  const chosen = tree.provinces.slice(0, PROVINCES);
  const unitsStart = performance.now();
  await importUnits(handle.db, null, [tree.root], { note: 'Benchmark: cây tổ chức' });
  let units = 1;
  for (const province of chosen) {
    for (let i = 0; i < province.rows.length; i += IMPORT_BATCH) {
      const rows = province.rows.slice(i, i + IMPORT_BATCH);
      await importUnits(handle.db, null, rows, { note: 'Benchmark: cây tổ chức' });
      units += rows.length;
    }
  }
  const unitsS = seconds(unitsStart);
  log(`  ${int(units)} units imported in ${unitsS.toFixed(1)} s`);

  // The import on an empty registry: what the import itself costs, before the indexes hold a million people.
  let emptyImport: Built['emptyImport'] = null;
  if (importRows > 0) {
    const [first] = await queryRows<{ id: string }>(
      handle.db,
      sql`SELECT id FROM units WHERE type_id = 'provincial_federation' ORDER BY code LIMIT 1`,
    );
    const unit = await importTarget(handle, first!.id, 1);
    log(`  importing ${int(importRows)} rows from .xlsx into the empty registry …`);
    emptyImport = await measureImport(handle, null, unit, importRows, { seed: 2027, cccdProvince: '067' });
  }

  // Every member in one province, the one with the most CĐCS: the officer's list is a million people long.
  const grassroots = await queryRows<{ id: string; federationId: string; foundedOn: string }>(
    handle.db,
    sql`WITH province AS (
          SELECT c.ancestor_id AS id FROM unit_closure c
          JOIN units g ON g.id = c.descendant_id AND g.type_id = 'grassroots_union'
          JOIN units a ON a.id = c.ancestor_id AND a.type_id = 'provincial_federation'
          GROUP BY c.ancestor_id ORDER BY count(DISTINCT g.id) DESC, c.ancestor_id LIMIT 1)
        SELECT DISTINCT u.id, u.federation_id AS "federationId", u.founded_on::text AS "foundedOn", u.code FROM units u
        JOIN unit_closure c ON c.descendant_id = u.id JOIN province ON province.id = c.ancestor_id
        WHERE u.type_id = 'grassroots_union' ORDER BY u.code`,
  );
  log(`  writing ${int(total)} members over ${int(grassroots.length)} CĐCS …`);
  const bulk = await loadBulkMembers(handle, grassroots, { members: total, seed: 11 }, log);
  log(
    `  ${int(bulk.members)} members, ${int(bulk.stays)} stays, ${int(bulk.events)} events in ${bulk.seconds.toFixed(1)} s`,
  );

  // A bulk load leaves the planner without statistics and the visibility map unset. On PostgreSQL autovacuum sees
  // to both within a minute of a load this size (insert-triggered vacuum), so the benchmark does it at once; PGlite
  // has no autovacuum and the application never vacuums, so there only ANALYZE runs and index-only scans still
  // visit the heap: its figures are what an embedded installation really sees.
  const analyzeStart = performance.now();
  await handle.db.execute(handle.kind === 'postgres' ? sql`VACUUM ANALYZE` : sql`ANALYZE`);
  const analyzeS = seconds(analyzeStart);

  const provinces = await queryRows<{ id: string; code: string; name: string; members: number }>(
    handle.db,
    sql`SELECT u.id, u.code, u.name, (SELECT count(*)::int FROM members m WHERE m.federation_id = u.id) AS members
        FROM units u WHERE u.type_id = 'provincial_federation' ORDER BY members DESC`,
  );
  const sizes: Built['sizes'] = [];
  for (const table of ['members', 'memberships', 'membership_events', 'member_tallies']) {
    const [size] = await queryRows<{ rows: number; bytes: number }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM ${sql.identifier(table)}) AS rows,
                 pg_total_relation_size(${table}::regclass)::float8 AS bytes`,
    );
    sizes.push({ table, rows: size!.rows, bytes: size!.bytes });
  }
  return { provinces, province: provinces[0]!, units, unitsS, bulk, analyzeS, emptyImport, sizes };
}

const OFFICER = { username: 'bench.tinh', password: 'Suong-mu-tren-doi-che-Cau-Dat-29' };

/** A province-federation officer (unit_admin on the province: reads, writes, approves, sees personal data). */
async function provinceOfficer(handle: DatabaseHandle, provinceId: string): Promise<Actor> {
  const user = await createUser(handle.db, null, {
    username: OFFICER.username,
    fullName: 'Cán bộ LĐLĐ tỉnh (benchmark)',
    password: OFFICER.password,
    grants: [{ role: 'unit_admin', unitId: provinceId }],
  });
  return (await loadActor(handle.db, user.id))!;
}

interface SearchCase {
  kind: string;
  q: string;
}

/** "nguyen van hung" → "nguyen van hugn": the last two letters of the given name swapped, as fingers do. */
function typo(folded: string): string {
  const words = folded.split(' ');
  const last = words[words.length - 1]!;
  if (last.length < 3) return folded;
  words[words.length - 1] = last.slice(0, -2) + last.slice(-1) + last.slice(-2, -1);
  return words.join(' ');
}

/** "0912345678" → "0912 345 678", the way people type phone numbers. */
const spacedPhone = (phone: string) => `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;

/** The queries: fixed common names, then real people of the province by name, folded, mistyped, CCCD, code, phone. */
async function searchCases(handle: DatabaseHandle, provinceId: string, total: number): Promise<SearchCase[]> {
  const cases: SearchCase[] = [
    { kind: 'name, no diacritics', q: 'tran thi thuy' },
    { kind: 'name', q: 'Nguyễn Văn Hùng' },
    { kind: 'name with a typo', q: 'nguyen van hugn' },
    { kind: 'name', q: 'Lê Thị Hồng' },
    { kind: 'name, no diacritics', q: 'pham minh tuan' },
  ];
  const rng = mulberry32(99);
  for (let i = 0; i < 8; i += 1) {
    const from = String(100_000_000 + rng.int(0, Math.max(0, total - 1000)));
    const [m] = await queryRows<{ fullName: string; cccd: string; code: string; phone: string | null }>(
      handle.db,
      sql`SELECT full_name AS "fullName", cccd, code, phone FROM members
          WHERE federation_id = ${provinceId}::uuid AND code > ${from} AND phone IS NOT NULL ORDER BY code LIMIT 1`,
    );
    if (!m) continue;
    const folded = foldVietnamese(m.fullName);
    cases.push(
      { kind: 'name', q: m.fullName },
      { kind: 'name, no diacritics', q: folded },
      { kind: 'name with a typo', q: typo(folded) },
    );
    if (i % 3 === 0) cases.push({ kind: 'CCCD', q: m.cccd });
    if (i % 3 === 1) cases.push({ kind: 'member code', q: m.code });
    if (i % 3 === 2) cases.push({ kind: 'phone', q: spacedPhone(m.phone!) });
  }
  return cases;
}

async function measure(
  handle: DatabaseHandle,
  built: Built,
  actor: Actor,
  repeat: number,
): Promise<{
  search: Timing;
  firstPass: Timing;
  byKind: Timing[];
  list: Timing;
  listAfresh: Timing;
  listDeep: Timing;
  counts: Timing;
  byProvince: Timing[];
  lookup: Timing;
  cases: number;
  names: SearchCase[];
}> {
  const provinceId = built.province.id;
  const cases = await searchCases(handle, provinceId, built.bulk.members);
  const timesByKind = new Map<string, number[]>();
  // Every query runs once before the timed rounds, as on a server that has been answering for a while; that first
  // pass, on the cold cache the load leaves, is shown on its own line and is not in the p95.
  const search = await timeSamples(
    `search, ${cases.length} queries × ${repeat} (searchMembers, page 1 of 20)`,
    cases.length * repeat,
    async (i) => {
      const c = cases[i % cases.length]!;
      const start = performance.now();
      const result = await members.searchMembers(handle.db, actor, provinceId, {
        q: c.q,
        page: 1,
        pageSize: 20,
      });
      if (i < cases.length * repeat) {
        const list = timesByKind.get(c.kind) ?? [];
        list.push(performance.now() - start);
        timesByKind.set(c.kind, list);
      }
      return result.total;
    },
    cases.length,
  );
  const firstPass: Timing = {
    label: '  first pass, each query once (cold; not in the p95)',
    p50: percentile(search.warmup, 50),
    p95: percentile(search.warmup, 95),
    max: Math.max(...search.warmup),
    rows: 0,
  };
  const byKind = [...timesByKind.entries()].map(([kind, times]) => ({
    label: `  of which ${kind}`,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
    rows: 0,
  }));
  const list = await timeSamples('the list without a query (page 1 of 20)', 40, async () => {
    return (await members.searchMembers(handle.db, actor, provinceId, { page: 1, pageSize: 20 })).total;
  });
  // The same after a tally write, every time: the total kept in member_totals is computed again from the tallies.
  const listAfresh = await timeSamples(
    '  of which with its total computed again (kept totals emptied)',
    10,
    async () => {
      await handle.db.execute(sql`DELETE FROM member_totals`);
      return (await members.searchMembers(handle.db, actor, provinceId, { page: 1, pageSize: 20 })).total;
    },
    2,
  );
  // A page far down the province's list (the web's page field takes any number).
  const listDeep = await timeSamples(
    '  page 1.000 of the same list',
    5,
    async () => {
      return (await members.searchMembers(handle.db, actor, provinceId, { page: 1000, pageSize: 20 })).members
        .length;
    },
    1,
  );
  const dates = [
    '2019-12-31',
    '2021-06-30',
    '2022-12-31',
    '2024-06-30',
    '2025-06-30',
    '2025-07-01',
    BULK_HORIZON,
    todayIso(),
  ];
  const counts = await timeSamples(
    `counts of the province on ${dates.length} dates (countMembers)`,
    dates.length,
    async (i) => {
      return (await members.countMembers(handle.db, actor, provinceId, { at: dates[i % dates.length] }))
        .persons;
    },
  );
  const ids = await queryRows<{ id: string }>(
    handle.db,
    sql`SELECT id FROM members WHERE federation_id = ${provinceId}::uuid ORDER BY code LIMIT 2000`,
  );
  const rng = mulberry32(7);
  const lookup = await timeSamples('baseline: member by primary key (store.findMember)', 500, async () => {
    return (await recordStore.findMember(handle.db, rng.pick(ids).id)) ? 1 : 0;
  });
  // Every province on two dates, as a system administrator would ask: how the counts grow with the province.
  const byProvince: Timing[] = [];
  for (const p of built.provinces) {
    const at = ['2025-06-30', todayIso()];
    byProvince.push(
      await timeSamples(`  counts of ${p.code} (${int(p.members)} members)`, at.length, async (i) => {
        return (await members.countMembers(handle.db, SYSTEM_OPERATOR, p.id, { at: at[i % at.length] }))
          .persons;
      }),
    );
  }
  return {
    search,
    firstPass,
    byKind,
    list,
    listAfresh,
    listDeep,
    counts,
    byProvince,
    lookup,
    cases: cases.length,
    names: cases,
  };
}

/**
 * The baseline of search: what a typical implementation does, a pg_trgm similarity search over the same folded
 * names (its GIN index built for the purpose and dropped after), the 20 most similar, for the same name queries.
 */
async function measureTrigramSearch(handle: DatabaseHandle, cases: SearchCase[], repeat: number) {
  const names = cases.filter((c) => c.kind.startsWith('name')).map((c) => foldVietnamese(c.q));
  const buildStart = performance.now();
  await handle.db.execute(
    sql`CREATE INDEX bench_members_trgm ON members USING gin (search_text gin_trgm_ops)`,
  );
  await handle.db.execute(sql`ANALYZE members`);
  const buildS = seconds(buildStart);
  try {
    const timing = await timeSamples(
      `baseline: pg_trgm similarity, ${names.length} names × ${repeat} (top 20)`,
      names.length * repeat,
      async (i) => {
        const rows = await queryRows<{ id: string }>(
          handle.db,
          sql`SELECT id FROM members WHERE search_text % ${names[i % names.length]!}
              ORDER BY similarity(search_text, ${names[i % names.length]!}) DESC LIMIT 20`,
        );
        return rows.length;
      },
      names.length,
    );
    return { timing, buildS };
  } finally {
    await handle.db.execute(sql`DROP INDEX bench_members_trgm`);
  }
}

/** The whole province exported to .xlsx through the streamed export, into a sink that only counts the bytes. */
async function measureExport(handle: DatabaseHandle, actor: Actor, provinceId: string) {
  const start = performance.now();
  const file = await streamMemberExport(handle.db, actor, provinceId, {});
  let firstByteMs = Number.NaN;
  let bytes = 0;
  for await (const chunk of file.stream) {
    if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - start;
    bytes += (chunk as Buffer).length;
  }
  const rows = await file.done;
  const totalS = seconds(start);
  return { rows, bytes, totalS, firstByteMs, rowsPerS: rows / totalS };
}

/**
 * The floor of the export: the database alone handing over the rows the export reads, the person's columns the file
 * shows of everyone with a stay in the unit's subtree today (the export's scope), in name order, with no status, no
 * stays' names and no file: on PostgreSQL one COPY … TO STDOUT read by the client (counted, not parsed), on PGlite
 * one query. Measured before and after the export, the faster counts (the cache warm as the export found it, or
 * warmer). Nothing done in JavaScript can make an export faster than this on the same machine.
 */
async function measureExportFloor(handle: DatabaseHandle, unitId: string) {
  const today = todayIso();
  const select = `SELECT p.id, p.code, p.full_name, p.birth_date, p.gender, p.ethnicity_code, p.religion, p.cccd,
      p.phone, p.email, p.education, p.occupation, p.union_position, p.party_member, p.joined_on, p.version
    FROM members p WHERE p.id IN (
      SELECT m.member_id FROM unit_closure c JOIN memberships m ON m.unit_id = c.descendant_id
      WHERE c.ancestor_id = '${unitId}'::uuid AND c.valid_from <= '${today}'::date AND c.valid_to > '${today}'::date
        AND m.valid_from <= '${today}'::date AND m.valid_to > '${today}'::date)
    ORDER BY p.sort_key, p.id`;
  const start = performance.now();
  let rows = 0;
  const client = (handle.db as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool) {
    const connection = await client.connect();
    try {
      const stream = connection.query(copyTo(`COPY (${select}) TO STDOUT`));
      for await (const chunk of stream as AsyncIterable<Buffer>)
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
    } finally {
      connection.release();
    }
  } else rows = (await queryRows<{ id: string }>(handle.db, sql.raw(select))).length;
  const totalS = seconds(start);
  return { rows, totalS, rowsPerS: rows / totalS };
}

/** The export of the biggest unit under the province, the import into one of its CĐCS, and the floor of the import. */
async function measureExchange(
  handle: DatabaseHandle,
  built: Built,
  actor: Actor,
  importRows: number,
  profile: StatementProfile,
) {
  // The issue's case is a province of about 50,000: the unit under the officer's province holding the most people
  // (all of it at a smaller size), so that the export's figure does not take the run's whole hour.
  const [exportUnit] = await queryRows<{ id: string; name: string }>(
    handle.db,
    sql`SELECT u.id, u.name FROM unit_parents p JOIN units u ON u.id = p.unit_id
        JOIN unit_closure c ON c.ancestor_id = u.id JOIN memberships m ON m.unit_id = c.descendant_id
        WHERE p.parent_id = ${built.province.id}::uuid
        GROUP BY u.id, u.name ORDER BY count(*) DESC LIMIT 1`,
  );
  const exportFrom = built.province.members <= 60_000 || !exportUnit ? built.province : exportUnit;
  log(`  the database alone handing over the rows of ${exportFrom.name} …`);
  const exportFloorBefore = await measureExportFloor(handle, exportFrom.id);
  log(`  exporting ${exportFrom.name} to .xlsx …`);
  const exported = await measureExport(handle, actor, exportFrom.id);
  const exportFloorAfter = await measureExportFloor(handle, exportFrom.id);
  const exportFloor =
    exportFloorBefore.rowsPerS >= exportFloorAfter.rowsPerS ? exportFloorBefore : exportFloorAfter;
  log(`  importing ${int(importRows)} rows from .xlsx …`);
  profile.start('import');
  const imported = await measureImport(
    handle,
    actor,
    await importTarget(handle, built.province.id, 0),
    importRows,
    { seed: 2026, cccdProvince: '068' },
  );
  profile.start(null);
  log('  the database alone: the same rows copied again from tables of its own …');
  const floor = await measureDatabaseFloor(handle, '068');
  return { exportFrom, exported, exportFloor, imported, floor };
}

/** The export's line beside its floor, and the import's with its phases (both reports print them). */
function printExchangeLines(
  line: (label: string, value: string) => void,
  m: Pick<
    Awaited<ReturnType<typeof measureExchange>>,
    'exportFrom' | 'exported' | 'exportFloor' | 'imported'
  >,
): void {
  const { exportFrom, exported, exportFloor, imported } = m;
  line(
    `export (streamMemberExport, ${exportFrom.name})`,
    `${int(exported.rows)} rows, ${(exported.bytes / 2 ** 20).toFixed(1)} MiB in ${exported.totalS.toFixed(1)} s, ` +
      `first bytes after ${ms(exported.firstByteMs)} ms`,
  );
  line(
    '  the database alone (same people, COPY out)',
    `${int(exportFloor.rows)} rows in ${exportFloor.totalS.toFixed(1)} s: ${int(exportFloor.rowsPerS)} rows/s`,
  );
  line(
    'import (importMemberFile, register)',
    `${int(imported.result.created)} rows into "${imported.unit.name}" in ${imported.importS.toFixed(1)} s ` +
      `(${[...imported.phases].map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(', ')})`,
  );
}

/** BENCH_MEMBERS_PARTS=exchange: the export's and the import's lines, their verdicts, and the JSON line. */
function reportExchange(
  kind: TargetKind,
  m: Awaited<ReturnType<typeof measureExchange>>,
  profile: StatementProfile,
): string {
  const { exported, exportFloor, imported, floor } = m;
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
  const pass = (ok: boolean) => (kind === 'postgres' ? (ok ? 'PASS' : 'FAIL') : '(target is for PostgreSQL)');
  const figures = {
    export_rows_per_s: Math.round(exported.rowsPerS),
    export_first_byte_ms: Number(exported.firstByteMs.toFixed(1)),
    export_floor_rows_per_s: Math.round(exportFloor.rowsPerS),
    import_rows_per_s: Math.round(imported.result.created / imported.importS),
    floor_rows_per_s: Math.round(floor.rowsPerS),
  };
  const ofFloor = figures.import_rows_per_s / figures.floor_rows_per_s;
  console.log(`\n=== members benchmark (export and import only) on ${kind} ===`);
  printExchangeLines(line, m);
  line(
    '  the database alone (same rows, rolled back)',
    `${int(floor.rows)} people in ${floor.totalS.toFixed(1)} s: ${int(floor.rowsPerS)} rows/s (members ` +
      `${floor.seconds.members.toFixed(1)} s, stays ${floor.seconds.stays.toFixed(1)} s, events ${floor.seconds.events.toFixed(1)} s)`,
  );
  line(
    'export_rows_per_s',
    `${int(figures.export_rows_per_s)} against ≥ ${int(TARGETS.exportRowsPerS)}: ${pass(figures.export_rows_per_s >= TARGETS.exportRowsPerS)}`,
  );
  line(
    'export / export_floor_rows_per_s',
    `${int(figures.export_rows_per_s)} / ${int(figures.export_floor_rows_per_s)} = ${(figures.export_rows_per_s / figures.export_floor_rows_per_s).toFixed(2)}`,
  );
  line(
    'import / floor_rows_per_s',
    `${int(figures.import_rows_per_s)} / ${int(figures.floor_rows_per_s)} = ${ofFloor.toFixed(2)} against ≥ ${TARGETS.importOfFloor}: ${pass(ofFloor >= TARGETS.importOfFloor)}`,
  );
  const totals = profile.totals('import');
  console.log(
    `\n  slowest statements while importing (${int(totals.statements)}, ${totals.totalS.toFixed(1)} s in the driver):`,
  );
  for (const s of profile.top('import', 8))
    console.log(
      `    ${(s.share * 100).toFixed(0).padStart(3)}% ${s.totalS.toFixed(1).padStart(7)} s ${int(s.count).padStart(9)} × ${ms(s.avgMs).padStart(7)} ms  ${s.statement.slice(0, 90)}`,
    );
  return JSON.stringify({ bench: 'members', parts: 'exchange', db: kind, figures });
}

/** An .xlsx of `count` new people for the CĐCS founded on `foundedOn` (bench/lib/member-xlsx.ts). */
function importFile(count: number, foundedOn: string, people: { seed: number; cccdProvince: string }) {
  // A place of birth registration the bulk people never use (Lâm Đồng 068, Đắk Nông 067): none collides.
  return writeMemberXlsx(count, { ...people, firstJoin: foundedOn, lastJoin: BULK_HORIZON });
}

/** A CĐCS directly under the province: a factory whose whole roll is brought in at once. */
async function importTarget(handle: DatabaseHandle, provinceId: string, nth: number) {
  const [unit] = await queryRows<{ id: string; name: string; foundedOn: string }>(
    handle.db,
    sql`SELECT u.id, u.name, u.founded_on::text AS "foundedOn" FROM unit_parents p JOIN units u ON u.id = p.unit_id
        WHERE p.parent_id = ${provinceId}::uuid AND u.type_id = 'grassroots_union'
        ORDER BY u.code OFFSET ${nth} LIMIT 1`,
  );
  return unit!;
}

async function measureImport(
  handle: DatabaseHandle,
  actor: Actor | null,
  unit: { id: string; name: string; foundedOn: string },
  count: number,
  people: { seed: number; cccdProvince: string },
) {
  const file = await importFile(count, unit.foundedOn, people);
  const phases = new Map<string, number>();
  let phase = '';
  let phaseStart = performance.now();
  const start = performance.now();
  const result = await importMemberFile(handle.db, actor, unit.id, file.buffer, 'benchmark.xlsx', {
    mode: 'register',
    onProgress: (p) => {
      if (p === phase) return;
      if (phase) phases.set(phase, seconds(phaseStart));
      phase = p;
      phaseStart = performance.now();
    },
  });
  if (phase) phases.set(phase, seconds(phaseStart));
  const importS = seconds(start);
  return { unit, result, importS, writeS: file.writeS, bytes: file.buffer.length, phases };
}

/**
 * What the database alone takes to store what an import stored: the people whose CCCD starts with `cccdProvince`,
 * their stays and their events, copied again from tables of their own (new time-ordered ids, other codes and CCCDs)
 * into the registry's tables, in a transaction rolled back. Nothing done in JavaScript can make an import faster
 * than this on the same machine and indexes.
 */
export async function measureDatabaseFloor(handle: DatabaseHandle, cccdProvince: string) {
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
    handle.db,
    sql`SELECT count(*)::int AS n FROM members WHERE cccd LIKE ${`${cccdProvince}%`}`,
  );
  const seconds: Record<'members' | 'stays' | 'events', number> = { members: 0, stays: 0, events: 0 };
  const timed = async (
    key: keyof typeof seconds,
    statement: ReturnType<typeof sql>,
    tx: typeof handle.db,
  ) => {
    const start = performance.now();
    await tx.execute(statement);
    seconds[key] = (performance.now() - start) / 1000;
  };
  const rollback = new Error('rolled back on purpose');
  await handle.db
    .transaction(async (tx) => {
      await tx.execute(sql`CREATE TEMP TABLE floor_map ON COMMIT DROP AS
        SELECT o.id AS old_id, n.id AS new_id
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM members WHERE cccd LIKE ${`${cccdProvince}%`}) o
        JOIN unnest(string_to_array(${newIds(n).join(',')}, ',')::uuid[]) WITH ORDINALITY AS n(id, i) ON n.i = o.i`);
      await tx.execute(sql`CREATE TEMP TABLE floor_members ON COMMIT DROP AS
        SELECT p.* FROM members p JOIN floor_map f ON f.old_id = p.id ORDER BY f.new_id`);
      await tx.execute(sql`UPDATE floor_members p SET id = f.new_id, code = 'F' || p.code, cccd = '099' || substr(p.cccd, 4)
        FROM floor_map f WHERE f.old_id = p.id`);
      await tx.execute(sql`CREATE TEMP TABLE floor_stays ON COMMIT DROP AS
        SELECT s.* FROM memberships s JOIN floor_map f ON f.old_id = s.member_id`);
      await tx.execute(
        sql`UPDATE floor_stays s SET member_id = f.new_id FROM floor_map f WHERE f.old_id = s.member_id`,
      );
      await tx.execute(sql`CREATE TEMP TABLE floor_events ON COMMIT DROP AS
        SELECT e.* FROM membership_events e JOIN floor_map f ON f.old_id = e.member_id`);
      await tx.execute(
        sql`UPDATE floor_events e SET member_id = f.new_id FROM floor_map f WHERE f.old_id = e.member_id`,
      );
      await timed('members', sql`INSERT INTO members SELECT * FROM floor_members ORDER BY id`, tx);
      await timed('stays', sql`INSERT INTO memberships SELECT * FROM floor_stays`, tx);
      await timed(
        'events',
        sql`INSERT INTO membership_events (federation_id, member_id, unit_id, kind, effective_on, related_unit_id,
              reason, decision_no, note, proposal_id, recorded_by, recorded_at)
            SELECT federation_id, member_id, unit_id, kind, effective_on, related_unit_id, reason, decision_no, note,
                   proposal_id, recorded_by, recorded_at FROM floor_events`,
        tx,
      );
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  const totalS = seconds.members + seconds.stays + seconds.events;
  return { rows: n, seconds, totalS, rowsPerS: n / totalS };
}

function printTimings(timings: Timing[]): void {
  console.log(
    `  ${'query'.padEnd(64)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
  );
  for (const t of timings)
    console.log(
      `  ${t.label.padEnd(64)} ${ms(t.p50).padStart(8)} ${ms(t.p95).padStart(8)} ${ms(t.max).padStart(8)}`,
    );
}

export async function run(args: string[] = []): Promise<void> {
  // `npm run bench -- members 100000` (or BENCH_MEMBERS=100000) for a quick check at a smaller size.
  const sized = args.find((a) => /^\d+$/.test(a));
  const total = Number(sized ?? process.env.BENCH_MEMBERS ?? 1_000_000);
  const importRows = Number(process.env.BENCH_MEMBERS_IMPORT ?? 100_000);
  const repeat = Number(process.env.BENCH_MEMBERS_REPEAT ?? 5);
  const searching = (process.env.BENCH_MEMBERS_PARTS ?? 'all') !== 'exchange';
  console.log('members benchmark: a million members, search, counts as of a date, import from Excel');
  console.log(machine());
  const kinds: TargetKind[] = await benchTargets((line) => console.log(line));
  await onEachTarget(kinds, BENCH_DATABASE, async ({ kind, handle, where, profile }) => {
    const built = await build(handle, total, importRows);
    const actor = await provinceOfficer(handle, built.province.id);
    if (!searching)
      return reportExchange(kind, await measureExchange(handle, built, actor, importRows, profile), profile);
    log('  measuring search and counts …');
    profile.start('measure');
    const timings = await measure(handle, built, actor, repeat);
    profile.start(null);
    log('  the plain trigram search over the same names …');
    const trgm = await measureTrigramSearch(handle, timings.names, repeat);
    log(`  ${CONCURRENT_OFFICERS} officers asking for page 1 at once over HTTP (autocannon) …`);
    const concurrent = await concurrentGets(
      handle,
      OFFICER,
      `/api/units/${built.province.id}/members?page=1&pageSize=20`,
      { connections: CONCURRENT_OFFICERS, requests: CONCURRENT_REQUESTS },
    );
    // The floor of the same load: the same officers on the same server asking who they are (the session, the user
    // and the grants the guard reads for every request, nothing of the list). On a machine of 2 cores the list's
    // figure under load cannot go below it.
    log(`  ${CONCURRENT_OFFICERS} officers asking /api/auth/me at once (the HTTP and session floor) …`);
    const concurrentFloor = await concurrentGets(handle, OFFICER, '/api/auth/me', {
      connections: CONCURRENT_OFFICERS,
      requests: CONCURRENT_REQUESTS,
    });
    const { exportFrom, exported, exportFloor, imported, floor } = await measureExchange(
      handle,
      built,
      actor,
      importRows,
      profile,
    );
    const figures: Figures = {
      import_rows_per_s: Math.round(imported.result.created / imported.importS),
      floor_rows_per_s: Math.round(floor.rowsPerS),
      search_p95_ms: Number(timings.search.p95.toFixed(2)),
      trgm_p95_ms: Number(trgm.timing.p95.toFixed(2)),
      lookup_p95_ms: Number(timings.lookup.p95.toFixed(2)),
      list_p95_ms: Number(timings.list.p95.toFixed(2)),
      list_concurrent_p95_ms: Number(concurrent.p95.toFixed(2)),
      concurrent_floor_p95_ms: Number(concurrentFloor.p95.toFixed(2)),
      export_rows_per_s: Math.round(exported.rowsPerS),
      export_floor_rows_per_s: Math.round(exportFloor.rowsPerS),
      counts_ms: Number(timings.counts.p50.toFixed(1)),
    };

    const line = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
    console.log(`\n=== members benchmark on ${where} ===`);
    line(
      'units (importUnits)',
      `${int(built.units)} in ${built.unitsS.toFixed(1)} s, ${PROVINCES} provinces`,
    );
    line(
      'members written set-based',
      `${int(built.bulk.members)} (${int(built.bulk.transferred)} transferred, ${int(built.bulk.left)} left), ` +
        `${int(built.bulk.stays)} stays, ${int(built.bulk.events)} events in ${built.bulk.seconds.toFixed(1)} s`,
    );
    line(
      kind === 'postgres' ? 'VACUUM ANALYZE after the load' : 'ANALYZE after the load',
      `${built.analyzeS.toFixed(1)} s`,
    );
    line(
      'stored (table with its indexes)',
      built.sizes.map((s) => `${s.table} ${int(s.rows)} rows ${int(s.bytes / 2 ** 20)} MiB`).join(', '),
    );
    line('members per province', built.provinces.map((p) => `${p.code} ${int(p.members)}`).join(', '));
    line('the officer works at', `${built.province.name} (${int(built.province.members)} members)`);
    console.log('');
    printTimings([
      timings.search,
      timings.firstPass,
      ...timings.byKind,
      timings.list,
      timings.listAfresh,
      timings.listDeep,
      timings.counts,
      ...timings.byProvince,
      timings.lookup,
      trgm.timing,
      {
        label: `${CONCURRENT_OFFICERS} officers at once over HTTP, page 1 (${int(concurrent.requests)} requests)`,
        p50: concurrent.p50,
        p95: concurrent.p95,
        max: concurrent.max,
        rows: 0,
      },
    ]);
    console.log('');
    line('pg_trgm index for the baseline', `built in ${trgm.buildS.toFixed(1)} s, dropped after`);
    line(
      'HTTP load',
      `${int(concurrent.requestsPerS)} requests/s, ${int(concurrent.errors)} errors, ${int(concurrent.non2xx)} not 2xx`,
    );
    printExchangeLines(line, { exportFrom, exported, exportFloor, imported });
    if (built.emptyImport)
      line(
        '  the same into the empty registry',
        `${int(built.emptyImport.result.created)} rows in ${built.emptyImport.importS.toFixed(1)} s, ` +
          `${int(built.emptyImport.result.created / built.emptyImport.importS)} rows/s ` +
          `(${[...built.emptyImport.phases].map(([p, s]) => `${p} ${s.toFixed(1)} s`).join(', ')})`,
      );
    line(
      '  the database alone (same rows, rolled back)',
      `${int(floor.rows)} people in ${floor.totalS.toFixed(1)} s: at most ${int(floor.rowsPerS)} rows/s on this ` +
        `machine (members ${floor.seconds.members.toFixed(1)} s, stays ${floor.seconds.stays.toFixed(1)} s, ` +
        `events ${floor.seconds.events.toFixed(1)} s)`,
    );
    line(
      '  the file (ExcelJS streaming writer)',
      `${(imported.bytes / 2 ** 20).toFixed(1)} MiB written in ${imported.writeS.toFixed(1)} s`,
    );
    const verdict = (value: number, target: number, unit: string, atLeast = false) =>
      `${unit === 'rows/s' ? int(value) : ms(value)} ${unit} against ${atLeast ? '≥' : '≤'} ${int(target)} ${unit}` +
      (kind === 'postgres'
        ? `: ${(atLeast ? value >= target : value <= target) ? 'PASS' : 'FAIL'}`
        : ' (target is for PostgreSQL)');
    console.log('');
    line('import_rows_per_s', verdict(figures.import_rows_per_s, TARGETS.importRowsPerS, 'rows/s', true));
    const ratio = (label: string, value: number, target: number, atLeast: boolean) =>
      line(
        label,
        `${value.toFixed(2)} against ${atLeast ? '≥' : '≤'} ${target}` +
          (kind === 'postgres'
            ? `: ${(atLeast ? value >= target : value <= target) ? 'PASS' : 'FAIL'}`
            : ' (target is for PostgreSQL)'),
      );
    ratio(
      'import / floor_rows_per_s',
      figures.import_rows_per_s / figures.floor_rows_per_s,
      TARGETS.importOfFloor,
      true,
    );
    line('search_p95_ms', verdict(figures.search_p95_ms, TARGETS.searchP95, 'ms'));
    ratio(
      'search_p95_ms / trgm_p95_ms',
      figures.search_p95_ms / figures.trgm_p95_ms,
      TARGETS.searchOfTrgm,
      false,
    );
    line('list_p95_ms', verdict(figures.list_p95_ms, TARGETS.listP95, 'ms'));
    line('list_concurrent_p95_ms', verdict(figures.list_concurrent_p95_ms, TARGETS.listP95, 'ms'));
    line(
      'concurrent_floor_p95_ms (/api/auth/me)',
      `${ms(figures.concurrent_floor_p95_ms)} ms; list ${(figures.list_concurrent_p95_ms / figures.concurrent_floor_p95_ms).toFixed(1)}× of it, ${concurrent.requestsPerS.toFixed(0)} against ${concurrentFloor.requestsPerS.toFixed(0)} requests/s`,
    );
    line('export_rows_per_s', verdict(figures.export_rows_per_s, TARGETS.exportRowsPerS, 'rows/s', true));
    line(
      'export / export_floor_rows_per_s',
      `${(figures.export_rows_per_s / figures.export_floor_rows_per_s).toFixed(2)} (${int(figures.export_floor_rows_per_s)} rows/s)`,
    );
    line(
      'counts_ms (p50 of the dates; max beside)',
      `${verdict(figures.counts_ms, TARGETS.counts, 'ms')}; max ${ms(timings.counts.max)} ms`,
    );
    for (const phase of ['measure', 'import']) {
      const totals = profile.totals(phase);
      console.log(
        `\n  slowest statements while ${phase === 'measure' ? 'searching and counting' : 'importing'} (${int(totals.statements)} statements, ${totals.totalS.toFixed(1)} s in the driver):`,
      );
      for (const s of profile.top(phase, 6)) {
        console.log(
          `    ${(s.share * 100).toFixed(0).padStart(3)}% ${s.totalS.toFixed(1).padStart(7)} s ${int(s.count).padStart(9)} × ${ms(s.avgMs).padStart(7)} ms  ${s.statement.slice(0, 90)}`,
        );
      }
    }
    return JSON.stringify({ bench: 'members', db: kind, figures });
  });
}
