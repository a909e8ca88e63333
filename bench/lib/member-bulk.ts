/**
 * A million members for the benchmark, written set-based in SQL (INSERT … SELECT over generate_series) so that the
 * load takes minutes, not hours, on either database. The distribution is meant to make search and counts honest:
 * names drawn from the demo's weighted name lists (Nguyễn, Trần, Lê … with their middle and given names, and the
 * names of the highland and northern peoples), CĐCS of very different sizes (a few of several thousand), a third of
 * the members transferred once (some across provinces), about one in ten who left, a few deaths; CCCDs that match
 * gender and birth year, member codes with their check digit, mobile numbers. Every row is consistent with the
 * rules the product derives stays by (admit, transfer out + in, leave), so the registry's queries see real data.
 * Deterministic: the same seed and units give the same people.
 */
import { queryRows, sql, type DatabaseHandle } from '../../src/platform/db';
import { nameSortKey } from '../../src/features/members/name-order';
import { foldVietnamese } from '../../src/lib/text';
import { mulberry32, type Random } from '../../src/demo/random';
import { personName, pickWeighted, type DemoGender, type Weighted } from '../../src/demo/names';
import { apportion } from './national-tree';
import { rebuildTallies } from '../../src/features/members/services/tallies';

export interface BulkUnit {
  id: string;
  federationId: string;
  foundedOn: string;
}

export interface BulkOptions {
  members: number;
  seed: number;
  /** Names drawn per gender; each member takes one at random, so common names stay common. */
  namePool?: number;
}

export interface BulkResult {
  members: number;
  stays: number;
  events: number;
  transferred: number;
  left: number;
  seconds: number;
}

/** The last day of the generated history (the import and the searches work "today", after it). */
export const BULK_HORIZON = '2026-06-30';
/** Birth registration provinces used by the bulk people; the imports' own rows use 067 and 068 so none collide. */
const CCCD_PROVINCES = ['001', '079', '031', '048', '027', '092', '038', '040', '075', '074'];

/** The ethnic mix of a national workforce: Kinh most, then the peoples of the highlands and the north. */
const ETHNIC_MIX: Weighted<string> = [
  ['01', 86],
  ['02', 2.5],
  ['03', 2],
  ['06', 1.5],
  ['07', 1.5],
  ['04', 1.5],
  ['05', 1.5],
  ['16', 1.2],
  ['08', 0.8],
  ['09', 0.8],
  ['28', 0.4],
  ['36', 0.3],
];

const seconds = (since: number) => (performance.now() - since) / 1000;

/** A pseudo-random non-negative integer for member `n` and stream `k`, the same on PGlite and PostgreSQL. */
const r = (k: number) => sql.raw(`(hashint8(n * 64 + ${k}) & 2147483647)`);

