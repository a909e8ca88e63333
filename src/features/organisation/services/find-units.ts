/** Looking units up by code, for the command line and the demo (which name units by code, not by id). */
import type { Database } from '../../../platform/db';
import * as unitStore from '../unit-store';
import * as unitTypeStore from '../unit-type-store';

/** The id of the unit with this code, or null. */
export async function unitIdByCode(db: Database, code: string): Promise<string | null> {
  return (await unitStore.findUnitByCode(db, code))?.id ?? null;
}

/** Each code's unit id; a code with no unit is left out. */
export async function unitIdsByCodes(db: Database, codes: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const code of new Set(codes)) {
    const id = await unitIdByCode(db, code);
    if (id) ids.set(code, id);
  }
  return ids;
}

/** Whether the reference data holds this unit type (a database not yet prepared holds none). */
export async function hasUnitType(db: Database, typeId: string): Promise<boolean> {
  return (await unitTypeStore.findUnitType(db, typeId)) !== undefined;
}
