/** The dated parent links of units and the closure table derived from them. */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';
import { unitParents } from './tables';
import * as treeLevelStore from './tree-level-store';
import type { CountStep } from './tree-level-store';

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

/**
 * Recomputes the closure rows of the given units and of everything that was ever under them, from the dated
 * parent links, then the levels of the tree (`tree-level-store.ts`: the given units read again, their ancestors'
 * counts by the difference), then each unit's federation (its level-2 ancestor in its latest placement).
 */
export async function rebuildClosure(db: Database, unitIds: string[]): Promise<number> {
  if (unitIds.length === 0) return 0;
  const seed = idArray(unitIds);
  const affectedRows = await queryRows<{ id: string }>(
    db,
    sql`SELECT DISTINCT descendant_id AS id FROM unit_closure WHERE ancestor_id = ANY(${seed})
        UNION SELECT id FROM units WHERE id = ANY(${seed})`,
  );
  const affectedIds = affectedRows.map((r) => r.id);
  const affected = idArray(affectedIds);
  // What the closure's rows of the affected units gave their other ancestors' counts, taken back below.
  const before = await treeLevelStore.closureSteps(db, affectedIds, unitIds);
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
  await treeLevelStore.applyCountSteps(
    db,
    netSteps(before, await treeLevelStore.closureSteps(db, affectedIds, unitIds)),
  );
  await treeLevelStore.readUnitsAgain(db, unitIds);
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

/** The steps that turn counts read before into counts read after (`after` minus `before`), none that is zero. */
function netSteps(before: readonly CountStep[], after: readonly CountStep[]): CountStep[] {
  const net = new Map<string, CountStep>();
  const add = (step: CountStep, sign: number) => {
    const key = `${step.unitId} ${step.at}`;
    const sum = net.get(key) ?? { unitId: step.unitId, at: step.at, below: 0, children: 0 };
    sum.below += sign * step.below;
    sum.children += sign * step.children;
    net.set(key, sum);
  };
  for (const step of before) add(step, -1);
  for (const step of after) add(step, 1);
  return [...net.values()].filter((s) => s.below !== 0 || s.children !== 0);
}

/** Units whose parent link to `parentId` reaches `date` or later: those still to move before it can end. */
export async function childLinksFrom(db: Database, parentId: string, date: string): Promise<ParentLink[]> {
  return db
    .select()
    .from(unitParents)
    .where(and(eq(unitParents.parentId, parentId), gt(unitParents.validTo, date)));
}
