import { describe, expect, it } from 'vitest';

import { addDays } from '../../lib/dates';
import {
  dateOfDay,
  DEFAULT_PERIOD_TYPES,
  deadlineInstant,
  deadlineOf,
  isLate,
  parsePeriod,
  periodContaining,
  periodsOfYear,
  previousPeriod,
  reminderDates,
  samePeriodLastYear,
  validatePeriodType,
  vietnamDate,
  type Period,
  type PeriodTypeDefinition,
} from './periods';

const type = (id: string): PeriodTypeDefinition => {
  const found = DEFAULT_PERIOD_TYPES.find((t) => t.id === id);
  if (!found) throw new Error(id);
  return found;
};
const halfYear = type('half_year');
const unionHalf = type('union_half_year');
const year = type('year');
const quarter = type('quarter');
const month = type('month');
const term = type('term');

const period = (t: PeriodTypeDefinition, code: string): Period => {
  const p = parsePeriod(t, code);
  if (!p) throw new Error(`${t.id} ${code}`);
  return p;
};
const span = (p: Period | null) => (p ? [p.code, p.start, p.end] : null);

/** A small seeded generator, so that every run checks the same many cases and a failure names its seed. */
function randomInts(seed: number) {
  let a = seed;
  return (low: number, high: number): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return low + Math.floor(unit * (high - low + 1));
  };
}
const randomDate = (int: (l: number, h: number) => number): string => addDays('1901-01-01', int(0, 109_000)); // to 2199

describe('parsePeriod', () => {
  it('reads each default style into its dates and labels', () => {
    expect(parsePeriod(halfYear, '2023S1')).toEqual({
      code: '2023S1',
      typeId: 'half_year',
      year: 2023,
      n: 1,
      start: '2023-01-01',
      end: '2023-06-30',
      labelVi: '6 tháng đầu năm 2023',
      labelEn: 'First half of 2023',
    });
    const s2 = period(halfYear, '2023S2');
    expect([s2.start, s2.end, s2.labelVi, s2.labelEn]).toEqual([
      '2023-07-01',
      '2023-12-31',
      '6 tháng cuối năm 2023',
      'Second half of 2023',
    ]);
    const y = period(year, '2023');
    expect([y.start, y.end, y.labelVi, y.labelEn]).toEqual([
      '2023-01-01',
      '2023-12-31',
      'Năm 2023',
      'Year 2023',
    ]);
    expect(['2023Q1', '2023Q2', '2023Q3', '2023Q4'].map((c) => period(quarter, c).labelVi)).toEqual([
      'Quý I/2023',
      'Quý II/2023',
      'Quý III/2023',
      'Quý IV/2023',
    ]);
    const q3 = period(quarter, '2023Q3');
    expect([q3.start, q3.end, q3.labelEn]).toEqual(['2023-07-01', '2023-09-30', 'Q3 2023']);
    const may = period(month, '202305');
    expect([may.n, may.start, may.end, may.labelVi, may.labelEn]).toEqual([
      5,
      '2023-05-01',
      '2023-05-31',
      'Tháng 5/2023',
      'May 2023',
    ]);
    expect(periodsOfYear(month, 2023).map((p) => p.labelEn)).toEqual(
      [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ].map((name) => `${name} 2023`),
    );
  });

  it('reads the union half-year of Mẫu 2-HĐCĐ from 1 December of the year before', () => {
    expect(span(parsePeriod(unionHalf, '2023S1'))).toEqual(['2023S1', '2022-12-01', '2023-05-31']);
    expect(span(parsePeriod(unionHalf, '2023S2'))).toEqual(['2023S2', '2023-06-01', '2023-11-30']);
    expect(period(unionHalf, '2023S1').labelVi).toBe('6 tháng đầu năm 2023');
  });

  it('ends February on its last day, 29 in a leap year', () => {
    expect(span(parsePeriod(month, '202402'))).toEqual(['202402', '2024-02-01', '2024-02-29']);
    expect(span(parsePeriod(month, '202302'))).toEqual(['202302', '2023-02-01', '2023-02-28']);
    expect(span(parsePeriod(month, '210002'))).toEqual(['210002', '2100-02-01', '2100-02-28']);
    expect(period(month, '202304').end).toBe('2023-04-30');
  });

  it('reads a term as its two congress years, ending the day before the next term', () => {
    const t = period(term, '2023-2028');
    expect([t.start, t.end, t.labelVi, t.labelEn, t.n]).toEqual([
      '2023-01-01',
      '2027-12-31',
      'Nhiệm kỳ 2023–2028',
      'Term 2023–2028',
      1,
    ]);
    expect(span(parsePeriod(term, '2028–2033'))).toEqual(['2028-2033', '2028-01-01', '2032-12-31']);
    expect(span(parsePeriod(term, '2018-2023'))).toEqual(['2018-2023', '2018-01-01', '2022-12-31']);
  });

  it('trims and upper-cases what was typed', () => {
    expect(parsePeriod(halfYear, ' 2023s1 ')?.code).toBe('2023S1');
    expect(parsePeriod(quarter, '2023q4')?.code).toBe('2023Q4');
  });

  it.each([
    [halfYear, '2023S3'],
    [halfYear, '2023S0'],
    [halfYear, '2023Q1'],
    [halfYear, '2023'],
    [quarter, '2023Q5'],
    [quarter, '2023Q0'],
    [month, '202313'],
    [month, '202300'],
    [month, '2023-05'],
    [year, '1899'],
    [year, '2201'],
    [year, '23'],
    [year, 'năm 2023'],
    [year, ''],
    [term, '2023-2027'],
    [term, '2024-2029'],
    [term, '1893-1898'],
    [term, '2203-2208'],
    // Nothing before or after the code: a slip of one digit is no period.
    [year, '20231'],
    [year, '12023'],
    [halfYear, '12023S1'],
    [halfYear, '2023S12'],
    [quarter, '12023Q1'],
    [quarter, '2023Q12'],
    [month, '1202305'],
    [month, '2023051'],
    [term, '12023-2028'],
    [term, '2023-20281'],
  ])('refuses %# %s', (t, code) => {
    expect(parsePeriod(t, code)).toBeNull();
  });

  it('writes a year before 1000 with four digits, as ISO dates are', () => {
    expect(dateOfDay({ month: 3, day: 9 }, 999)).toBe('0999-03-09');
    expect(dateOfDay({ month: 12, day: 1, yearOffset: -1 }, 1000)).toBe('0999-12-01');
  });

  it('reads the years 1900 and 2200 at the ends of the range, and a term holding one of them', () => {
    expect(parsePeriod(year, '1900')?.start).toBe('1900-01-01');
    expect(parsePeriod(year, '2200')?.end).toBe('2200-12-31');
    expect(parsePeriod(term, '1898-1903')?.end).toBe('1902-12-31');
    expect(parsePeriod(term, '2198-2203')?.start).toBe('2198-01-01');
  });
});

