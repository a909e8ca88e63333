/**
 * Tally arithmetic (tally.ts): periods of one unit as stays come and go, checked against counting the stays
 * directly on every boundary date.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../demo/random';
import {
  applyStayChanges,
  netChanges,
  OPEN_END,
  tallyKeys,
  type StayChange,
  type TallyPeriod,
} from './tally';

const person = { gender: 'female', ethnicityCode: '01', birthDate: '1990-04-30' };
const stay = (validFrom: string, validTo: string, sign: 1 | -1 = 1, who = person): StayChange => ({
  validFrom,
  validTo,
  sign,
  ...who,
});

/** The counts on a date straight from a list of stays. */
function direct(stays: readonly StayChange[], date: string) {
  const open = stays.filter((s) => s.validFrom <= date && s.validTo > date);
  const counts: Record<string, number> = {};
  for (const s of open) for (const k of tallyKeys(s)) counts[k] = (counts[k] ?? 0) + 1;
  return { memberships: open.length, counts };
}

function onDate(periods: readonly TallyPeriod[], date: string) {
  const p = periods.find((x) => x.validFrom <= date && x.validTo > date);
  return { memberships: p?.memberships ?? 0, counts: p?.counts ?? {} };
}

describe('member tallies', () => {
  it('keep one period per stretch in which nothing changed, and none where no one is', () => {
    const periods = applyStayChanges(
      [],
      [stay('2015-01-01', OPEN_END), stay('2016-06-01', '2020-01-01', 1, { ...person, gender: 'male' })],
    );
    expect(periods).toEqual([
      {
        validFrom: '2015-01-01',
        validTo: '2016-06-01',
        memberships: 1,
        counts: { 'e:01': 1, 'g:female': 1, 'y:1990': 1 },
      },
      {
        validFrom: '2016-06-01',
        validTo: '2020-01-01',
        memberships: 2,
        counts: { 'e:01': 2, 'g:female': 1, 'g:male': 1, 'y:1990': 2 },
      },
      {
        validFrom: '2020-01-01',
        validTo: OPEN_END,
        memberships: 1,
        counts: { 'e:01': 1, 'g:female': 1, 'y:1990': 1 },
      },
    ]);
    // Taking the first stay away leaves only the second; the stretch before it is empty and not kept.
    expect(applyStayChanges(periods, [stay('2015-01-01', OPEN_END, -1)])).toEqual([
      {
        validFrom: '2016-06-01',
        validTo: '2020-01-01',
        memberships: 1,
        counts: { 'e:01': 1, 'g:male': 1, 'y:1990': 1 },
      },
    ]);
  });

  it('joins neighbours that end up equal, and refuses to go below zero', () => {
    const periods = applyStayChanges([], [stay('2015-01-01', '2018-01-01'), stay('2018-01-01', OPEN_END)]);
    expect(periods).toEqual([
      {
        validFrom: '2015-01-01',
        validTo: OPEN_END,
        memberships: 1,
        counts: { 'e:01': 1, 'g:female': 1, 'y:1990': 1 },
      },
    ]);
    expect(() => applyStayChanges(periods, [stay('2010-01-01', '2012-01-01', -1)])).toThrow(/below zero/);
  });

  it('cancels a stay taken away and put back unchanged', () => {
    const same = { ...stay('2015-01-01', OPEN_END), unitId: 'u' };
    expect(netChanges([same, { ...same, sign: -1 }])).toEqual([]);
    expect(netChanges([same, { ...same, sign: -1 }, { ...same, validTo: '2020-01-01' }])).toHaveLength(1);
  });

  it('agree with counting the stays directly, whatever order the changes come in', () => {
    const random = mulberry32(42);
    const rng = () => random.next();
    const day = () =>
      `20${String(10 + Math.floor(rng() * 15))}-0${1 + Math.floor(rng() * 9)}-1${Math.floor(rng() * 9)}`;
    let periods: TallyPeriod[] = [];
    const live: StayChange[] = [];
    for (let round = 0; round < 60; round += 1) {
      const batch: StayChange[] = [];
      for (let i = 0; i < 1 + Math.floor(rng() * 4); i += 1) {
        if (live.length && rng() < 0.35) {
          const gone = live.splice(Math.floor(rng() * live.length), 1)[0]!;
          batch.push({ ...gone, sign: -1 });
        } else {
          const [a, b] = [day(), rng() < 0.4 ? OPEN_END : day()].sort();
          const who = {
            gender: rng() < 0.5 ? 'male' : 'female',
            ethnicityCode: rng() < 0.8 ? '01' : '02',
            birthDate: `19${60 + Math.floor(rng() * 40)}-03-15`,
          };
          if (a === b) continue;
          const added = stay(a!, b!, 1, who);
          live.push(added);
          batch.push(added);
        }
      }
      const from = batch.reduce((m, c) => (c.validFrom < m ? c.validFrom : m), OPEN_END);
      const kept = periods.filter((p) => p.validTo <= from);
      periods = [
        ...kept,
        ...applyStayChanges(
          periods.filter((p) => p.validTo > from),
          batch,
        ),
      ];
      const dates = new Set(live.flatMap((s) => [s.validFrom, s.validTo]).filter((d) => d !== OPEN_END));
      for (const date of [...dates, '2009-01-01', '2030-01-01'])
        expect(onDate(periods, date), `${date} after round ${round}`).toEqual(direct(live, date));
    }
  });
});
