/** The recorded events of the tree (each with the units it touched and their roles), newest first for a unit. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';
import { unitEventUnits, unitEvents } from './tables';

export async function insertEvent(
  db: Database,
  event: typeof unitEvents.$inferInsert,
  touched: { unitId: string; role: string }[],
): Promise<number> {
  const [row] = await db.insert(unitEvents).values(event).returning({ id: unitEvents.id });
  if (!row) throw new Error('insert unit_events returned nothing');
  const unique = new Map(touched.map((t) => [`${t.unitId}:${t.role}`, t]));
  // 3 bind parameters a row: chunks keep each statement under PostgreSQL's 65,535.
  const rows = [...unique.values()].map((t) => ({ eventId: row.id, ...t }));
  for (let i = 0; i < rows.length; i += 10_000)
    await db.insert(unitEventUnits).values(rows.slice(i, i + 10_000));
  return row.id;
}

export interface UnitEventRow {
  id: number;
  kind: string;
  decisionNo: string | null;
  decisionDate: string | null;
  effectiveOn: string;
  note: string | null;
  details: unknown;
  recordedBy: string | null;
  recordedByName: string | null;
  recordedAt: string;
  role: string;
}

/**
 * The events of a unit, newest first; with `subtree`, also those of every unit that was ever under it. The role is
 * the unit's own part in the event ("subject" first).
 */
export async function eventsOfUnit(
  db: Database,
  unitId: string,
  options: { subtree?: boolean; limit?: number } = {},
): Promise<UnitEventRow[]> {
  const units = options.subtree
    ? sql`SELECT DISTINCT descendant_id FROM unit_closure WHERE ancestor_id = ${unitId}::uuid`
    : sql`SELECT ${unitId}::uuid`;
  return queryRows(
    db,
    sql`SELECT e.id::int AS id, e.kind, e.decision_no AS "decisionNo", e.decision_date::text AS "decisionDate",
               e.effective_on::text AS "effectiveOn", e.note, e.details, e.recorded_by AS "recordedBy",
               usr.full_name AS "recordedByName", e.recorded_at AS "recordedAt",
               (array_agg(eu.role ORDER BY (eu.unit_id = ${unitId}::uuid) DESC, (eu.role = 'subject') DESC, eu.role))[1] AS role
        FROM unit_event_units eu JOIN unit_events e ON e.id = eu.event_id
        LEFT JOIN users usr ON usr.id = e.recorded_by
        WHERE eu.unit_id IN (${units})
        GROUP BY e.id, usr.full_name
        ORDER BY e.effective_on DESC, e.id DESC
        LIMIT ${options.limit ?? 500}`,
  );
}

export async function lastEventDateOf(db: Database, unitId: string): Promise<string | null> {
  const rows = await queryRows<{ d: string | null }>(
    db,
    sql`SELECT max(e.effective_on)::text AS d FROM unit_event_units eu JOIN unit_events e ON e.id = eu.event_id WHERE eu.unit_id = ${unitId}::uuid`,
  );
  return rows[0]?.d ?? null;
}

/** The name each unit bore on each date (its `unit_names` row covering that day), keyed `unitId@date`. */
export async function namesOn(
  db: Database,
  asked: readonly { unitId: string; date: string }[],
): Promise<Map<string, string>> {
  if (asked.length === 0) return new Map();
  const rows = await queryRows<{ key: string; name: string }>(
    db,
    sql`SELECT a.unit_id::text || '@' || a.d::text AS key, n.name
        FROM unnest(${idArray(asked.map((a) => a.unitId))}, ${textArray(asked.map((a) => a.date))}::date[])
             AS a(unit_id, d)
        JOIN unit_names n ON n.unit_id = a.unit_id AND n.valid_from <= a.d AND n.valid_to > a.d`,
  );
  return new Map(rows.map((r) => [r.key, r.name]));
}