describe('periods of a definition read as data', () => {
  // A fiscal year from 1 April: the code names the year it ends in.
  const fiscal: PeriodTypeDefinition = {
    id: 'fiscal_year',
    codeStyle: 'year',
    parts: [{ n: 1, start: { month: 4, day: 1, yearOffset: -1 }, end: { month: 3, day: 31 } }],
  };

  it('follows the definition, not the name of its style', () => {
    expect(validatePeriodType(fiscal)).toEqual([]);
    expect(span(parsePeriod(fiscal, '2024'))).toEqual(['2024', '2023-04-01', '2024-03-31']);
    expect(periodContaining(fiscal, '2024-04-01').code).toBe('2025');
    expect(periodContaining(fiscal, '2024-03-31').code).toBe('2024');
  });
});

describe('a term type of another length or start', () => {
  // Terms of three years from 2021: 2021–2024, 2024–2027 …
  const short: PeriodTypeDefinition = { ...term, id: 'short_term', termYears: 3, termAnchorYear: 2021 };
  // Terms from 1900 whose congress sits on 1 July: 1900–1905 runs from 01/07/1900 to 30/06/1905.
  const july: PeriodTypeDefinition = {
    id: 'july_term',
    codeStyle: 'term',
    parts: [{ n: 1, start: { month: 7, day: 1 }, end: { month: 6, day: 30 } }],
    termYears: 5,
    termAnchorYear: 1900,
  };

  it('uses the length the definition gives', () => {
    expect(validatePeriodType(short)).toEqual([]);
    const t = period(short, '2024-2027');
    expect([t.start, t.end, t.labelVi, t.labelEn]).toEqual([
      '2024-01-01',
      '2026-12-31',
      'Nhiệm kỳ 2024–2027',
      'Term 2024–2027',
    ]);
    expect(parsePeriod(short, '2024-2029')).toBeNull();
    expect(parsePeriod(short, '2023-2026')).toBeNull();
    expect(periodContaining(short, '2027-01-01').code).toBe('2027-2030');
    expect(periodsOfYear(short, 2026).map((p) => p.code)).toEqual(['2024-2027']);
    expect(previousPeriod(short, t)?.code).toBe('2021-2024');
  });

  it('finds the term of a day before the congress in the term that began five years earlier', () => {
    expect(validatePeriodType(july)).toEqual([]);
    expect(span(periodContaining(july, '2020-03-01'))).toEqual(['2015-2020', '2015-07-01', '2020-06-30']);
    expect(span(periodContaining(july, '2020-07-01'))).toEqual(['2020-2025', '2020-07-01', '2025-06-30']);
  });

  it('refuses a term all of whose years lie before 1900', () => {
    const from1900: PeriodTypeDefinition = { ...term, id: 'from_1900', termAnchorYear: 1900 };
    expect(parsePeriod(from1900, '1895-1900')).toBeNull();
    expect(previousPeriod(from1900, period(from1900, '1900-1905'))).toBeNull();
    expect(parsePeriod(from1900, '1900-1905')?.end).toBe('1904-12-31');
  });
});

