/** Every SQL statement of the organisation feature. Functions take a database or transaction handle. */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';
import { OPEN_END } from '../../lib/dates';
import {
  unitClosure,
  unitEventUnits,
  unitEvents,
  unitGroupMembers,
  unitGroups,
  unitNames,
  unitParents,
  unitTypeRules,
  unitTypes,
  units,
} from './tables';

export type UnitRow = typeof units.$inferSelect;
export type UnitTypeRow = typeof unitTypes.$inferSelect;
export type NewUnitRow = typeof units.$inferInsert;

/** A unit as it stood on a date: its name then, its parent then, and how many units sat under it. */
export interface UnitAtDate {
  id: string;
  code: string;
  name: string;
  shortName: string;
  typeId: string;
  sector: string | null;
  parentId: string | null;
  foundedOn: string;
  endedOn: string;
  childCount: number;
  subtreeCount: number;
}

export async function findUnit(db: Database, id: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.id, id));
  return row;
}

export async function findUnitByCode(db: Database, code: string): Promise<UnitRow | undefined> {
  const [row] = await db.select().from(units).where(eq(units.code, code));
  return row;
}

export async function findUnits(db: Database, ids: string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(units).where(inArray(units.id, ids));
}

export async function listUnitTypes(db: Database): Promise<UnitTypeRow[]> {
  return db
    .select()
    .from(unitTypes)
    .orderBy(asc(unitTypes.level), asc(unitTypes.sortOrder), asc(unitTypes.id));
}

export async function findUnitType(db: Database, id: string): Promise<UnitTypeRow | undefined> {
  const [row] = await db.select().from(unitTypes).where(eq(unitTypes.id, id));
  return row;
}

export async function listUnitTypeRules(db: Database) {
  return db.select().from(unitTypeRules);
}

export async function upsertUnitType(db: Database, row: typeof unitTypes.$inferInsert): Promise<void> {
  await db
    .insert(unitTypes)
    .values(row)
    .onConflictDoUpdate({
      target: unitTypes.id,
      set: {
        nameVi: row.nameVi,
        nameEn: row.nameEn,
        shortVi: row.shortVi,
        level: row.level,
        powers: row.powers,
        validFrom: row.validFrom,
        validTo: row.validTo,
        legalBasis: row.legalBasis,
      },
    });
}

export async function replaceRulesForChild(
  db: Database,
  childTypeId: string,
  rules: { parentTypeId: string; validFrom: string; validTo: string }[],
): Promise<void> {
  await db.delete(unitTypeRules).where(eq(unitTypeRules.childTypeId, childTypeId));
  if (rules.length) await db.insert(unitTypeRules).values(rules.map((r) => ({ ...r, childTypeId })));
}

export async function countUnitsOfType(db: Database, typeId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(eq(units.typeId, typeId));
  return row?.n ?? 0;
}

export async function insertReferenceData(
  db: Database,
  types: (typeof unitTypes.$inferInsert)[],
  rules: (typeof unitTypeRules.$inferInsert)[],
  groups: (typeof unitGroups.$inferInsert)[],
): Promise<void> {
  if (types.length) await db.insert(unitTypes).values(types).onConflictDoNothing();
  if (rules.length) await db.insert(unitTypeRules).values(rules).onConflictDoNothing();
  if (groups.length) await db.insert(unitGroups).values(groups).onConflictDoNothing();
}

export async function listUnitGroups(db: Database) {
  return db.select().from(unitGroups).orderBy(asc(unitGroups.name));
}

export async function upsertUnitGroup(db: Database, group: { id: string; name: string }) {
  const [before] = await db.select().from(unitGroups).where(eq(unitGroups.id, group.id));
  await db
    .insert(unitGroups)
    .values(group)
    .onConflictDoUpdate({ target: unitGroups.id, set: { name: group.name } });
  return before;
}

export async function groupsOfUnit(db: Database, unitId: string): Promise<string[]> {
  const rows = await db
    .select({ id: unitGroupMembers.groupId })
    .from(unitGroupMembers)
    .where(eq(unitGroupMembers.unitId, unitId));
  return rows.map((r) => r.id);
}

/** Puts units in groups (khối), many at once (the unit import). */
export async function addUnitsToGroups(
  db: Database,
  rows: { groupId: string; unitId: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000)
    await db
      .insert(unitGroupMembers)
      .values(rows.slice(i, i + 5000))
      .onConflictDoNothing();
}

