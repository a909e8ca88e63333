/**
 * Member tallies: the counts of one unit over time, as periods in which nothing changed (pure arithmetic, no I/O).
 * A stay of a person in the unit adds one membership to every period it covers, under its keys: gender (`g:`),
 * ethnicity (`e:`) and year of birth (`y:`). Age bands are read off the years of birth on the day asked, with the
 * people born in a band's boundary year after that day's day-and-month moved down one band (services/tallies.ts `countFromTallies`).
 */
import { OPEN_END } from '../../lib/dates';

/** The end of a period that has not ended (one constant for every validity range). */
export { OPEN_END };

export type TallyCounts = Record<string, number>;

export interface TallyPeriod {
  validFrom: string;
  validTo: string;
  memberships: number;
  counts: TallyCounts;
}

/**
 * A stay added (+1) or removed (−1), with the person's facts it is counted under; `sign` may also count several
 * such stays at once (+3: three people of the same gender, ethnicity and year of birth admitted on the same day).
 */
export interface StayChange {
  validFrom: string;
  validTo: string;
  sign: number;
  gender: string;
  ethnicityCode: string;
  birthDate: string;
}

export const tallyKeys = (p: { gender: string; ethnicityCode: string; birthDate: string }): string[] => [
  `g:${p.gender}`,
  `e:${p.ethnicityCode}`,
  `y:${p.birthDate.slice(0, 4)}`,
];

/**
 * The unit's periods after the changes. `periods` are the unit's periods that end after the earliest change starts
 * (sorted, disjoint); the result replaces them. Periods with no one are left out, equal neighbours are joined.
 * A sweep over the boundaries: O((periods + changes) × keys).
 */
export function applyStayChanges(
  periods: readonly TallyPeriod[],
  changes: readonly StayChange[],
): TallyPeriod[] {
  const steps = new Map<string, { memberships: number; counts: TallyCounts }>();
  const step = (date: string) => {
    let s = steps.get(date);
    if (!s) steps.set(date, (s = { memberships: 0, counts: {} }));
    return s;
  };
  const add = (
    s: { memberships: number; counts: TallyCounts },
    n: number,
    keys: Iterable<[string, number]>,
  ) => {
    s.memberships += n;
    for (const [k, v] of keys) s.counts[k] = (s.counts[k] ?? 0) + v;
  };
  for (const p of periods) {
    add(step(p.validFrom), p.memberships, Object.entries(p.counts));
    if (p.validTo !== OPEN_END)
      add(
        step(p.validTo),
        -p.memberships,
        Object.entries(p.counts).map(([k, v]) => [k, -v]),
      );
  }
  for (const c of changes) {
    if (c.validFrom >= c.validTo) continue;
    const keys = tallyKeys(c);
    add(
      step(c.validFrom),
      c.sign,
      keys.map((k) => [k, c.sign]),
    );
    if (c.validTo !== OPEN_END)
      add(
        step(c.validTo),
        -c.sign,
        keys.map((k) => [k, -c.sign]),
      );
  }
  const dates = [...steps.keys()].sort();
  const result: TallyPeriod[] = [];
  let memberships = 0;
  const running = new Map<string, number>();
  for (let i = 0; i < dates.length; i += 1) {
    const s = steps.get(dates[i]!)!;
    memberships += s.memberships;
    for (const [k, v] of Object.entries(s.counts)) {
      const n = (running.get(k) ?? 0) + v;
      if (n === 0) running.delete(k);
      else running.set(k, n);
    }
    if (memberships < 0) throw new Error(`member tally below zero on ${dates[i]}`);
    const validTo = dates[i + 1] ?? OPEN_END;
    if (memberships === 0) continue;
    const counts = Object.fromEntries([...running.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    const last = result[result.length - 1];
    if (
      last &&
      last.validTo === dates[i] &&
      last.memberships === memberships &&
      sameCounts(last.counts, counts)
    )
      last.validTo = validTo;
    else result.push({ validFrom: dates[i]!, validTo, memberships, counts });
  }
  return result;
}

function sameCounts(a: TallyCounts, b: TallyCounts): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/**
 * Removes the pairs of changes that cancel out (the same stay taken away and put back unchanged), and counts the
 * changes that are the same for the tallies once: one change per unit, period and keys, its sign the net number of
 * stays (an import of 100,000 people gives a few thousand, not 100,000 changes to sweep).
 */
export function netChanges<T extends StayChange & { unitId: string }>(changes: readonly T[]): T[] {
  const key = (c: T) => `${c.unitId}|${c.validFrom}|${c.validTo}|${tallyKeys(c).join('|')}`;
  const balance = new Map<string, { n: number; sample: T }>();
  for (const c of changes) {
    const k = key(c);
    const b = balance.get(k);
    if (b) b.n += c.sign;
    else balance.set(k, { n: c.sign, sample: c });
  }
  const out: T[] = [];
  for (const { n, sample } of balance.values()) if (n !== 0) out.push({ ...sample, sign: n });
  return out;
}