describe('a definition whose parts are listed out of order', () => {
  const reversed: PeriodTypeDefinition = {
    ...halfYear,
    id: 'reversed',
    parts: [...halfYear.parts].reverse(),
  };

  it('is read in the order of its part numbers', () => {
    expect(periodsOfYear(reversed, 2023).map(span)).toEqual([
      ['2023S1', '2023-01-01', '2023-06-30'],
      ['2023S2', '2023-07-01', '2023-12-31'],
    ]);
    expect(periodContaining(reversed, '2023-03-01').code).toBe('2023S1');
    expect(periodContaining(reversed, '2023-09-01').code).toBe('2023S2');
  });
});

describe('periodContaining', () => {
  it('finds the union half-year whose code names the next year in December', () => {
    expect(periodContaining(unionHalf, '2022-12-01').code).toBe('2023S1');
    expect(periodContaining(unionHalf, '2022-11-30').code).toBe('2022S2');
    expect(periodContaining(unionHalf, '2023-05-31').code).toBe('2023S1');
    expect(periodContaining(unionHalf, '2023-06-01').code).toBe('2023S2');
    expect(periodContaining(unionHalf, '2023-12-31').code).toBe('2024S1');
  });

  it('finds months, quarters and terms', () => {
    expect(periodContaining(month, '2024-02-29').code).toBe('202402');
    expect(periodContaining(quarter, '2023-04-01').code).toBe('2023Q2');
    expect(periodContaining(quarter, '2023-03-31').code).toBe('2023Q1');
    expect(periodContaining(term, '2027-12-31').code).toBe('2023-2028');
    expect(periodContaining(term, '2028-01-01').code).toBe('2028-2033');
    expect(periodContaining(term, '2022-06-15').code).toBe('2018-2023');
    expect(periodContaining(term, '1999-06-15').code).toBe('1998-2003');
  });

  it('property: every day lies in the period it is given, which its code reads back to', () => {
    const int = randomInts(20_231);
    for (let run = 0; run < 400; run += 1) {
      const date = randomDate(int);
      for (const t of DEFAULT_PERIOD_TYPES) {
        const p = periodContaining(t, date);
        expect(p.start <= date && date <= p.end, `${t.id} ${date}`).toBe(true);
        expect(parsePeriod(t, p.code)).toEqual(p);
      }
    }
  });
});

