/**
 * Figures the registry and the tree give for a period, for a unit and everything under it: members and women at the
 * period's end (from the tallies), movements during it (membership events), grassroots unions alive at its end and
 * founded or dissolved during it. Units are placed as reports are: on the period's last day, or on their own last day
 * when they ended within the period.
 *
 * Computed for many units at once (one statement per kind of figure, grouped by the unit asked for), and kept in
 * report_registry_figures with the snapshot they were read in: a kept figure holds while no transaction that snapshot
 * did not see has noted a write (member_tally_writes: a tally, a restructuring, a sector) in one of the federations it
 * covered from a day on or before the period's end.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows } from '../../platform/db';

/** The four levels of the union (Luật Công đoàn 50/2024/QH15): level 4 is the grassroots union (CĐCS). */
const GRASSROOTS_LEVEL = 4;
/** In member_tally_writes: a write that concerns every federation (the members feature's ALL_FEDERATIONS). */
const ALL_FEDERATIONS = '00000000-0000-0000-0000-000000000000';

/** The units of each root's subtree in the period, each placed on the period's last day or its own if earlier. */
const underRoots = (rootIds: readonly string[], periodEnd: string) => sql`
  JOIN unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = ANY(${idArray(rootIds)})
   AND c.valid_from <= LEAST(${periodEnd}::date, u.ended_on - 1) AND c.valid_to > LEAST(${periodEnd}::date, u.ended_on - 1)`;

export interface RegistryFigures {
  membersEnd: number;
  membersFemaleEnd: number;
  movements: Record<string, number>;
  /** Grassroots unions by sector (null: none set): alive at the end, founded during, ended during. */
  grassroots: { sector: string | null; alive: number; founded: number; ended: number }[];
}

export interface ComputedFigures {
  figures: RegistryFigures;
  /** The federations of the units the figures cover, and how many units they are. */
  federationIds: string[];
  units: number;
}

/** The registry figures of each root's subtree for the period (roots with nothing under them get zeros). */
export async function registryFiguresOf(
  db: Database,
  rootIds: readonly string[],
  periodStart: string,
  periodEnd: string,
): Promise<Map<string, ComputedFigures>> {
  if (rootIds.length === 0) return new Map();
  // One statement (one round trip, and a transaction may hold it): each kind of figure as rows of one shape.
  const rows = await queryRows<{
    root: string;
    kind: 'members' | 'movement' | 'grassroots' | 'covered';
    key: string | null;
    a: number;
    b: number;
    c: number;
  }>(
    db,
    sql`SELECT c.ancestor_id AS root, 'members' AS kind, NULL AS key, coalesce(sum(t.memberships), 0)::int AS a,
               coalesce(sum((t.counts ->> 'g:female')::int), 0)::int AS b, 0 AS c
        FROM unit_closure c
        JOIN LATERAL (SELECT memberships, counts, valid_to FROM member_tallies t
                      WHERE t.unit_id = c.descendant_id AND t.valid_from <= ${periodEnd}::date
                      ORDER BY t.valid_from DESC LIMIT 1) t ON t.valid_to > ${periodEnd}::date
        WHERE c.ancestor_id = ANY(${idArray(rootIds)})
          AND c.valid_from <= ${periodEnd}::date AND c.valid_to > ${periodEnd}::date
        GROUP BY c.ancestor_id
        UNION ALL
        SELECT c.ancestor_id, 'movement', e.kind, count(*)::int, 0, 0
        FROM units u ${underRoots(rootIds, periodEnd)}
        JOIN membership_events e ON e.unit_id = u.id
         AND e.effective_on >= ${periodStart}::date AND e.effective_on <= ${periodEnd}::date
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY c.ancestor_id, e.kind
        UNION ALL
        SELECT c.ancestor_id, 'grassroots', u.sector,
               count(*) FILTER (WHERE u.ended_on > ${periodEnd}::date)::int,
               count(*) FILTER (WHERE u.founded_on >= ${periodStart}::date)::int,
               count(*) FILTER (WHERE u.ended_on <= ${periodEnd}::date)::int
        FROM units u JOIN unit_types ty ON ty.id = u.type_id AND ty.level = ${GRASSROOTS_LEVEL}
        ${underRoots(rootIds, periodEnd)}
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY c.ancestor_id, u.sector
        UNION ALL
        SELECT c.ancestor_id, 'covered', string_agg(DISTINCT coalesce(u.federation_id, u.id)::text, ','),
               count(*)::int, 0, 0
        FROM units u ${underRoots(rootIds, periodEnd)}
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodStart}::date
        GROUP BY c.ancestor_id`,
  );
  const result = new Map<string, ComputedFigures>(
    rootIds.map((id) => [
      id,
      {
        figures: { membersEnd: 0, membersFemaleEnd: 0, movements: {}, grassroots: [] },
        federationIds: [],
        units: 0,
      },
    ]),
  );
  for (const r of rows) {
    const computed = result.get(r.root)!;
    const f = computed.figures;
    if (r.kind === 'members') {
      f.membersEnd = r.a;
      f.membersFemaleEnd = r.b;
    } else if (r.kind === 'movement') f.movements[r.key!] = r.a;
    else if (r.kind === 'grassroots')
      f.grassroots.push({ sector: r.key, alive: r.a, founded: r.b, ended: r.c });
    else {
      computed.federationIds = r.key ? r.key.split(',') : [];
      computed.units = r.a;
    }
  }
  return result;
}