async function insertRows(
  handle: DatabaseHandle,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const chunk = Math.floor(30_000 / columns.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map(
      (row) =>
        sql`(${sql.join(
          row.map((v) => sql`${v}`),
          sql`, `,
        )})`,
    );
    await handle.db.execute(
      sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns.join(', '))}) VALUES ${sql.join(values, sql`, `)}`,
    );
  }
}

/** Unit sizes: most CĐCS have a few dozen to a few hundred members, one in a hundred several thousand. */
function unitWeights(rng: Random, count: number): number[] {
  return Array.from({ length: count }, () => {
    const w = Math.exp(rng.next() * 3.2 - 1.6);
    return rng.chance(0.01) ? w * 12 : w;
  });
}

/**
 * Writes `options.members` members with their stays and events into the units given (CĐCS, each with its
 * federation). Expects an empty registry; leaves helper tables (bench_*) in place for the caller's samples.
 */
export async function loadBulkMembers(
  handle: DatabaseHandle,
  units: readonly BulkUnit[],
  options: BulkOptions,
  log: (line: string) => void = () => undefined,
): Promise<BulkResult> {
  const start = performance.now();
  const rng = mulberry32(options.seed);
  const db = handle.db;
  const pool = options.namePool ?? 40_000;
  // Codes follow those already issued (an import may have run before the load).
  const [issued] = await queryRows<{ last: number }>(
    db,
    sql`SELECT last_value::int AS last FROM member_code_seq`,
  );
  const codeBase = Math.max(100_000_000, (issued?.last ?? 0) + 1);

  // 1. Names, as the demo draws them, with the keys the registry stores.
  await db.execute(sql`DROP TABLE IF EXISTS bench_names, bench_units, bench_people`);
  await db.execute(
    sql`CREATE UNLOGGED TABLE bench_names (gender text, i int, ethnicity_code text, full_name text, search_text text, sort_key text, PRIMARY KEY (gender, i))`,
  );
  const names: unknown[][] = [];
  for (const gender of ['female', 'male'] as DemoGender[]) {
    for (let i = 0; i < pool; i += 1) {
      const ethnicity = pickWeighted(rng, ETHNIC_MIX);
      const fullName = personName(rng, gender, ethnicity);
      names.push([gender, i, ethnicity, fullName, foldVietnamese(fullName), nameSortKey(fullName)]);
    }
  }
  await insertRows(
    handle,
    'bench_names',
    ['gender', 'i', 'ethnicity_code', 'full_name', 'search_text', 'sort_key'],
    names,
  );

  // 2. Units with their member number ranges, grouped by federation (transfers pick within the federation).
  const sorted = [...units].sort((a, b) => a.federationId.localeCompare(b.federationId));
  const sizes = apportion(options.members, unitWeights(rng, sorted.length));
  const fedStart = new Map<string, number>();
  const fedCount = new Map<string, number>();
  sorted.forEach((u, i) => {
    if (!fedStart.has(u.federationId)) fedStart.set(u.federationId, i);
    fedCount.set(u.federationId, (fedCount.get(u.federationId) ?? 0) + 1);
  });
  let lo = 1;
  const unitRows = sorted.map((u, i) => {
    const row = [
      i,
      u.id,
      u.federationId,
      u.foundedOn,
      fedStart.get(u.federationId)!,
      fedCount.get(u.federationId)!,
      lo,
      lo + sizes[i]!,
    ];
    lo += sizes[i]!;
    return row;
  });
  await db.execute(
    sql`CREATE UNLOGGED TABLE bench_units (i int PRIMARY KEY, id uuid, federation_id uuid, founded_on date, fed_start int, fed_count int, lo bigint, hi bigint)`,
  );
  await insertRows(
    handle,
    'bench_units',
    ['i', 'id', 'federation_id', 'founded_on', 'fed_start', 'fed_count', 'lo', 'hi'],
    unitRows,
  );
  log(`    names and units ready (${seconds(start).toFixed(1)} s)`);

  // 3. People: who, born when, joined when, transferred where and when, left when.
  const cap = sql.raw(`'${BULK_HORIZON}'::date`);
  const provinces = sql.raw(`(ARRAY['${CCCD_PROVINCES.join("','")}'])`);
  const luhn = sql.raw(
    Array.from({ length: 9 }, (_, k) => {
      const digit = `((${codeBase} + n) / ${10 ** k} % 10)`;
      return k % 2 === 0 ? `(2 * ${digit} - 9 * (${digit} / 5))` : digit;
    }).join(' + '),
  );
  const total = units.length;
  const step = performance.now();
  await db.execute(sql`
    CREATE UNLOGGED TABLE bench_people AS
    WITH base AS (
      SELECT n, gen_random_uuid() AS id, u.id AS unit_id, u.federation_id, u.founded_on,
             CASE WHEN ${r(1)} % 100 < 55 THEN 'female' ELSE 'male' END AS gender,
             (${r(2)} % ${pool}::int) AS name_i,
             '1966-01-01'::date + (${r(3)} % 14600)::int AS birth_date,
             ${r(4)} AS r4, ${r(5)} AS r5, ${r(6)} AS r6, ${r(7)} AS r7, ${r(8)} AS r8, ${r(9)} AS r9,
             CASE WHEN ${r(10)} % 10 = 0 THEN ${r(11)} % ${total}::int
                  ELSE u.fed_start + ${r(11)} % u.fed_count END AS v_i
      FROM bench_units u CROSS JOIN LATERAL generate_series(u.lo, u.hi - 1) n
    ),
    joined AS (
      SELECT b.*, least(${cap}, greatest(b.birth_date + 6940 + (b.r4 % 4380)::int,
                                         b.founded_on + 1 + (b.r5 % 400)::int)) AS joined_on
      FROM base b
    ),
    moved AS (
      SELECT j.*, v.id AS v_id, v.federation_id AS v_federation_id,
             CASE WHEN j.r6 % 3 = 0 AND ${cap} - j.joined_on > 2 AND v.id <> j.unit_id
                  THEN greatest(j.joined_on + 1 + (j.r7 % greatest(1, ${cap} - j.joined_on - 1))::int,
                                v.founded_on + 1)
             END AS t
      FROM joined j JOIN bench_units v ON v.i = j.v_i
    ),
    dated AS (
      SELECT m.*, CASE WHEN m.t <= ${cap} THEN m.t END AS transfer_on FROM moved m
    ),
    ended AS (
      SELECT d.*, coalesce(d.transfer_on, d.joined_on) AS last_start FROM dated d
    )
    SELECT e.n, e.id, e.unit_id, e.federation_id, e.gender, e.name_i, e.birth_date, e.joined_on,
           e.transfer_on, CASE WHEN e.transfer_on IS NOT NULL THEN e.v_id END AS to_unit_id,
           CASE WHEN e.transfer_on IS NOT NULL THEN e.v_federation_id ELSE e.federation_id END AS last_federation_id,
           CASE WHEN e.r8 % 1000 < 95 AND ${cap} - e.last_start > 2
                THEN e.last_start + 1 + (e.r9 % (${cap} - e.last_start - 1))::int END AS end_on,
           CASE WHEN e.r8 % 1000 < 3 THEN 'death' ELSE 'leave' END AS end_kind,
           (ARRAY['retired', 'job_ended', 'job_ended', 'job_ended', 'resigned', 'other'])[1 + e.r9 % 6] AS reason,
           ${provinces}[1 + e.r5 % ${CCCD_PROVINCES.length}] ||
             ((CASE WHEN e.birth_date >= '2000-01-01' THEN 2 ELSE 0 END) + (CASE WHEN e.gender = 'female' THEN 1 ELSE 0 END))::text ||
             to_char(e.birth_date, 'YY') || lpad((e.n % 1000000)::text, 6, '0') AS cccd,
           (ARRAY['090', '091', '093', '094', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038',
                  '039', '070', '076', '077', '078', '079', '081', '082', '083', '084', '085', '086', '088', '089',
                  '056', '058'])[1 + e.r4 % 30] || lpad((e.r7 % 10000000)::text, 7, '0') AS phone,
           (${codeBase} + e.n)::text || ((10 - (${luhn}) % 10) % 10)::text AS code,
           e.r6 % 100 < 20 AS party_member
    FROM ended e`);
  log(`    people planned (${seconds(step).toFixed(1)} s)`);

  // 4. The registry's own tables, consistent with each other.
  const insertStart = performance.now();
  await db.execute(sql`
    INSERT INTO members (id, federation_id, code, full_name, search_text, birth_date, gender, ethnicity_code, cccd,
                         phone, party_member, joined_on, sort_key)
    SELECT p.id, p.last_federation_id, p.code, nm.full_name, nm.search_text, p.birth_date, p.gender,
           nm.ethnicity_code, p.cccd, CASE WHEN p.n % 10 = 0 THEN NULL ELSE p.phone END, p.party_member,
           p.joined_on, nm.sort_key
    FROM bench_people p JOIN bench_names nm ON nm.gender = p.gender AND nm.i = p.name_i`);
  log(`    members written (${seconds(insertStart).toFixed(1)} s)`);
  const staysStart = performance.now();
  await db.execute(sql`
    INSERT INTO memberships (member_id, unit_id, federation_id, valid_from, valid_to, start_kind, end_kind,
                             birth_date)
    SELECT id, unit_id, federation_id, joined_on,
           coalesce(transfer_on, end_on, '9999-12-31'::date), 'admit',
           CASE WHEN transfer_on IS NOT NULL THEN 'transfer_out' WHEN end_on IS NOT NULL THEN end_kind END,
           birth_date
    FROM bench_people
    UNION ALL
    SELECT id, to_unit_id, last_federation_id, transfer_on, coalesce(end_on, '9999-12-31'::date), 'transfer_in',
           CASE WHEN end_on IS NOT NULL THEN end_kind END, birth_date
    FROM bench_people WHERE transfer_on IS NOT NULL`);
  log(`    stays written (${seconds(staysStart).toFixed(1)} s)`);
  const eventsStart = performance.now();
  await db.execute(sql`
    INSERT INTO membership_events (federation_id, member_id, unit_id, kind, effective_on, related_unit_id, reason)
    SELECT federation_id, id, unit_id, 'admit', joined_on, NULL, NULL FROM bench_people
    UNION ALL
    SELECT federation_id, id, unit_id, 'transfer_out', transfer_on, to_unit_id, NULL
    FROM bench_people WHERE transfer_on IS NOT NULL
    UNION ALL
    SELECT last_federation_id, id, to_unit_id, 'transfer_in', transfer_on, unit_id, NULL
    FROM bench_people WHERE transfer_on IS NOT NULL
    UNION ALL
    SELECT last_federation_id, id, coalesce(to_unit_id, unit_id), end_kind, end_on, NULL,
           CASE WHEN end_kind = 'leave' THEN reason END
    FROM bench_people WHERE end_on IS NOT NULL`);
  log(`    events written (${seconds(eventsStart).toFixed(1)} s)`);
  // Written around the services, so the counts' tallies are built from the stays as a start-up would.
  const talliesStart = performance.now();
  await rebuildTallies(db);
  log(`    tallies built (${seconds(talliesStart).toFixed(1)} s)`);
  await db.execute(
    sql`SELECT setval('member_code_seq', greatest((SELECT last_value FROM member_code_seq), ${codeBase + options.members + 1}::bigint))`,
  );

  const [counts] = await queryRows<{
    members: number;
    stays: number;
    events: number;
    transferred: number;
    left: number;
  }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM memberships) AS stays,
               (SELECT count(*)::int FROM membership_events) AS events,
               (SELECT count(*)::int FROM bench_people WHERE transfer_on IS NOT NULL) AS transferred,
               (SELECT count(*)::int FROM bench_people WHERE end_on IS NOT NULL) AS "left"`,
  );
  return { ...counts!, seconds: seconds(start) };
}