describe('periodsOfYear, previousPeriod, samePeriodLastYear', () => {
  it('lists the parts of a year in order', () => {
    expect(periodsOfYear(quarter, 2023).map(span)).toEqual([
      ['2023Q1', '2023-01-01', '2023-03-31'],
      ['2023Q2', '2023-04-01', '2023-06-30'],
      ['2023Q3', '2023-07-01', '2023-09-30'],
      ['2023Q4', '2023-10-01', '2023-12-31'],
    ]);
    expect(periodsOfYear(month, 2024)).toHaveLength(12);
    expect(periodsOfYear(unionHalf, 2023).map((p) => p.code)).toEqual(['2023S1', '2023S2']);
  });

  it('gives a term type the term whose years include the year', () => {
    expect(periodsOfYear(term, 2025).map((p) => p.code)).toEqual(['2023-2028']);
    expect(periodsOfYear(term, 2028).map((p) => p.code)).toEqual(['2028-2033']);
    expect(periodsOfYear(term, 2022).map((p) => p.code)).toEqual(['2018-2023']);
  });

  it('steps back one period, across the year', () => {
    expect(previousPeriod(quarter, period(quarter, '2023Q1'))?.code).toBe('2022Q4');
    expect(previousPeriod(quarter, period(quarter, '2023Q3'))?.code).toBe('2023Q2');
    expect(previousPeriod(unionHalf, period(unionHalf, '2023S1'))?.code).toBe('2022S2');
    expect(previousPeriod(month, period(month, '202401'))?.code).toBe('202312');
    expect(previousPeriod(term, period(term, '2023-2028'))?.code).toBe('2018-2023');
    expect(previousPeriod(year, period(year, '1901'))?.code).toBe('1900');
    expect(previousPeriod(year, period(year, '1900'))).toBeNull();
    expect(previousPeriod(term, period(term, '1898-1903'))).toBeNull();
    expect(previousPeriod(term, period(term, '1903-1908'))?.code).toBe('1898-1903');
  });

  it('refuses a period of another type, whose part the type has not', () => {
    expect(() => samePeriodLastYear(halfYear, period(quarter, '2023Q3'))).toThrow(
      "Kiểu kỳ 'half_year' không có phần 3.",
    );
  });

  it('tells a day that no part of a broken definition holds', () => {
    const gappy: PeriodTypeDefinition = {
      id: 'gappy',
      codeStyle: 'year',
      parts: [{ n: 1, start: { month: 1, day: 1 }, end: { month: 6, day: 30 } }],
    };
    expect(() => periodContaining(gappy, '2023-08-01')).toThrow(
      "Kiểu kỳ 'gappy' không có kỳ nào chứa ngày 2023-08-01.",
    );
  });

  it('finds the same part of the year before', () => {
    expect(span(samePeriodLastYear(month, period(month, '202402')))).toEqual([
      '202302',
      '2023-02-01',
      '2023-02-28',
    ]);
    expect(samePeriodLastYear(unionHalf, period(unionHalf, '2024S1'))?.start).toBe('2022-12-01');
    expect(samePeriodLastYear(year, period(year, '1901'))?.code).toBe('1900');
    expect(samePeriodLastYear(year, period(year, '1900'))).toBeNull();
    expect(samePeriodLastYear(term, period(term, '2023-2028'))).toBeNull();
  });

  it('property: a type’s periods follow one another without gap or overlap', () => {
    const int = randomInts(7);
    for (let run = 0; run < 200; run += 1) {
      const y = int(1910, 2199);
      for (const t of DEFAULT_PERIOD_TYPES) {
        for (const p of periodsOfYear(t, y)) {
          const before = previousPeriod(t, p);
          expect(before && addDays(before.end, 1), `${t.id} ${p.code}`).toBe(p.start);
        }
      }
    }
  });
});