export async function setGroupsOfUnit(db: Database, unitId: string, groupIds: string[]): Promise<void> {
  await db.delete(unitGroupMembers).where(eq(unitGroupMembers.unitId, unitId));
  if (groupIds.length)
    await db.insert(unitGroupMembers).values(groupIds.map((groupId) => ({ groupId, unitId })));
}

// ---------------------------------------------------------------------------------------------------------------
// Writing the dated tree

export async function insertUnit(db: Database, row: NewUnitRow): Promise<UnitRow> {
  const [created] = await db.insert(units).values(row).returning();
  if (!created) throw new Error('insert units returned nothing');
  await db.insert(unitNames).values({
    unitId: created.id,
    name: created.name,
    shortName: created.shortName,
    validFrom: created.foundedOn,
  });
  await db.insert(unitClosure).values({
    ancestorId: created.id,
    descendantId: created.id,
    depth: 0,
    validFrom: created.foundedOn,
    validTo: created.endedOn,
  });
  return created;
}

/** Bulk variant for imports and the demo: units, names and self rows in three statements. */
export async function insertUnitsBulk(db: Database, rows: NewUnitRow[]): Promise<UnitRow[]> {
  if (rows.length === 0) return [];
  const created = await db.insert(units).values(rows).returning();
  await db
    .insert(unitNames)
    .values(
      created.map((u) => ({ unitId: u.id, name: u.name, shortName: u.shortName, validFrom: u.foundedOn })),
    );
  await db.insert(unitClosure).values(
    created.map((u) => ({
      ancestorId: u.id,
      descendantId: u.id,
      depth: 0,
      validFrom: u.foundedOn,
      validTo: u.endedOn,
    })),
  );
  return created;
}

export async function insertParentLinks(
  db: Database,
  links: { unitId: string; parentId: string; validFrom: string; validTo?: string }[],
): Promise<void> {
  if (links.length) await db.insert(unitParents).values(links);
}

export interface ParentLink {
  unitId: string;
  parentId: string;
  validFrom: string;
  validTo: string;
}

export async function parentLinksOf(db: Database, unitId: string): Promise<ParentLink[]> {
  return db
    .select()
    .from(unitParents)
    .where(eq(unitParents.unitId, unitId))
    .orderBy(asc(unitParents.validFrom));
}

/** Sets the parent of a unit from `date` until its next recorded change, splitting the link that covers `date`. */
export async function setParentFrom(
  db: Database,
  unitId: string,
  date: string,
  newParentId: string,
): Promise<ParentLink | null> {
  const links = await parentLinksOf(db, unitId);
  const covering = links.find((l) => l.validFrom <= date && date < l.validTo);
  if (!covering) return null;
  if (covering.validFrom === date) {
    await db
      .update(unitParents)
      .set({ parentId: newParentId })
      .where(and(eq(unitParents.unitId, unitId), eq(unitParents.validFrom, date)));
  } else {
    await db
      .update(unitParents)
      .set({ validTo: date })
      .where(and(eq(unitParents.unitId, unitId), eq(unitParents.validFrom, covering.validFrom)));
    await db
      .insert(unitParents)
      .values({ unitId, parentId: newParentId, validFrom: date, validTo: covering.validTo });
  }
  return covering;
}

/** Units by id, passed as one array parameter (no bind-parameter limit on long lists). */
export async function findUnitsById(db: Database, ids: string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(units)
    .where(sql`${units.id} = ANY(${idArray(ids)})`);
}

/** The parent links of many units, each unit's in date order. */
export async function parentLinksOfUnits(db: Database, unitIds: string[]): Promise<ParentLink[]> {
  if (unitIds.length === 0) return [];
  return db
    .select()
    .from(unitParents)
    .where(sql`${unitParents.unitId} = ANY(${idArray(unitIds)})`)
    .orderBy(asc(unitParents.unitId), asc(unitParents.validFrom));
}

