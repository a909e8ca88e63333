/** Sectors (khu vực): reference data with effective dates. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { sectors, units } from './tables';

export type SectorRow = typeof sectors.$inferSelect;

/** Every sector, ended ones included (their names still label past units and counts). */
export async function listSectors(db: Database): Promise<SectorRow[]> {
  return db.select().from(sectors).orderBy(asc(sectors.sortOrder), asc(sectors.id));
}

export async function findSector(db: Database, id: string): Promise<SectorRow | undefined> {
  const [row] = await db.select().from(sectors).where(eq(sectors.id, id));
  return row;
}

/** Loads defaults where missing; an edited sector keeps its edits. */
export async function insertSectors(db: Database, rows: (typeof sectors.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(sectors).values(rows).onConflictDoNothing();
}

export async function upsertSector(db: Database, row: typeof sectors.$inferInsert): Promise<void> {
  await db
    .insert(sectors)
    .values(row)
    .onConflictDoUpdate({
      target: sectors.id,
      set: {
        nameVi: row.nameVi,
        nameEn: row.nameEn,
        shortVi: row.shortVi,
        validFrom: row.validFrom,
        validTo: row.validTo,
        legalBasis: row.legalBasis,
        sortOrder: row.sortOrder,
      },
    });
}

export async function nextSectorOrder(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(max(sort_order) + 1, 0)::int` }).from(sectors);
  return row?.n ?? 0;
}

export async function countUnitsOfSector(db: Database, sectorId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(eq(units.sector, sectorId));
  return row?.n ?? 0;
}
