/**
 * The statements behind member counts: the per-unit tallies (tally.ts) kept with the stays, and the two small
 * looks at the stays that make a count from them exact (people whose age band the day of birth decides, people with
 * two stays at once).
 */
import { sql, type SQL } from 'drizzle-orm';
import { idArray, insertTableRows, queryRows, textArray, type Database } from '../../platform/db';
import { memberTallies } from './tables';
import type { TallyCounts, TallyPeriod } from './tally';

/** A stay with the facts of its person that counts are kept under. */
export interface CountedStay {
  memberId: string;
  unitId: string;
  federationId: string;
  validFrom: string;
  validTo: string;
  gender: string;
  ethnicityCode: string;
  birthDate: string;
}

const countedStayColumns = sql`m.member_id AS "memberId", m.unit_id AS "unitId", m.federation_id AS "federationId",
  m.valid_from::text AS "validFrom", m.valid_to::text AS "validTo", p.gender, p.ethnicity_code AS "ethnicityCode",
  p.birth_date::text AS "birthDate"`;

/** The facts of the people that their stays are counted under. */
export async function peopleFacts(
  db: Database,
  memberIds: readonly string[],
): Promise<{ id: string; gender: string; ethnicityCode: string; birthDate: string }[]> {
  if (memberIds.length === 0) return [];
  return queryRows(
    db,
    sql`SELECT id, gender, ethnicity_code AS "ethnicityCode", birth_date::text AS "birthDate" FROM members
        WHERE id = ANY(${idArray(memberIds)})`,
  );
}

export async function countedStaysOfMembers(
  db: Database,
  memberIds: readonly string[],
): Promise<CountedStay[]> {
  if (memberIds.length === 0) return [];
  return queryRows<CountedStay>(
    db,
    sql`SELECT ${countedStayColumns} FROM memberships m JOIN members p ON p.id = m.member_id
        WHERE m.member_id = ANY(${idArray(memberIds)})`,
  );
}

export async function countedStaysOfUnits(db: Database, unitIds: readonly string[]): Promise<CountedStay[]> {
  if (unitIds.length === 0) return [];
  return queryRows<CountedStay>(
    db,
    sql`SELECT ${countedStayColumns} FROM memberships m JOIN members p ON p.id = m.member_id
        WHERE m.unit_id = ANY(${idArray(unitIds)})`,
  );
}

/** The units that hold or held a stay, for a rebuild. */
export async function unitsWithStays(db: Database): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT DISTINCT unit_id AS id FROM memberships ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}