/** Of the planned moves, those that would put a unit under itself or under its own sub-unit during [date, until). */
export async function movesIntoOwnSubtree(
  db: Database,
  date: string,
  moves: { unitId: string; parentId: string; until: string }[],
): Promise<{ unitId: string; parentId: string }[]> {
  if (moves.length === 0) return [];
  return queryRows(
    db,
    sql`SELECT m.unit_id AS "unitId", m.parent_id AS "parentId"
        FROM unnest(${idArray(moves.map((m) => m.unitId))}, ${idArray(moves.map((m) => m.parentId))},
                    ${textArray(moves.map((m) => m.until))}::date[]) AS m(unit_id, parent_id, until)
        WHERE m.unit_id = m.parent_id OR EXISTS (
          SELECT 1 FROM unit_closure c WHERE c.ancestor_id = m.unit_id AND c.descendant_id = m.parent_id
            AND c.valid_from < m.until AND c.valid_to > ${date}::date)`,
  );
}

/**
 * `setParentFrom` for many units in a few statements: the link covering `date` is cut there (or re-pointed when it
 * starts on `date`) and a link to the new parent runs until the old link's end.
 */
export async function setParentsFrom(
  db: Database,
  date: string,
  moves: { unitId: string; parentId: string }[],
): Promise<void> {
  for (let i = 0; i < moves.length; i += 5000) {
    const chunk = moves.slice(i, i + 5000);
    await db.execute(sql`
      WITH m AS (
        SELECT * FROM unnest(${idArray(chunk.map((c) => c.unitId))}, ${idArray(chunk.map((c) => c.parentId))}) AS m(unit_id, parent_id)
      ),
      covering AS (
        SELECT p.unit_id, p.valid_from, p.valid_to, m.parent_id AS new_parent
        FROM unit_parents p JOIN m ON m.unit_id = p.unit_id
        WHERE p.valid_from <= ${date}::date AND p.valid_to > ${date}::date
      ),
      cut AS (
        UPDATE unit_parents p SET valid_to = ${date}::date FROM covering c
        WHERE p.unit_id = c.unit_id AND p.valid_from = c.valid_from AND c.valid_from < ${date}::date
        RETURNING p.unit_id
      ),
      repointed AS (
        UPDATE unit_parents p SET parent_id = c.new_parent FROM covering c
        WHERE p.unit_id = c.unit_id AND p.valid_from = c.valid_from AND c.valid_from = ${date}::date
        RETURNING p.unit_id
      )
      INSERT INTO unit_parents (unit_id, parent_id, valid_from, valid_to)
      SELECT unit_id, new_parent, ${date}::date, valid_to FROM covering WHERE valid_from < ${date}::date`);
  }
}

/** Ends a unit's life on `date`: no name, parent or self row reaches past it. */
export async function endUnit(db: Database, unitId: string, date: string): Promise<void> {
  await db.update(units).set({ endedOn: date, updatedAt: new Date() }).where(eq(units.id, unitId));
  await db
    .delete(unitParents)
    .where(and(eq(unitParents.unitId, unitId), lte(sql`${date}::date`, unitParents.validFrom)));
  await db
    .update(unitParents)
    .set({ validTo: date })
    .where(and(eq(unitParents.unitId, unitId), gt(unitParents.validTo, date)));
  await db
    .update(unitNames)
    .set({ validTo: date })
    .where(and(eq(unitNames.unitId, unitId), gt(unitNames.validTo, date)));
  await db
    .update(unitClosure)
    .set({ validTo: date })
    .where(and(eq(unitClosure.ancestorId, unitId), eq(unitClosure.descendantId, unitId)));
}

export async function renameFrom(
  db: Database,
  unitId: string,
  date: string,
  name: string,
  shortName: string,
  searchText: string,
): Promise<void> {
  const rows = await db
    .select()
    .from(unitNames)
    .where(eq(unitNames.unitId, unitId))
    .orderBy(asc(unitNames.validFrom));
  const covering = rows.find((r) => r.validFrom <= date && date < r.validTo);
  if (!covering) return;
  if (covering.validFrom === date) {
    await db
      .update(unitNames)
      .set({ name, shortName })
      .where(and(eq(unitNames.unitId, unitId), eq(unitNames.validFrom, date)));
  } else {
    await db
      .update(unitNames)
      .set({ validTo: date })
      .where(and(eq(unitNames.unitId, unitId), eq(unitNames.validFrom, covering.validFrom)));
    await db
      .insert(unitNames)
      .values({ unitId, name, shortName, validFrom: date, validTo: covering.validTo });
  }
  // The unit row carries the latest name.
  const latest = covering.validTo === OPEN_END;
  if (latest)
    await db
      .update(units)
      .set({ name, shortName, searchText, updatedAt: new Date() })
      .where(eq(units.id, unitId));
}

