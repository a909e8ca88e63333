/** Member counts as of any date, from the tallies. */
import { todayIso } from '../../../lib/dates';
import { type Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import { listSectors } from '../../organisation/service';
import * as countStore from '../count-store';
import { AGE_BANDS, GENDER_LABELS, type Gender } from '../model';
import { ETHNICITY_NAMES } from '../reference-data';
import { requireMembers } from './common';
import { countFromTallies } from './tallies';

/**
 * Members on a date in a unit or its subtree (the tree as it stood that day), derived from membership events:
 * memberships and distinct people, by gender, sector, ethnicity and age band.
 */
export async function countMembers(
  db: Database,
  actor: Actor,
  unitId: string,
  query: { at?: string | undefined; within?: 'subtree' | 'unit' | undefined },
) {
  const date = query.at ?? todayIso();
  const within = query.within ?? 'subtree';
  await requireMembers(db, actor, 'members.read', unitId, date);
  const rows = await countFromTallies(db, unitId, date, within, AGE_BANDS);
  const of = (dimension: countStore.CountRow['dimension']) => rows.filter((r) => r.dimension === dimension);
  const total = of('total')[0];
  const labelled = (dimension: countStore.CountRow['dimension'], label: (key: string) => string) =>
    of(dimension)
      .map((r) => ({
        key: r.key ?? '',
        label: label(r.key ?? ''),
        memberships: r.memberships,
        persons: r.persons,
      }))
      .sort((a, b) => b.memberships - a.memberships || a.key.localeCompare(b.key));
  const bands = new Map(of('age_band').map((r) => [r.key, r]));
  // Sectors are data: their short names as the union's counts write them ("Khối HCSN", "Giáo dục").
  const sectorNames = new Map((await listSectors(db)).map((s) => [s.id, s.shortVi]));
  return {
    at: date,
    within,
    memberships: total?.memberships ?? 0,
    persons: total?.persons ?? 0,
    byGender: labelled('gender', (k) => GENDER_LABELS[k as Gender] ?? k),
    bySector: labelled('sector', (k) => sectorNames.get(k) ?? k),
    byEthnicity: labelled('ethnicity', (k) => ETHNICITY_NAMES.get(k) ?? k),
    byAgeBand: AGE_BANDS.map((b) => ({
      key: b.key,
      label: b.label,
      memberships: bands.get(b.key)?.memberships ?? 0,
      persons: bands.get(b.key)?.persons ?? 0,
    })),
  };
}