describe('validatePeriodType', () => {
  const parts = (...ranges: [number, number, number, number][]) =>
    ranges.map(([sm, sd, em, ed], i) => ({
      n: i + 1,
      start: { month: sm, day: sd },
      end: { month: em, day: ed },
    }));

  it('accepts every default', () => {
    for (const t of DEFAULT_PERIOD_TYPES) expect(validatePeriodType(t), t.id).toEqual([]);
  });

  it('names a gap and an overlap with their days', () => {
    expect(
      validatePeriodType({ id: 'h', codeStyle: 'half', parts: parts([1, 1, 6, 29], [7, 1, 12, 31]) }),
    ).toEqual(['Giữa phần 1 và phần 2 thiếu các ngày 30/06/2023–30/06/2023 (năm 2023).']);
    expect(
      validatePeriodType({ id: 'h', codeStyle: 'half', parts: parts([1, 1, 7, 2], [7, 1, 12, 31]) }),
    ).toEqual(['Phần 1 và phần 2 trùng nhau từ 01/07/2023 đến 02/07/2023 (năm 2023).']);
    expect(
      validatePeriodType({ id: 'h', codeStyle: 'half', parts: parts([1, 1, 6, 30], [7, 1, 12, 30]) }),
    ).toEqual(['Giữa phần 2 và phần 1 của năm sau thiếu các ngày 31/12/2023–31/12/2023 (năm 2023).']);
  });

  it('finds a gap that only a leap year shows', () => {
    expect(
      validatePeriodType({ id: 'h', codeStyle: 'half', parts: parts([1, 1, 2, 28], [3, 1, 12, 31]) }),
    ).toEqual(['Giữa phần 1 và phần 2 thiếu các ngày 29/02/2024–29/02/2024 (năm 2024).']);
  });

  it('names a part that ends before it starts', () => {
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: parts([12, 31, 1, 1]) })).toContain(
      'Phần 1 kết thúc (01/01/2023) trước khi bắt đầu (31/12/2023) trong năm 2023.',
    );
  });

  it('takes a part of one day', () => {
    expect(
      validatePeriodType({ id: 'h', codeStyle: 'half', parts: parts([1, 1, 1, 1], [1, 2, 12, 31]) }),
    ).toEqual([]);
  });

  it('asks for the number of parts of the code style, numbered from 1', () => {
    expect(
      validatePeriodType({ id: 'q', codeStyle: 'quarter', parts: parts([1, 1, 6, 30], [7, 1, 12, 31]) }),
    ).toEqual(["Kiểu mã 'quý' cần đúng 4 phần (đang có 2)."]);
    const halves = parts([1, 1, 6, 30], [7, 1, 12, 31]);
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: halves })).toEqual([
      "Kiểu mã 'năm' cần đúng 1 phần (đang có 2).",
    ]);
    expect(validatePeriodType({ id: 'm', codeStyle: 'month', parts: halves })).toEqual([
      "Kiểu mã 'tháng' cần đúng 12 phần (đang có 2).",
    ]);
    expect(validatePeriodType({ ...term, parts: halves })).toEqual([
      "Kiểu mã 'nhiệm kỳ' cần đúng 1 phần (đang có 2).",
    ]);
    expect(validatePeriodType({ id: 'h', codeStyle: 'half', parts: parts([1, 1, 12, 31]) })).toEqual([
      "Kiểu mã 'nửa năm' cần đúng 2 phần (đang có 1).",
    ]);
    // A definition sent without its parts has none.
    expect(
      validatePeriodType({
        id: 'y',
        codeStyle: 'year',
        parts: undefined as unknown as PeriodTypeDefinition['parts'],
      }),
    ).toEqual(["Kiểu mã 'năm' cần đúng 1 phần (đang có 0)."]);
    const renumbered = parts([1, 1, 6, 30], [7, 1, 12, 31]).map((p, i) => ({ ...p, n: i === 1 ? 3 : 1 }));
    expect(validatePeriodType({ id: 'h', codeStyle: 'half', parts: renumbered })).toEqual([
      'Các phần phải đánh số 1, 2, 3… không trùng, không bỏ số (đang có: 1, 3).',
    ]);
    // Numbered 1..k in any order of the list is read.
    expect(
      validatePeriodType({
        id: 'h',
        codeStyle: 'half',
        parts: [...parts([1, 1, 6, 30], [7, 1, 12, 31])].reverse(),
      }),
    ).toEqual([]);
  });

  it('names days that are no days, an unknown code style and a bad id', () => {
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: parts([13, 1, 12, 31]) })).toEqual([
      'Ngày bắt đầu của phần 1 không phải một ngày trong năm (tháng từ 1 đến 12, ngày từ 1 đến 31).',
    ]);
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: parts([1, 1, 12, 32]) })).toEqual([
      'Ngày kết thúc của phần 1 không phải một ngày trong năm (tháng từ 1 đến 12, ngày từ 1 đến 31).',
    ]);
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: parts([1, 0, 12, 31]) })).toHaveLength(1);
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: parts([0, 1, 12, 31]) })).toHaveLength(1);
    expect(validatePeriodType({ id: 'y', codeStyle: 'year', parts: parts([1, 1.5, 12, 31]) })).toHaveLength(
      1,
    );
    const offset = {
      ...year,
      parts: [{ n: 1, start: { month: 1, day: 1, yearOffset: 1 as 0 }, end: { month: 12, day: 31 } }],
    };
    expect(validatePeriodType(offset)).toHaveLength(1);
    const offsetZero = {
      ...year,
      parts: [{ n: 1, start: { month: 1, day: 1, yearOffset: 0 as const }, end: { month: 12, day: 31 } }],
    };
    expect(validatePeriodType(offsetZero)).toEqual([]);
    // A part sent without its first day is named, not a crash.
    const noStart = {
      ...year,
      parts: [{ n: 1, end: { month: 12, day: 31 } } as PeriodTypeDefinition['parts'][number]],
    };
    expect(validatePeriodType(noStart)).toEqual([
      'Ngày bắt đầu của phần 1 không phải một ngày trong năm (tháng từ 1 đến 12, ngày từ 1 đến 31).',
    ]);
    expect(validatePeriodType({ ...year, codeStyle: 'week' as 'year' })).toEqual([
      "Kiểu mã 'week' không có; dùng year, half, quarter, month hoặc term.",
    ]);
    expect(validatePeriodType({ ...year, id: 'Năm' })).toEqual([
      'Mã kiểu kỳ chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ.',
    ]);
    expect(validatePeriodType({ ...year, id: 'nam_2' })).toEqual([]);
    for (const id of ['nam-2', 'nam 2', '2nam', undefined as unknown as string])
      expect(validatePeriodType({ ...year, id }), String(id)).toEqual([
        'Mã kiểu kỳ chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ.',
      ]);
  });

  it('asks a term for its length and anchor year', () => {
    expect(validatePeriodType({ ...term, termYears: undefined, termAnchorYear: 1899 })).toEqual([
      'Nhiệm kỳ cần độ dài là số năm nguyên từ 1 đến 20.',
      'Nhiệm kỳ cần một năm bắt đầu từ 1900 đến 2200.',
    ]);
    expect(validatePeriodType({ ...term, termYears: 20, termAnchorYear: 2200 })).toEqual([]);
    expect(validatePeriodType({ ...term, termYears: 21, termAnchorYear: 1900 })).toHaveLength(1);
    expect(validatePeriodType({ ...term, termYears: 0 })).toHaveLength(1);
  });
});