export async function updateUnitAttributes(
  db: Database,
  unitId: string,
  values: Partial<NewUnitRow>,
): Promise<void> {
  await db
    .update(units)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(units.id, unitId));
}

/**
 * Recomputes the closure rows of the given units and of everything that was ever under them, from the dated
 * parent links, then each unit's federation (its level-2 ancestor in its latest placement).
 */
export async function rebuildClosure(db: Database, unitIds: string[]): Promise<number> {
  if (unitIds.length === 0) return 0;
  const seed = idArray(unitIds);
  const affectedRows = await queryRows<{ id: string }>(
    db,
    sql`SELECT DISTINCT descendant_id AS id FROM unit_closure WHERE ancestor_id = ANY(${seed})
        UNION SELECT id FROM units WHERE id = ANY(${seed})`,
  );
  const affected = idArray(affectedRows.map((r) => r.id));
  await db.execute(sql`DELETE FROM unit_closure WHERE descendant_id = ANY(${affected}) AND depth > 0`);
  await db.execute(sql`
    INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from, valid_to)
    WITH RECURSIVE up AS (
      SELECT p.unit_id AS descendant_id, p.parent_id AS ancestor_id, 1 AS depth, p.valid_from, p.valid_to
      FROM unit_parents p WHERE p.unit_id = ANY(${affected})
      UNION ALL
      SELECT up.descendant_id, p.parent_id, up.depth + 1,
             greatest(up.valid_from, p.valid_from), least(up.valid_to, p.valid_to)
      FROM up JOIN unit_parents p ON p.unit_id = up.ancestor_id
       AND p.valid_from < up.valid_to AND p.valid_to > up.valid_from
    )
    SELECT ancestor_id, descendant_id, depth, valid_from, valid_to FROM up`);
  await db.execute(sql`
    UPDATE units u SET federation_id = f.ancestor_id
    FROM (
      SELECT DISTINCT ON (c.descendant_id) c.descendant_id, c.ancestor_id
      FROM unit_closure c
      JOIN units anc ON anc.id = c.ancestor_id
      JOIN unit_types t ON t.id = anc.type_id AND t.level = 2
      WHERE c.descendant_id = ANY(${affected})
      ORDER BY c.descendant_id, c.valid_from DESC
    ) f
    WHERE u.id = f.descendant_id`);
  return affectedRows.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the dated tree

const unitAtDateColumns = (date: string) => sql`
  u.id, u.code, coalesce(n.name, u.name) AS "name", coalesce(n.short_name, u.short_name) AS "shortName",
  u.type_id AS "typeId", u.sector, p.parent_id AS "parentId",
  u.founded_on::text AS "foundedOn", u.ended_on::text AS "endedOn",
  (SELECT count(*)::int FROM unit_parents cp WHERE cp.parent_id = u.id AND cp.valid_from <= ${date}::date AND cp.valid_to > ${date}::date) AS "childCount",
  (SELECT count(*)::int - 1 FROM unit_closure cc WHERE cc.ancestor_id = u.id AND cc.valid_from <= ${date}::date AND cc.valid_to > ${date}::date) AS "subtreeCount"`;

const unitAtDateJoins = (date: string) => sql`
  LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${date}::date AND n.valid_to > ${date}::date
  LEFT JOIN unit_parents p ON p.unit_id = u.id AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date`;

export async function unitsAtDate(db: Database, ids: string[], date: string): Promise<UnitAtDate[]> {
  if (ids.length === 0) return [];
  const idList = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return queryRows<UnitAtDate>(
    db,
    sql`SELECT ${unitAtDateColumns(date)} FROM units u ${unitAtDateJoins(date)} WHERE u.id IN (${idList})`,
  );
}

/**
 * The units directly under `parentId` on `date`, each with its own counts of children and of all units below it.
 * Set-based: the children are found once and their counts grouped in two passes, so a level of thousands of CĐCS
 * (a province's directly attached unions) costs a few index scans, not two correlated counts per child.
 */
export async function childrenAtDate(db: Database, parentId: string, date: string): Promise<UnitAtDate[]> {
  return queryRows<UnitAtDate>(
    db,
    sql`WITH kids AS MATERIALIZED (
          SELECT unit_id AS id FROM unit_parents
          WHERE parent_id = ${parentId}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date
        ),
        direct AS (
          SELECT cp.parent_id AS id, count(*)::int AS n FROM unit_parents cp JOIN kids ON kids.id = cp.parent_id
          WHERE cp.valid_from <= ${date}::date AND cp.valid_to > ${date}::date GROUP BY cp.parent_id
        ),
        below AS (
          SELECT cc.ancestor_id AS id, count(*)::int - 1 AS n FROM unit_closure cc JOIN kids ON kids.id = cc.ancestor_id
          WHERE cc.valid_from <= ${date}::date AND cc.valid_to > ${date}::date GROUP BY cc.ancestor_id
        )
        SELECT u.id, u.code, coalesce(n.name, u.name) AS "name", coalesce(n.short_name, u.short_name) AS "shortName",
               u.type_id AS "typeId", u.sector, ${parentId}::uuid AS "parentId",
               u.founded_on::text AS "foundedOn", u.ended_on::text AS "endedOn",
               coalesce(direct.n, 0) AS "childCount", coalesce(below.n, 0) AS "subtreeCount"
        FROM kids JOIN units u ON u.id = kids.id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ${date}::date AND n.valid_to > ${date}::date
        LEFT JOIN direct ON direct.id = u.id
        LEFT JOIN below ON below.id = u.id`,
  );
}

/** Every unit under `ancestorId` on `date` (itself included), with depth below it. */
export async function subtreeAtDate(
  db: Database,
  ancestorId: string,
  date: string,
): Promise<{ id: string; depth: number }[]> {
  // One row holding "id:depth,id:depth,…": both drivers parse every row and field they receive, which for a big
  // province (20,000 units) costs 5–10 times the query itself (bench/org.ts).
  const [row] = await queryRows<{ list: string | null }>(
    db,
    sql`SELECT string_agg(descendant_id::text || ':' || depth, ',') AS list FROM unit_closure
        WHERE ancestor_id = ${ancestorId}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
  );
  if (!row?.list) return [];
  return row.list.split(',').map((entry) => ({ id: entry.slice(0, 36), depth: Number(entry.slice(37)) }));
}

export async function subtreeUnitsAtDate(
  db: Database,
  ancestorId: string,
  date: string,
): Promise<(UnitAtDate & { depth: number })[]> {
  return queryRows(
    db,
    sql`SELECT ${unitAtDateColumns(date)}, c.depth FROM unit_closure c JOIN units u ON u.id = c.descendant_id ${unitAtDateJoins(date)}
        WHERE c.ancestor_id = ${ancestorId}::uuid AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
        ORDER BY c.depth`,
  );
}

/** The ancestors of a unit on a date, nearest first (the unit itself excluded). */
export async function ancestorsAtDate(
  db: Database,
  unitId: string,
  date: string,
): Promise<{ id: string; depth: number }[]> {
  return queryRows(
    db,
    sql`SELECT ancestor_id AS id, depth FROM unit_closure
        WHERE descendant_id = ${unitId}::uuid AND depth > 0 AND valid_from <= ${date}::date AND valid_to > ${date}::date
        ORDER BY depth`,
  );
}

/** Units whose parent link to `parentId` reaches `date` or later: those still to move before it can end. */
export async function childLinksFrom(db: Database, parentId: string, date: string): Promise<ParentLink[]> {
  return db
    .select()
    .from(unitParents)
    .where(and(eq(unitParents.parentId, parentId), gt(unitParents.validTo, date)));
}

export async function activeChildIds(db: Database, parentId: string, date: string): Promise<string[]> {
  const rows = await db
    .select({ id: unitParents.unitId })
    .from(unitParents)
    .where(
      and(
        eq(unitParents.parentId, parentId),
        lte(unitParents.validFrom, date),
        gt(unitParents.validTo, date),
      ),
    );
  return rows.map((r) => r.id);
}

/** Roots on a date: units without a parent then. */
export async function rootIdsAtDate(db: Database, date: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT u.id FROM units u WHERE u.founded_on <= ${date}::date AND u.ended_on > ${date}::date
        AND NOT EXISTS (SELECT 1 FROM unit_parents p WHERE p.unit_id = u.id AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date)`,
  );
  return rows.map((r) => r.id);
}

/** Search by name or code, diacritics folded, typos tolerated (trigram similarity), within a set of subtrees. */
export async function searchUnits(
  db: Database,
  folded: string,
  within: string[] | 'all',
  date: string,
  limit: number,
  offset = 0,
): Promise<{ hits: { id: string; score: number }[]; total: number }> {
  const scope =
    within === 'all'
      ? sql`TRUE`
      : within.length === 0
        ? sql`FALSE`
        : sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.descendant_id = u.id AND c.ancestor_id IN (${sql.join(
            within.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date)`;
  const term = folded.replace(/[%_\\]/g, '');
  const pattern = `%${term}%`;
  // Best first: the exact code, then a name that is the words typed (search_text starts with the name), then a name
  // containing them, then typo-tolerant matches; within each, higher levels (province, upper unions) before CĐCS.
  const rows = await queryRows<{ id: string; score: number; total: number }>(
    db,
    sql`SELECT u.id,
          (CASE WHEN lower(u.code) = ${term} THEN 3
                WHEN u.search_text LIKE ${`${term} %`} THEN 2
                WHEN u.search_text LIKE ${pattern} THEN 1
                ELSE word_similarity(${folded}, u.search_text) END)::float AS score,
          count(*) OVER ()::int AS total
        FROM units u JOIN unit_types t ON t.id = u.type_id
        WHERE (u.search_text LIKE ${pattern} OR word_similarity(${folded}, u.search_text) >= 0.4 OR lower(u.code) = ${term})
          AND u.founded_on <= ${date}::date AND u.ended_on > ${date}::date AND ${scope}
        ORDER BY score DESC, t.level, u.search_text LIMIT ${limit} OFFSET ${offset}`,
  );
  return { hits: rows.map((r) => ({ id: r.id, score: r.score })), total: rows[0]?.total ?? 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Events

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

export async function unitsForExport(db: Database, ancestorIds: string[] | 'all', date: string) {
  const scope =
    ancestorIds === 'all'
      ? sql`TRUE`
      : sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.descendant_id = u.id AND c.ancestor_id IN (${sql.join(
          ancestorIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date)`;
  return queryRows<{
    code: string;
    name: string;
    shortName: string;
    typeId: string;
    parentCode: string | null;
    sector: string | null;
    province: string | null;
    commune: string | null;
    address: string | null;
    foundingDecisionNo: string | null;
    foundedOn: string;
    /** The names of its groups (khối), "; "-separated, or null. */
    groups: string | null;
  }>(
    db,
    sql`SELECT u.code, u.name, u.short_name AS "shortName", u.type_id AS "typeId", pu.code AS "parentCode", u.sector,
               u.province, u.commune, u.address, u.founding_decision_no AS "foundingDecisionNo", u.founded_on::text AS "foundedOn",
               (SELECT string_agg(g.name, '; ' ORDER BY g.name) FROM unit_group_members gm JOIN unit_groups g ON g.id = gm.group_id
                 WHERE gm.unit_id = u.id) AS "groups"
        FROM units u
        LEFT JOIN unit_parents p ON p.unit_id = u.id AND p.valid_from <= ${date}::date AND p.valid_to > ${date}::date
        LEFT JOIN units pu ON pu.id = p.parent_id
        WHERE u.founded_on <= ${date}::date AND u.ended_on > ${date}::date AND ${scope}
        ORDER BY (SELECT count(*) FROM unit_closure d WHERE d.descendant_id = u.id AND d.valid_from <= ${date}::date AND d.valid_to > ${date}::date), u.code`,
  );
}

/** The life and type of the units with these codes (codes absent from the database are left out). */
export async function unitLivesByCode(
  db: Database,
  codes: string[],
): Promise<{ id: string; code: string; typeId: string; foundedOn: string; endedOn: string }[]> {
  if (codes.length === 0) return [];
  return db
    .select({
      id: units.id,
      code: units.code,
      typeId: units.typeId,
      foundedOn: units.foundedOn,
      endedOn: units.endedOn,
    })
    .from(units)
    .where(inArray(units.code, codes));
}

/** Units of a level-2 type (province federations, national sector unions) own their rows: federation_id = id. */
export async function makeFederationsOwnThemselves(db: Database, unitIds: string[]): Promise<void> {
  if (unitIds.length === 0) return;
  await db.execute(
    sql`UPDATE units SET federation_id = id WHERE id = ANY(${idArray(unitIds)}) AND type_id IN (SELECT id FROM unit_types WHERE level = 2)`,
  );
}
