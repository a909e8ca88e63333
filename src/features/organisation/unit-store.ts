/** Units and their names: a unit's row with its first name, parent and closure rows; renaming, ending, attributes. */
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray } from '../../platform/db';
import { OPEN_END } from '../../lib/dates';
import { unitClosure, unitNames, unitParents, units } from './tables';
import * as treeLevelStore from './tree-level-store';

export type UnitRow = typeof units.$inferSelect;

export type NewUnitRow = typeof units.$inferInsert;

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

/** Units by id, passed as one array parameter (no bind-parameter limit on long lists). */
export async function findUnitsById(db: Database, ids: string[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(units)
    .where(sql`${units.id} = ANY(${idArray(ids)})`);
}

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
  await treeLevelStore.readUnitsAgain(db, [unitId]);
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
  // What the tree's levels show of the unit: a new sector is written on its rows, anything else read again.
  const shown = ['code', 'name', 'shortName', 'typeId', 'foundedOn', 'endedOn'] as const;
  if (shown.some((key) => values[key] !== undefined)) await treeLevelStore.readUnitsAgain(db, [unitId]);
  else if (values.sector !== undefined) await treeLevelStore.setSector(db, unitId, values.sector);
}

/** Units of a level-2 type (province federations, national sector unions) own their rows: federation_id = id. */
export async function makeFederationsOwnThemselves(db: Database, unitIds: string[]): Promise<void> {
  if (unitIds.length === 0) return;
  await db.execute(
    sql`UPDATE units SET federation_id = id WHERE id = ANY(${idArray(unitIds)}) AND type_id IN (SELECT id FROM unit_types WHERE level = 2)`,
  );
}
