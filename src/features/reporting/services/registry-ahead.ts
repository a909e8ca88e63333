/**
 * The daily run that keeps ahead the registry figures of the periods being reported on (the last period each form's
 * period type has ended, and the same period a year before, which every total sets beside it) for every union above
 * the grassroots, so that no one waits for a province's thousands of units to be added up at the first look. Figures
 * that still hold are not computed again; those kept more than two days ago go.
 */
import type { Database } from '../../../platform/db';
import { previousPeriod, periodContaining, samePeriodLastYear, type Period } from '../periods';
import { dropOldFigures } from '../registry-store';
import { loadCatalogue } from './catalogue';
import { keepRegistryFiguresAhead } from './common';

/** The periods being reported on at `today` (a Vietnam date), one per distinct start and end. */
export async function periodsReportedOn(db: Database, today: string): Promise<Period[]> {
  const catalogue = await loadCatalogue(db);
  const periods = new Map<string, Period>();
  for (const version of catalogue.versions) {
    if (!(version.validFrom <= today && today < version.validTo)) continue;
    const type = catalogue.periodTypes.get(version.periodTypeId)?.definition;
    if (!type) continue;
    const last = previousPeriod(type, periodContaining(type, today));
    const yearBefore = last ? samePeriodLastYear(type, last) : null;
    for (const p of [last, yearBefore]) if (p) periods.set(`${p.start}/${p.end}`, p);
  }
  return [...periods.values()];
}

export async function keepFiguresAhead(db: Database, today: string) {
  const periods = await periodsReportedOn(db, today);
  let computed = 0;
  for (const p of periods) computed += await keepRegistryFiguresAhead(db, p.start, p.end);
  const dropped = await dropOldFigures(db);
  return { periods: periods.map((p) => p.code), computed, dropped };
}
