/** Unit types, the rules of which type may sit under which, and unit groups (khối). */
import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { unitGroupMembers, unitGroups, unitTypeRules, unitTypes, units } from './tables';

export type UnitTypeRow = typeof unitTypes.$inferSelect;

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