describe('deadlines, Vietnam time', () => {
  const rule = { daysAfterEnd: 5 };
  const s1 = period(unionHalf, '2023S1'); // ends 31/05/2023

  it('counts the days after the period’s last day', () => {
    expect(deadlineOf(rule, s1)).toBe('2023-06-05');
    expect(deadlineOf({ daysAfterEnd: 0 }, s1)).toBe('2023-05-31');
    expect(deadlineOf(rule, period(month, '202312'))).toBe('2024-01-05');
  });

  it('is late from 00:00 Vietnam time of the day after the deadline', () => {
    expect(deadlineInstant(rule, s1).toISOString()).toBe('2023-06-05T17:00:00.000Z');
    expect(isLate(new Date('2023-06-05T16:59:59Z'), rule, s1)).toBe(false); // 23:59:59 on the deadline day
    expect(isLate(new Date('2023-06-05T16:59:59.999Z'), rule, s1)).toBe(false);
    expect(isLate(new Date('2023-06-05T17:00:00Z'), rule, s1)).toBe(true); // 00:00 the next day
    expect(isLate(new Date('2023-06-04T20:00:00Z'), rule, s1)).toBe(false); // 03:00 on 05/06 in Vietnam
  });

  it('reads the Vietnam calendar date of an instant', () => {
    expect(vietnamDate(new Date('2023-06-05T16:59:59Z'))).toBe('2023-06-05');
    expect(vietnamDate(new Date('2023-06-05T17:00:00Z'))).toBe('2023-06-06');
    expect(vietnamDate(new Date('2023-12-31T17:00:00Z'))).toBe('2024-01-01');
  });

  it('lists reminder days earliest first, each offset once', () => {
    expect(reminderDates('2023-06-05', [-3, 0, -7, -3, 1])).toEqual([
      { offset: -7, date: '2023-05-29' },
      { offset: -3, date: '2023-06-02' },
      { offset: 0, date: '2023-06-05' },
      { offset: 1, date: '2023-06-06' },
    ]);
    expect(reminderDates('2023-06-05', [])).toEqual([]);
  });
});