/** Whether stays exist that no tally holds (a database from before tallies, or after a bulk load). */
export async function talliesMissing(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ missing: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM memberships) AND NOT EXISTS (SELECT 1 FROM member_tallies) AS missing`,
  );
  return row?.missing ?? false;
}

export async function deleteAllTallies(db: Database): Promise<void> {
  await db.execute(sql`DELETE FROM member_tallies`);
}

/**
 * Takes the units' rows for the rest of the transaction, in one order, so that two transactions changing the same
 * unit's tallies wait for each other instead of losing one's change.
 */
export async function lockUnitsForTallies(db: Database, unitIds: readonly string[]): Promise<void> {
  if (unitIds.length === 0) return;
  await db.execute(
    sql`SELECT id FROM units WHERE id = ANY(${idArray(unitIds)}) ORDER BY id FOR NO KEY UPDATE`,
  );
}

/** The unit's periods that end after `from`, in order. */
export async function tallyPeriodsFrom(db: Database, unitId: string, from: string): Promise<TallyPeriod[]> {
  return queryRows<TallyPeriod>(
    db,
    sql`SELECT valid_from::text AS "validFrom", valid_to::text AS "validTo", memberships, counts
        FROM member_tallies WHERE unit_id = ${unitId}::uuid AND valid_to > ${from}::date ORDER BY valid_from`,
  );
}

/** Replaces the unit's periods that end after `from` with `periods`. */
export async function replaceTallyPeriods(
  db: Database,
  unit: { id: string; federationId: string },
  from: string,
  periods: readonly TallyPeriod[],
): Promise<void> {
  await db.execute(
    sql`DELETE FROM member_tallies WHERE unit_id = ${unit.id}::uuid AND valid_to > ${from}::date`,
  );
  await insertTallies(
    db,
    periods.map((p) => ({ ...p, unitId: unit.id, federationId: unit.federationId })),
  );
}

export async function insertTallies(
  db: Database,
  rows: readonly (TallyPeriod & { unitId: string; federationId: string })[],
): Promise<void> {
  await insertTableRows(
    db,
    memberTallies,
    rows.map((r) => ({
      unitId: r.unitId,
      federationId: r.federationId,
      validFrom: r.validFrom,
      validTo: r.validTo,
      memberships: r.memberships,
      counts: r.counts,
    })),
  );
}

/** Stays changed for the given people: marks the stays that overlap another stay of the same person. */
export async function markSharedStays(db: Database, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await db.execute(sql`
    UPDATE memberships m SET shared = s.shared
    FROM (
      SELECT a.member_id, a.unit_id, a.valid_from,
             EXISTS (SELECT 1 FROM memberships o WHERE o.member_id = a.member_id
                       AND (o.unit_id <> a.unit_id OR o.valid_from <> a.valid_from)
                       AND o.valid_from < a.valid_to AND o.valid_to > a.valid_from) AS shared
      FROM memberships a WHERE a.member_id = ANY(${idArray(memberIds)})
    ) s
    WHERE m.member_id = s.member_id AND m.unit_id = s.unit_id AND m.valid_from = s.valid_from
      AND m.shared IS DISTINCT FROM s.shared`);
}

/** A person's facts changed: their stays carry the new date of birth. */
export async function setStayBirthDates(db: Database, memberId: string, birthDate: string): Promise<void> {
  await db.execute(
    sql`UPDATE memberships SET birth_date = ${birthDate}::date WHERE member_id = ${memberId}::uuid`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Counting

/** The units counted: the subtree of `rootId` as it stood on `date`, or the unit alone. */
function countedUnits(rootId: string, date: string, within: 'subtree' | 'unit'): SQL {
  return sql`SELECT c.descendant_id AS unit_id FROM unit_closure c
             WHERE c.ancestor_id = ${rootId}::uuid AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
             ${within === 'unit' ? sql`AND c.depth = 0` : sql``}`;
}

/** Each counted unit's tally on the date (one index probe a unit), with the unit's sector. */
export async function talliesOn(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
): Promise<{ sector: string; memberships: number; counts: TallyCounts }[]> {
  return queryRows(
    db,
    sql`SELECT coalesce(u.sector, 'other') AS sector, t.memberships, t.counts
        FROM (${countedUnits(rootId, date, within)}) cu
        JOIN units u ON u.id = cu.unit_id
        JOIN LATERAL (SELECT memberships, counts, valid_to FROM member_tallies t
                      WHERE t.unit_id = cu.unit_id AND t.valid_from <= ${date}::date
                      ORDER BY t.valid_from DESC LIMIT 1) t ON t.valid_to > ${date}::date`,
  );
}

/**
 * The memberships on the date in the counted units, in total or under one tally key (`g:female`, `e:01`), added up
 * by the database: a province's total without carrying thousands of tallies to the application.
 */
export async function tallySum(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
  key: string | null,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT coalesce(sum(${key === null ? sql`t.memberships` : sql`(t.counts ->> ${key})::int`}), 0)::int AS n
        FROM (${countedUnits(rootId, date, within)}) cu
        JOIN LATERAL (SELECT memberships, counts, valid_to FROM member_tallies t
                      WHERE t.unit_id = cu.unit_id AND t.valid_from <= ${date}::date
                      ORDER BY t.valid_from DESC LIMIT 1) t ON t.valid_to > ${date}::date`,
  );
  return row?.n ?? 0;
}

/**
 * Memberships open on the date in the counted units of people born in each window (after `after`, up to and
 * including `until`): the people whose age band the year of birth alone does not decide.
 */
export async function staysBornIn(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
  windows: readonly { after: string; until: string }[],
): Promise<number[]> {
  if (windows.length === 0) return [];
  const rows = await queryRows<{ i: number; n: number }>(
    db,
    // One index range a window (LATERAL): joined to the windows as a set, the planner misjudges the ranges and
    // scans every stay of the country instead (230 ms against 36 ms for a province of 355,000 members).
    sql`SELECT w.i, n.n
        FROM unnest(${textArray(windows.map((w) => w.after))}::date[],
                    ${textArray(windows.map((w) => w.until))}::date[])
             WITH ORDINALITY AS w(after, until, i)
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS n FROM memberships m
          WHERE m.birth_date > w.after AND m.birth_date <= w.until
            AND m.valid_from <= ${date}::date AND m.valid_to > ${date}::date
            AND m.unit_id IN (${countedUnits(rootId, date, within)})) n`,
  );
  const counts = windows.map(() => 0);
  for (const r of rows) counts[Number(r.i) - 1] = r.n;
  return counts;
}

