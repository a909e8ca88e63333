/** The registry's own reference data: the 54 ethnic groups. */
import { type Database } from '../../../platform/db';
import * as recordStore from '../record-store';
import { ETHNICITIES } from '../reference-data';

/** Loads the 54 ethnic groups where missing. */
export async function ensureMemberReferenceData(db: Database): Promise<void> {
  await recordStore.insertEthnicities(
    db,
    ETHNICITIES.map((e, i) => ({ code: e.code, name: e.name, sortOrder: i })),
  );
}

export const listEthnicities = recordStore.listEthnicities;
