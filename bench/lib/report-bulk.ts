/**
 * The periodic reports of a national tree for the reporting benchmark, written set-based in SQL: for each period, one
 * submission per expected unit (most approved, some submitted, a few drafts, the rest missing), then one value row per
 * indicator of the form for each submission (INSERT … SELECT over the units and the form's indicators), each value
 * drawn from a hash of the unit, the indicator and the period, so that the same tree gives the same figures on either
 * database. Registry and formula figures are written too, as a submission fixes them.
 */
import { queryRows, sql, withPlannerSettings, type DatabaseHandle } from '../../src/platform/db';
import { textArray } from '../../src/platform/db';
import { OPEN_END } from '../../src/lib/dates';
import type { FormPeriod } from '../../src/features/reporting/services/catalogue';

/** Out of 100 units of a period: approved below 82, submitted below 90, draft below 93, missing from 93. */
const APPROVED = 82;
const SUBMITTED = 90;
const DRAFT = 93;

export interface ReportLoad {
  periodCode: string;
  submissions: number;
  values: number;
  byStatus: Record<string, number>;
  seconds: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Writes one period's submissions and values for every unit of the filler types alive on the period's last day. */
export async function loadPeriodReports(
  handle: DatabaseHandle,
  fp: FormPeriod,
  salt: number,
): Promise<ReportLoad> {
  const start = performance.now();
  const end = fp.period.end;
  // Times in UTC (10:00 and 15:00 Vietnam time). Submitted within a fortnight of the period's end (a few after the deadline, 5 days), decided a few days later.
  await handle.db.execute(sql`
    INSERT INTO report_submissions (federation_id, form_id, period_code, unit_id, status, version,
                                    submitted_at, decided_at, created_at, updated_at)
    SELECT coalesce(u.federation_id, u.id), ${fp.form.id}, ${fp.period.code}, u.id,
           CASE WHEN b.bucket < ${APPROVED} THEN 'approved' WHEN b.bucket < ${SUBMITTED} THEN 'submitted' ELSE 'draft' END,
           CASE WHEN b.bucket < ${APPROVED} THEN 4 WHEN b.bucket < ${SUBMITTED} THEN 3 ELSE 2 END,
           CASE WHEN b.bucket < ${SUBMITTED} THEN (${end}::date + (b.bucket % 9) + time '03:00') AT TIME ZONE 'UTC' END,
           CASE WHEN b.bucket < ${APPROVED} THEN (${end}::date + (b.bucket % 9) + 2 + time '08:00') AT TIME ZONE 'UTC' END,
           ${end}::date, ${end}::date
    FROM units u
    CROSS JOIN LATERAL (SELECT abs(hashtext(u.code || ${String(salt)})) % 100 AS bucket) b
    WHERE u.type_id = ANY(${textArray(fp.version.fillerTypes)})
      AND u.founded_on <= ${end}::date AND u.ended_on > ${end}::date AND b.bucket < ${DRAFT}`);
  const codes = fp.indicators.map((i) => i.code);
  const kinds = fp.indicators.map((i) => i.valueType);
  await handle.db.execute(sql`
    INSERT INTO report_values (submission_id, indicator_code, federation_id, unit_id, form_id, period_code, num, txt)
    SELECT s.id, i.code, s.federation_id, s.unit_id, s.form_id, s.period_code,
           CASE i.kind WHEN 'text' THEN NULL
                       WHEN 'boolean' THEN h.h % 2
                       WHEN 'percent' THEN h.h % 101
                       WHEN 'money' THEN (h.h % 200) * 250000
                       ELSE h.h % 400 END,
           CASE WHEN i.kind = 'text' THEN 'Hoàn thành tốt nhiệm vụ' END
    FROM report_submissions s
    CROSS JOIN unnest(${textArray(codes)}, ${textArray(kinds)}) AS i(code, kind)
    CROSS JOIN LATERAL (SELECT abs(hashtext(s.unit_id::text || i.code || s.period_code)) AS h) h
    WHERE s.form_id = ${fp.form.id} AND s.period_code = ${fp.period.code}`);
  const rows = await queryRows<{ status: string; n: number; values: number }>(
    handle.db,
    sql`SELECT s.status, count(*)::int AS n,
               (SELECT count(*)::int FROM report_values v WHERE v.form_id = ${fp.form.id} AND v.period_code = ${fp.period.code}) AS values
        FROM report_submissions s WHERE s.form_id = ${fp.form.id} AND s.period_code = ${fp.period.code}
        GROUP BY s.status`,
  );
  return {
    periodCode: fp.period.code,
    submissions: rows.reduce((a, r) => a + r.n, 0),
    values: rows[0]?.values ?? 0,
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    seconds: seconds(start),
  };
}

/**
 * The floor of the recompute: one hand-written statement over the raw values joined to the closure of the period's
 * last day, grouped by ancestor, indicator and basis (every unit of the benchmark is alive then, so no unit's own last
 * day is needed). `select` decides what it returns: the figures themselves, or their count and sums only (timed so,
 * so that no row travels to the client while every aggregate is still computed).
 */
export function floorQuery(fp: FormPeriod) {
  const typed = fp.indicators.filter(
    (i) => i.source === 'typed' && i.valueType !== 'text' && i.aggregation !== 'none',
  );
  const rolling = typed.map((i) => i.code);
  // The least and greatest only where they are shown (aggregation min or max), as the kept totals hold them.
  const extremes = typed.filter((i) => i.aggregation === 'min' || i.aggregation === 'max').map((i) => i.code);
  const extreme = sql`CASE WHEN v.indicator_code = ANY(${textArray(extremes)}) THEN v.num END`;
  return sql`
    SELECT c.ancestor_id AS unit_id, v.indicator_code, b.basis,
           sum(v.num) AS total, count(*)::int AS reported, min(${extreme}) AS min, max(${extreme}) AS max
    FROM report_values v
    JOIN report_submissions s ON s.id = v.submission_id AND s.status IN ('submitted', 'approved')
    JOIN unit_closure c ON c.descendant_id = v.unit_id AND c.depth > 0
     AND c.valid_from <= ${fp.period.end}::date AND c.valid_to > ${fp.period.end}::date
    CROSS JOIN LATERAL unnest(CASE WHEN s.status = 'approved' THEN ARRAY['submitted', 'approved']
                                   ELSE ARRAY['submitted'] END) AS b(basis)
    WHERE v.form_id = ${fp.form.id} AND v.period_code = ${fp.period.code} AND v.num IS NOT NULL
      AND v.indicator_code = ANY(${textArray(rolling)})
    GROUP BY c.ancestor_id, v.indicator_code, b.basis`;
}

/**
 * Times the floor (count and sums of its rows) in a transaction with JIT off and the recompute's working memory, the
 * planner free to choose its joins (forced to hash, as the recompute is, the floor took three times as long at national
 * scale), and counts where it differs from the kept totals.
 */
export async function measureFloor(
  handle: DatabaseHandle,
  fp: FormPeriod,
): Promise<{ ms: number; rows: number; differences: number }> {
  const start = performance.now();
  const [timed] = await withPlannerSettings(handle.db, (tx) =>
    queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n, sum(f.total)::float8 AS total, sum(f.reported)::float8 AS reported,
                 sum(f.min)::float8 AS min, sum(f.max)::float8 AS max
          FROM (${floorQuery(fp)}) f`,
    ),
  );
  const ms = performance.now() - start;
  const [diff] = await queryRows<{ n: number }>(
    handle.db,
    sql`WITH f AS (${floorQuery(fp)}),
             k AS (SELECT * FROM report_totals WHERE form_id = ${fp.form.id} AND period_code = ${fp.period.code}
                    AND reported > 0)
        SELECT count(*)::int AS n FROM f FULL JOIN k
          ON k.unit_id = f.unit_id AND k.indicator_code = f.indicator_code AND k.basis = f.basis
        WHERE f.unit_id IS NULL OR k.unit_id IS NULL OR f.total <> k.total OR f.reported <> k.reported
           OR f.min IS DISTINCT FROM k.min OR f.max IS DISTINCT FROM k.max`,
  );
  return { ms, rows: timed?.n ?? 0, differences: diff?.n ?? -1 };
}

/**
 * The member tallies of a national registry, one per CĐCS since 2020 (10 to 159 members, half of them women),
 * so that registry figures add up real rows: 11 million members nationally, as the union counts them.
 */
export async function loadMemberTallies(handle: DatabaseHandle): Promise<{ units: number; members: number }> {
  await handle.db.execute(sql`
    INSERT INTO member_tallies (unit_id, federation_id, valid_from, valid_to, memberships, counts)
    SELECT u.id, coalesce(u.federation_id, u.id), '2020-01-01', ${OPEN_END}::date, m.m,
           json_build_object('g:female', m.m / 2)
    FROM units u CROSS JOIN LATERAL (SELECT 10 + abs(hashtext(u.code || 'm')) % 150 AS m) m
    WHERE u.type_id = 'grassroots_union'`);
  const [row] = await queryRows<{ units: number; members: number }>(
    handle.db,
    sql`SELECT count(*)::int AS units, coalesce(sum(memberships), 0)::float8 AS members FROM member_tallies`,
  );
  return { units: row?.units ?? 0, members: row?.members ?? 0 };
}
