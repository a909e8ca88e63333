/**
 * Member counts kept with the stays. Whatever writes stays (history.recordEvents, the import, a correction of a
 * person's facts) hands the stays it added and removed to recordStayChanges in the same transaction; a count on a
 * date then reads one tally row per unit of the subtree (tally-store.talliesOn) and makes it exact with two small
 * looks at the stays: people born in an age band's boundary year after the day asked, and people holding two stays.
 */
import type { Database } from '../../../platform/db';
import type { AgeBand } from '../model';
import { ageOn } from '../model';
import type { CountRow } from '../count-store';
import { applyStayChanges, netChanges, OPEN_END, type StayChange } from '../tally';
import * as tallies from '../tally-store';

export type UnitStayChange = StayChange & { unitId: string; federationId: string };

/** The stays as changes of one sign. */
export function asChanges(
  stays: readonly (Omit<tallies.CountedStay, 'memberId'> & { memberId?: string })[],
  sign: 1 | -1,
): UnitStayChange[] {
  return stays.map((s) => ({
    unitId: s.unitId,
    federationId: s.federationId,
    validFrom: s.validFrom,
    validTo: s.validTo,
    sign,
    gender: s.gender,
    ethnicityCode: s.ethnicityCode,
    birthDate: s.birthDate,
  }));
}

/** Applies added (+1) and removed (−1) stays to their units' tallies; changes that cancel out cost nothing. */
export async function recordStayChanges(tx: Database, changes: readonly UnitStayChange[]): Promise<void> {
  const net = netChanges(changes);
  if (net.length === 0) return;
  const byUnit = new Map<string, UnitStayChange[]>();
  for (const c of net) {
    const list = byUnit.get(c.unitId);
    if (list) list.push(c);
    else byUnit.set(c.unitId, [c]);
  }
  const unitIds = [...byUnit.keys()].sort();
  await tallies.lockUnitsForTallies(tx, unitIds);
  const firstDay = net.reduce((min, c) => (c.validFrom < min ? c.validFrom : min), OPEN_END);
  await tallies.noteTallyWrites(tx, [...new Set(net.map((c) => c.federationId))], unitIds, firstDay);
  for (const unitId of unitIds) {
    const unitChanges = byUnit.get(unitId)!;
    const from = unitChanges.reduce((min, c) => (c.validFrom < min ? c.validFrom : min), OPEN_END);
    const periods = await tallies.tallyPeriodsFrom(tx, unitId, from);
    await tallies.replaceTallyPeriods(
      tx,
      { id: unitId, federationId: unitChanges[0]!.federationId },
      from,
      applyStayChanges(periods, unitChanges),
    );
  }
}

/** Rebuilds every tally from the stays (a database from before tallies, or one loaded in bulk), units in batches. */
export async function rebuildTallies(
  db: Database,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tallies.noteTallyWrites(tx, [tallies.ALL_FEDERATIONS]);
    await tallies.deleteAllTallies(tx);
    const unitIds = await tallies.unitsWithStays(tx);
    const BATCH = 500;
    for (let i = 0; i < unitIds.length; i += BATCH) {
      const stays = await tallies.countedStaysOfUnits(tx, unitIds.slice(i, i + BATCH));
      const byUnit = new Map<string, tallies.CountedStay[]>();
      for (const s of stays) {
        const list = byUnit.get(s.unitId);
        if (list) list.push(s);
        else byUnit.set(s.unitId, [s]);
      }
      await tallies.insertTallies(
        tx,
        [...byUnit.values()].flatMap((unitStays) =>
          applyStayChanges([], asChanges(unitStays, 1)).map((p) => ({
            ...p,
            unitId: unitStays[0]!.unitId,
            federationId: unitStays[0]!.federationId,
          })),
        ),
      );
      onProgress?.(Math.min(i + BATCH, unitIds.length), unitIds.length);
    }
  });
}

/**
 * The tree changed (a restructuring from `fromDate` on, or a unit's sector on any day: null): the totals cached
 * before no longer hold, whichever federation they read, since a unit may have brought its members into another
 * subtree without a tally being written.
 */
export async function noteTreeChanged(tx: Database, fromDate: string | null = null): Promise<void> {
  await tallies.noteTallyWrites(tx, [tallies.ALL_FEDERATIONS], [], fromDate);
}

/**
 * The number of people under `key` (a root, a date and what narrows the list, `within` included in it): the total
 * kept in member_totals while no tally it read has been written since, else `compute`d and kept. The snapshot is
 * taken before `compute` reads anything, so a write that commits in between makes the kept total stale at once
 * (computed again next time) rather than wrong.
 */
export async function cachedTotal(
  db: Database,
  key: { rootId: string; date: string; within: 'subtree' | 'unit'; narrowing: string },
  compute: () => Promise<number>,
): Promise<number> {
  const stored = { rootId: key.rootId, date: key.date, narrowing: `${key.within}|${key.narrowing}` };
  const cached = await tallies.readCachedTotal(db, stored);
  if (cached.persons !== null) return cached.persons;
  const persons = await compute();
  const federationIds = await tallies.federationsUnder(db, key.rootId, key.date, key.within);
  await tallies.saveCachedTotal(db, stored, { persons, federationIds, snapshot: cached.snapshot });
  return persons;
}