/**
 * The kept figures of these units for the period that still hold, and the current snapshot, taken before anything
 * else is read: figures computed after it and kept with it are stale (computed again) rather than wrong when a write
 * commits meanwhile.
 */
export async function keptFigures(
  db: Database,
  unitIds: readonly string[],
  periodStart: string,
  periodEnd: string,
): Promise<{ snapshot: string; kept: Map<string, RegistryFigures> }> {
  const rows = await queryRows<{ snapshot: string; unitId: string | null; figures: RegistryFigures | null }>(
    db,
    sql`SELECT s.snapshot, k.unit_id AS "unitId", k.figures
        FROM (SELECT pg_current_snapshot()::text AS snapshot) s
        LEFT JOIN report_registry_figures k
          ON k.unit_id = ANY(${idArray(unitIds)}) AND k.period_end = ${periodEnd}::date
         AND k.period_start = ${periodStart}::date AND k.computed_at > now() - interval '1 day'
         AND NOT EXISTS (
           SELECT 1 FROM member_tally_writes w
           WHERE w.federation_id = ANY(k.federation_ids || ${ALL_FEDERATIONS}::uuid)
             AND (w.from_date IS NULL OR w.from_date <= ${periodEnd}::date)
             AND w.xid >= pg_snapshot_xmin(k.snapshot::pg_snapshot)::text::bigint
             AND NOT pg_visible_in_snapshot(w.xid::text::xid8, k.snapshot::pg_snapshot))`,
  );
  const kept = new Map<string, RegistryFigures>();
  for (const r of rows) if (r.unitId && r.figures) kept.set(r.unitId, r.figures);
  return { snapshot: rows[0]!.snapshot, kept };
}

/** Keeps figures computed from what `snapshot` saw (or later), replacing those kept before. */
export async function keepFigures(
  db: Database,
  periodStart: string,
  periodEnd: string,
  snapshot: string,
  computed: ReadonlyMap<string, ComputedFigures>,
): Promise<void> {
  const rows = [...computed.entries()];
  if (rows.length === 0) return;
  await db.execute(
    sql`INSERT INTO report_registry_figures (unit_id, period_start, period_end, figures, federation_ids, snapshot)
        SELECT r.unit_id::uuid, ${periodStart}::date, ${periodEnd}::date, r.figures, r.federation_ids::uuid[], ${snapshot}
        FROM json_to_recordset(${JSON.stringify(
          rows.map(([unitId, c]) => ({
            unit_id: unitId,
            figures: c.figures,
            federation_ids: c.federationIds,
          })),
        )}::json) AS r(unit_id text, figures json, federation_ids text[])
        ON CONFLICT (unit_id, period_end, period_start) DO UPDATE
          SET figures = excluded.figures, federation_ids = excluded.federation_ids, snapshot = excluded.snapshot,
              computed_at = excluded.computed_at`,
  );
}

/** Figures kept more than two days ago (no longer read after one). */
export async function dropOldFigures(db: Database): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`WITH gone AS (DELETE FROM report_registry_figures WHERE computed_at < now() - interval '2 days' RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  return rows[0]?.n ?? 0;
}

/** The units above the grassroots alive on the period's last day (whose figures are worth keeping ahead). */
export async function upperUnitsOn(db: Database, periodEnd: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT u.id FROM units u JOIN unit_types ty ON ty.id = u.type_id AND ty.level < ${GRASSROOTS_LEVEL}
        WHERE u.founded_on <= ${periodEnd}::date AND u.ended_on > ${periodEnd}::date ORDER BY u.id`,
  );
  return rows.map((r) => r.id);
}
