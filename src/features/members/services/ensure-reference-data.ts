/** The registry's own reference data: the 54 ethnic groups; the value lists of a person's fields. */
import { type Database } from '../../../platform/db';
import * as recordStore from '../record-store';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  ETHNICITY_NAMES_EN,
  OCCUPATIONS,
  RELIGIONS,
  UNION_POSITIONS,
} from '../reference-data';

/** Loads the 54 ethnic groups where missing. */
export async function ensureMemberReferenceData(db: Database): Promise<void> {
  await recordStore.insertEthnicities(
    db,
    ETHNICITIES.map((e, i) => ({ code: e.code, name: e.name, sortOrder: i })),
  );
}

export const listEthnicities = recordStore.listEthnicities;

/** The value lists of a person's fields with their English names (the ethnic groups as the database holds them). */
export async function listPersonValues(db: Database) {
  const ethnicities = await recordStore.listEthnicities(db);
  return {
    ethnicities: ethnicities.map((e) => ({
      code: e.code,
      name: e.name,
      nameEn: ETHNICITY_NAMES_EN.get(e.code) ?? e.name,
    })),
    religions: [...RELIGIONS],
    educationLevels: [...EDUCATION_LEVELS],
    occupations: [...OCCUPATIONS],
    unionPositions: [...UNION_POSITIONS],
  };
}