/** At start-up: builds the tallies when stays exist without them. */
export async function ensureTallies(db: Database): Promise<void> {
  if (await tallies.talliesMissing(db)) await rebuildTallies(db);
}

/** ISO date of the day-and-month of `date` in `year` (29 February in a common year: 28 February). */
function sameDayIn(date: string, year: number): string {
  const y = String(year).padStart(4, '0');
  const md = date.slice(5);
  if (md !== '02-29') return `${y}-${md}`;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${y}-${leap ? '02-29' : '02-28'}`;
}

/**
 * The people on a date in a unit or its subtree, all of them or those of one gender or ethnic group: the tallies
 * added up by the database, less the second stays of the people holding two at once.
 */
export async function personsFromTallies(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
  only: { gender?: string | undefined; ethnicityCode?: string | undefined } = {},
): Promise<number> {
  const key =
    only.gender !== undefined
      ? `g:${only.gender}`
      : only.ethnicityCode !== undefined
        ? `e:${only.ethnicityCode}`
        : null;
  const [memberships, shared] = await Promise.all([
    tallies.tallySum(db, rootId, date, within, key),
    tallies.sharedStaysOn(db, rootId, date, within),
  ]);
  const stays = new Map<string, number>();
  for (const s of shared)
    if (
      (only.gender === undefined || s.gender === only.gender) &&
      (only.ethnicityCode === undefined || s.ethnicityCode === only.ethnicityCode)
    )
      stays.set(s.memberId, (stays.get(s.memberId) ?? 0) + 1);
  let extra = 0;
  for (const n of stays.values()) extra += n - 1;
  return memberships - extra;
}

/**
 * Members on a date in a unit or its subtree (the tree as it stood that day): memberships and distinct people, in
 * total and by gender, sector, ethnicity and age band (full years on the date, as model.ageOn).
 */
export async function countFromTallies(
  db: Database,
  rootId: string,
  date: string,
  within: 'subtree' | 'unit',
  ageBands: readonly AgeBand[],
): Promise<CountRow[]> {
  const year = Number(date.slice(0, 4));
  const bands = [...ageBands].sort((a, b) => a.from - b.from);
  const bandOf = (age: number) => [...bands].reverse().find((b) => age >= b.from)?.key ?? bands[0]?.key ?? '';
  // A band starting at age k: those born in year − k after the day's date are k − 1 on the day.
  const boundaries = bands.map((b) => b.from).filter((k) => k > 0 && bandOf(k) !== bandOf(k - 1));
  const windows = boundaries.map((k) => ({ after: sameDayIn(date, year - k), until: `${year - k}-12-31` }));

  const [rows, bornLate, shared] = await Promise.all([
    tallies.talliesOn(db, rootId, date, within),
    tallies.staysBornIn(db, rootId, date, within, windows),
    tallies.sharedStaysOn(db, rootId, date, within),
  ]);

  const memberships = new Map<string, number>();
  const add = (dimension: CountRow['dimension'], key: string, n: number, into = memberships) =>
    into.set(`${dimension}\u0000${key}`, (into.get(`${dimension}\u0000${key}`) ?? 0) + n);
  for (const r of rows) {
    add('total', '', r.memberships);
    add('sector', r.sector, r.memberships);
    for (const [k, n] of Object.entries(r.counts)) {
      const value = k.slice(2);
      if (k.startsWith('g:')) add('gender', value, n);
      else if (k.startsWith('e:')) add('ethnicity', value, n);
      else if (k.startsWith('y:')) add('age_band', bandOf(year - Number(value)), n);
    }
  }
  boundaries.forEach((k, i) => {
    const n = bornLate[i] ?? 0;
    add('age_band', bandOf(k), -n);
    add('age_band', bandOf(k - 1), n);
  });

  // A person with several stays on the day is one person: each stay past the first is an extra membership.
  const extras = new Map<string, number>();
  const byPerson = new Map<string, typeof shared>();
  for (const s of shared) {
    const list = byPerson.get(s.memberId);
    if (list) list.push(s);
    else byPerson.set(s.memberId, [s]);
  }
  for (const stays of byPerson.values()) {
    const p = stays[0]!;
    const extra = stays.length - 1;
    if (extra === 0) continue;
    add('total', '', extra, extras);
    add('gender', p.gender, extra, extras);
    add('ethnicity', p.ethnicityCode, extra, extras);
    add('age_band', bandOf(ageOn(p.birthDate, date)), extra, extras);
    const sectors = new Map<string, number>();
    for (const s of stays) sectors.set(s.sector, (sectors.get(s.sector) ?? 0) + 1);
    for (const [sector, n] of sectors) if (n > 1) add('sector', sector, n - 1, extras);
  }

  const result: CountRow[] = [];
  for (const [id, n] of memberships) {
    const [dimension, key] = id.split('\u0000') as [CountRow['dimension'], string];
    if (n === 0 && dimension !== 'total') continue;
    result.push({
      dimension,
      key: dimension === 'total' ? null : key,
      memberships: n,
      persons: n - (extras.get(id) ?? 0),
    });
  }
  if (!result.some((r) => r.dimension === 'total'))
    result.push({ dimension: 'total', key: null, memberships: 0, persons: 0 });
  return result;
}