/** The stays open on the date in the counted units of people who hold another stay at the same time. */
export async function sharedStaysOn(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
): Promise<{ memberId: string; sector: string; gender: string; ethnicityCode: string; birthDate: string }[]> {
  return queryRows(
    db,
    sql`SELECT m.member_id AS "memberId", coalesce(u.sector, 'other') AS sector, p.gender,
               p.ethnicity_code AS "ethnicityCode", p.birth_date::text AS "birthDate"
        FROM (${countedUnits(rootId, date, within)}) cu
        JOIN memberships m ON m.unit_id = cu.unit_id AND m.shared
             AND m.valid_from <= ${date}::date AND m.valid_to > ${date}::date
        JOIN units u ON u.id = m.unit_id
        JOIN members p ON p.id = m.member_id`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Cached totals

/** In member_tally_writes: a write that concerns every federation (a restructuring, a rebuild of the tallies). */
export const ALL_FEDERATIONS = '00000000-0000-0000-0000-000000000000';

/**
 * Notes that the current transaction writes tallies of these federations and of the units' federations, from
 * `fromDate` on (null: any day), so that the totals cached before it commits are not used after (readCachedTotal),
 * nor the registry figures of a period ending on or after that day. A second note of the same transaction keeps the
 * earlier day.
 */
export async function noteTallyWrites(
  tx: Database,
  federationIds: readonly string[],
  unitIds: readonly string[] = [],
  fromDate: string | null = null,
): Promise<void> {
  await tx.execute(
    sql`INSERT INTO member_tally_writes AS w (federation_id, xid, from_date)
        SELECT DISTINCT f, pg_current_xact_id()::text::bigint, ${fromDate}::date
        FROM (SELECT unnest(${idArray(federationIds)}) AS f
              UNION SELECT coalesce(federation_id, id) FROM units WHERE id = ANY(${idArray(unitIds)})) fs
        ON CONFLICT (federation_id, xid) DO UPDATE
          SET from_date = CASE WHEN w.from_date IS NULL OR excluded.from_date IS NULL THEN NULL
                               ELSE LEAST(w.from_date, excluded.from_date) END`,
  );
}

/**
 * The cached total under the key when nothing it was computed from has changed since: no transaction that its
 * snapshot did not see has written the tallies of one of its federations (or of all), among the writes the current
 * statement sees. With it, the current snapshot, taken before anything else is read, for a total computed anew.
 */
export async function readCachedTotal(
  db: Database,
  key: { rootId: string; date: string; narrowing: string },
): Promise<{ persons: number | null; snapshot: string }> {
  const [row] = await queryRows<{ persons: number | null; snapshot: string }>(
    db,
    sql`SELECT pg_current_snapshot()::text AS snapshot,
               (SELECT t.persons FROM member_totals t
                WHERE t.root_id = ${key.rootId}::uuid AND t.on_date = ${key.date}::date
                  AND t.narrowing = ${key.narrowing}
                  AND NOT EXISTS (
                    SELECT 1 FROM member_tally_writes w
                    WHERE w.federation_id = ANY(t.federation_ids || ${ALL_FEDERATIONS}::uuid)
                      AND w.xid >= pg_snapshot_xmin(t.snapshot::pg_snapshot)::text::bigint
                      AND NOT pg_visible_in_snapshot(w.xid::text::xid8, t.snapshot::pg_snapshot))) AS persons`,
  );
  return { persons: row?.persons ?? null, snapshot: row!.snapshot };
}

/**
 * The federations of the units in the subtree of `rootId` on `date` (or of the unit alone): a unit outside any
 * federation (a national root) stands for itself, as its stays do (services/common.ts `federationOf`).
 */
export async function federationsUnder(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
): Promise<string[]> {
  const [row] = await queryRows<{ ids: string[] | null }>(
    db,
    sql`SELECT array_agg(DISTINCT coalesce(u.federation_id, u.id)) AS ids
        FROM (${countedUnits(rootId, date, within)}) cu JOIN units u ON u.id = cu.unit_id`,
  );
  return row?.ids ?? [];
}

/**
 * Keeps a total computed from what `snapshot` saw (or later), replacing the one under the key. The root's totals
 * of days past that nobody asked for since yesterday go, and the writes no kept total can need any more.
 */
export async function saveCachedTotal(
  db: Database,
  key: { rootId: string; date: string; narrowing: string },
  value: { persons: number; federationIds: readonly string[]; snapshot: string },
): Promise<void> {
  await db.execute(
    sql`INSERT INTO member_totals (root_id, on_date, narrowing, persons, federation_ids, snapshot)
        VALUES (${key.rootId}::uuid, ${key.date}::date, ${key.narrowing}, ${value.persons},
                ${idArray(value.federationIds)}, ${value.snapshot})
        ON CONFLICT (root_id, on_date, narrowing) DO UPDATE
          SET persons = excluded.persons, federation_ids = excluded.federation_ids, snapshot = excluded.snapshot,
              computed_at = excluded.computed_at`,
  );
  await db.execute(
    sql`DELETE FROM member_totals WHERE root_id = ${key.rootId}::uuid AND computed_at < now() - interval '1 day'`,
  );
  // A write older than every kept total's snapshot (and than this statement's) is seen by all of them; one noted
  // in the last two days may still be needed by registry figures kept for a day (reporting's registry-store).
  await db.execute(
    sql`DELETE FROM member_tally_writes
        WHERE xid < least(pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                          (SELECT min(pg_snapshot_xmin(snapshot::pg_snapshot)::text::bigint) FROM member_totals))
          AND noted_at < now() - interval '2 days'`,
  );
}
