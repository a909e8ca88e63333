/**
 * Reporting periods as data: a period type is a stored definition (its code style and the parts of one year), so
 * every function here reads the definition it is given and knows no type by name. Dates are ISO calendar dates,
 * deadlines Vietnam time (UTC+7, no daylight saving).
 */
import { addDays, dayBefore } from '../../lib/dates';

export interface DayOfYear {
  month: number;
  /** A day past the month's end reads as its last day: 31 is the last day of any month, 29/2 is 28/2 in 2023. */
  day: number;
  /** -1: the day falls in the year before the period's year */
  yearOffset?: -1 | 0;
}

export type CodeStyle = 'year' | 'half' | 'quarter' | 'month' | 'term';

export interface PeriodTypeDefinition {
  id: string;
  /** How a code is written: 'year' → "2023"; 'half' → "2023S1"; 'quarter' → "2023Q1"; 'month' → "202305"; 'term' → "2023-2028" */
  codeStyle: CodeStyle;
  /** The parts of one year, numbered from 1 (a year has one part; a half-year type two; quarter four; month twelve). */
  parts: { n: number; start: DayOfYear; end: DayOfYear }[];
  /** For 'term': its length in years and a year a term starts in (terms 2023–2028, 2028–2033 …). */
  termYears?: number;
  termAnchorYear?: number;
}

export interface Period {
  code: string;
  typeId: string;
  /** The year the code names (for a term, its first congress year). */
  year: number;
  /** The part of the year, from 1 (always 1 for a term). */
  n: number;
  /** ISO dates, both inclusive. */
  start: string;
  end: string;
  labelVi: string;
  labelEn: string;
}

/** Codes name years in this range; a code outside it is a typing slip, not a period. */
export const FIRST_PERIOD_YEAR = 1900;
export const LAST_PERIOD_YEAR = 2200;

/** How many parts a year has under each code style. */
export const PARTS_OF_STYLE: Record<CodeStyle, number> = { year: 1, half: 2, quarter: 4, month: 12, term: 1 };

const calendarMonths = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * The seeded period types. A term code names its two congress years: "2023-2028" runs from 01/01/2023 to
 * 31/12/2027, and the next term "2028-2033" starts on 01/01/2028, so that every day lies in exactly one term.
 */
export const DEFAULT_PERIOD_TYPES: PeriodTypeDefinition[] = [
  {
    id: 'half_year',
    codeStyle: 'half',
    parts: [
      { n: 1, start: { month: 1, day: 1 }, end: { month: 6, day: 30 } },
      { n: 2, start: { month: 7, day: 1 }, end: { month: 12, day: 31 } },
    ],
  },
  {
    // Mẫu 2-HĐCĐ counts the union's half-years from 1 December of the year before.
    id: 'union_half_year',
    codeStyle: 'half',
    parts: [
      { n: 1, start: { month: 12, day: 1, yearOffset: -1 }, end: { month: 5, day: 31 } },
      { n: 2, start: { month: 6, day: 1 }, end: { month: 11, day: 30 } },
    ],
  },
  {
    id: 'year',
    codeStyle: 'year',
    parts: [{ n: 1, start: { month: 1, day: 1 }, end: { month: 12, day: 31 } }],
  },
  {
    id: 'quarter',
    codeStyle: 'quarter',
    parts: [1, 2, 3, 4].map((n) => ({
      n,
      start: { month: 3 * n - 2, day: 1 },
      end: { month: 3 * n, day: 31 },
    })),
  },
  {
    id: 'month',
    codeStyle: 'month',
    parts: calendarMonths.map((m) => ({ n: m, start: { month: m, day: 1 }, end: { month: m, day: 31 } })),
  },
  {
    id: 'term',
    codeStyle: 'term',
    parts: [{ n: 1, start: { month: 1, day: 1 }, end: { month: 12, day: 31 } }],
    termYears: 5,
    termAnchorYear: 2023,
  },
];

const pad2 = (n: number): string => String(n).padStart(2, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO date of a day of the year under the period year `year`. */
export function dateOfDay(day: DayOfYear, year: number): string {
  const y = year + (day.yearOffset ?? 0);
  const d = Math.min(day.day, daysInMonth(y, day.month));
  return `${String(y).padStart(4, '0')}-${pad2(day.month)}-${pad2(d)}`;
}

const ROMAN = ['I', 'II', 'III', 'IV'];
const MONTHS_EN = [
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
];

function termLength(type: PeriodTypeDefinition): number {
  return type.termYears ?? 5;
}

function codeOf(type: PeriodTypeDefinition, year: number, n: number): string {
  switch (type.codeStyle) {
    case 'year':
      return String(year);
    case 'half':
      return `${year}S${n}`;
    case 'quarter':
      return `${year}Q${n}`;
    case 'month':
      return `${year}${pad2(n)}`;
    case 'term':
      return `${year}-${year + termLength(type)}`;
  }
}

function labelsOf(type: PeriodTypeDefinition, year: number, n: number): { labelVi: string; labelEn: string } {
  switch (type.codeStyle) {
    case 'year':
      return { labelVi: `Năm ${year}`, labelEn: `Year ${year}` };
    case 'half':
      return n === 1
        ? { labelVi: `6 tháng đầu năm ${year}`, labelEn: `First half of ${year}` }
        : { labelVi: `6 tháng cuối năm ${year}`, labelEn: `Second half of ${year}` };
    case 'quarter':
      return { labelVi: `Quý ${ROMAN[n - 1]}/${year}`, labelEn: `Q${n} ${year}` };
    case 'month':
      return { labelVi: `Tháng ${n}/${year}`, labelEn: `${MONTHS_EN[n - 1]} ${year}` };
    case 'term': {
      const last = year + termLength(type);
      return { labelVi: `Nhiệm kỳ ${year}–${last}`, labelEn: `Term ${year}–${last}` };
    }
  }
}

/** The period of part `n` of `year`, without the range check of codes (a valid definition is assumed). */
function periodOf(type: PeriodTypeDefinition, year: number, n: number): Period {
  const part = type.parts.find((p) => p.n === n);
  if (!part) throw new Error(`Kiểu kỳ '${type.id}' không có phần ${n}.`);
  const start = dateOfDay(part.start, year);
  // A term ends the day before the next term starts, whatever its single part says about its last year.
  const end =
    type.codeStyle === 'term'
      ? dayBefore(dateOfDay(part.start, year + termLength(type)))
      : dateOfDay(part.end, year);
  return { code: codeOf(type, year, n), typeId: type.id, year, n, start, end, ...labelsOf(type, year, n) };
}

const CODE_PATTERNS: Record<CodeStyle, RegExp> = {
  year: /^(\d{4})$/,
  half: /^(\d{4})S(\d)$/,
  quarter: /^(\d{4})Q(\d)$/,
  month: /^(\d{4})(\d{2})$/,
  term: /^(\d{4})-(\d{4})$/,
};

function inRange(year: number): boolean {
  return year >= FIRST_PERIOD_YEAR && year <= LAST_PERIOD_YEAR;
}

/** A term is read when one of its years lies in the range: 1898–1903 holds the years 1900 to 1902. */
function termInRange(type: PeriodTypeDefinition, firstYear: number): boolean {
  return inRange(firstYear) || inRange(firstYear + termLength(type) - 1);
}

function isTermStart(type: PeriodTypeDefinition, year: number): boolean {
  const anchor = type.termAnchorYear ?? year;
  return (((year - anchor) % termLength(type)) + termLength(type)) % termLength(type) === 0;
}

/** Reads a code under the type ("2023s1" is read as "2023S1"); null when the code does not fit the type. */
export function parsePeriod(type: PeriodTypeDefinition, code: string): Period | null {
  const text = code.trim().toUpperCase().replace(/[–—]/g, '-');
  const m = CODE_PATTERNS[type.codeStyle].exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (type.codeStyle === 'term') {
    if (Number(m[2]) !== year + termLength(type) || !isTermStart(type, year)) return null;
    return termInRange(type, year) ? periodOf(type, year, 1) : null;
  }
  if (!inRange(year)) return null;
  const n = m[2] === undefined ? 1 : Number(m[2]);
  if (!type.parts.some((p) => p.n === n)) return null;
  return periodOf(type, year, n);
}

/** The period of the type in which the day lies. */
export function periodContaining(type: PeriodTypeDefinition, isoDate: string): Period {
  const dateYear = Number(isoDate.slice(0, 4));
  const years =
    type.codeStyle === 'term'
      ? [termStartOf(type, dateYear), termStartOf(type, dateYear) - termLength(type)]
      : // A part may start in the year before its code's year (yearOffset -1): the code may name the next year.
        [dateYear, dateYear + 1, dateYear - 1];
  for (const year of years) {
    for (const part of type.parts) {
      const period = periodOf(type, year, part.n);
      if (period.start <= isoDate && isoDate <= period.end) return period;
    }
  }
  throw new Error(`Kiểu kỳ '${type.id}' không có kỳ nào chứa ngày ${isoDate}.`);
}

/** The first year of the term whose years include `year`. */
function termStartOf(type: PeriodTypeDefinition, year: number): number {
  const length = termLength(type);
  const anchor = type.termAnchorYear ?? year;
  return anchor + Math.floor((year - anchor) / length) * length;
}

/**
 * The periods whose code names the year, in order (for union_half_year, 2023S1 starts in December 2022). For a
 * term type: the one term whose years include the year.
 */
export function periodsOfYear(type: PeriodTypeDefinition, year: number): Period[] {
  if (type.codeStyle === 'term') return [periodOf(type, termStartOf(type, year), 1)];
  return [...type.parts].sort((a, b) => a.n - b.n).map((p) => periodOf(type, year, p.n));
}

/** The period just before; null before 1900. */
export function previousPeriod(type: PeriodTypeDefinition, period: Period): Period | null {
  if (type.codeStyle === 'term') {
    const year = period.year - termLength(type);
    return termInRange(type, year) ? periodOf(type, year, 1) : null;
  }
  const lower = type.parts.filter((p) => p.n < period.n).map((p) => p.n);
  if (lower.length > 0) return periodOf(type, period.year, Math.max(...lower));
  const year = period.year - 1;
  if (!inRange(year)) return null;
  return periodOf(type, year, Math.max(...type.parts.map((p) => p.n)));
}

/** The same part of the year before (Quý I/2023 → Quý I/2022); null for a term, which has no "last year". */
export function samePeriodLastYear(type: PeriodTypeDefinition, period: Period): Period | null {
  if (type.codeStyle === 'term') return null;
  const year = period.year - 1;
  return inRange(year) ? periodOf(type, year, period.n) : null;
}

const STYLE_NAMES_VI: Record<CodeStyle, string> = {
  year: 'năm',
  half: 'nửa năm',
  quarter: 'quý',
  month: 'tháng',
  term: 'nhiệm kỳ',
};

const isIntegerIn = (value: unknown, low: number, high: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high;

function dayProblem(day: DayOfYear | undefined, what: string): string | null {
  const offsetOk = day?.yearOffset === undefined || day.yearOffset === 0 || day.yearOffset === -1;
  if (day && isIntegerIn(day.month, 1, 12) && isIntegerIn(day.day, 1, 31) && offsetOk) return null;
  return `${what} không phải một ngày trong năm (tháng từ 1 đến 12, ngày từ 1 đến 31).`;
}

const viDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Whether the parts, read under `year`, tile the days from the first part's start to the next year's, in order. */
function coverageProblems(def: PeriodTypeDefinition, year: number): string[] {
  const parts = [...def.parts].sort((a, b) => a.n - b.n);
  const problems: string[] = [];
  const ranges = parts.map((p) => ({ n: p.n, start: dateOfDay(p.start, year), end: dateOfDay(p.end, year) }));
  for (const r of ranges) {
    if (r.end < r.start)
      problems.push(
        `Phần ${r.n} kết thúc (${viDate(r.end)}) trước khi bắt đầu (${viDate(r.start)}) trong năm ${year}.`,
      );
  }
  const nextYearStart = dateOfDay(parts[0]!.start, year + 1);
  ranges.forEach((r, i) => {
    const next = ranges[i + 1];
    const nextStart = next ? next.start : nextYearStart;
    const after = addDays(r.end, 1);
    const whose = next ? `phần ${r.n} và phần ${next.n}` : `phần ${r.n} và phần 1 của năm sau`;
    if (after < nextStart)
      problems.push(
        `Giữa ${whose} thiếu các ngày ${viDate(after)}–${viDate(dayBefore(nextStart))} (năm ${year}).`,
      );
    else if (after > nextStart)
      problems.push(
        `${whose[0]!.toUpperCase()}${whose.slice(1)} trùng nhau từ ${viDate(nextStart)} đến ${viDate(r.end)} (năm ${year}).`,
      );
  });
  return problems;
}

/**
 * The problems of a definition an administrator typed, in Vietnamese; empty when it can be used. Parts must be
 * numbered 1..k in date order and, except for a term, cover one year without gap or overlap — checked in a common
 * year and in a leap year, since a day past the end of February reads as its last day.
 */
export function validatePeriodType(def: PeriodTypeDefinition): string[] {
  const problems: string[] = [];
  if (typeof def.id !== 'string' || !/^[a-z][a-z0-9_]*$/.test(def.id))
    problems.push('Mã kiểu kỳ chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ.');
  if (!Object.hasOwn(PARTS_OF_STYLE, def.codeStyle)) {
    problems.push(`Kiểu mã '${String(def.codeStyle)}' không có; dùng year, half, quarter, month hoặc term.`);
    return problems;
  }
  const parts = Array.isArray(def.parts) ? def.parts : [];
  const expected = PARTS_OF_STYLE[def.codeStyle];
  if (parts.length !== expected)
    problems.push(
      `Kiểu mã '${STYLE_NAMES_VI[def.codeStyle]}' cần đúng ${expected} phần (đang có ${parts.length}).`,
    );
  const numbers = parts.map((p) => p.n);
  if (![...numbers].sort((a, b) => a - b).every((n, i) => n === i + 1))
    problems.push(
      `Các phần phải đánh số 1, 2, 3… không trùng, không bỏ số (đang có: ${numbers.join(', ')}).`,
    );
  for (const p of parts) {
    for (const problem of [
      dayProblem(p.start, `Ngày bắt đầu của phần ${p.n}`),
      dayProblem(p.end, `Ngày kết thúc của phần ${p.n}`),
    ]) {
      if (problem) problems.push(problem);
    }
  }
  if (def.codeStyle === 'term') {
    if (!isIntegerIn(def.termYears, 1, 20))
      problems.push('Nhiệm kỳ cần độ dài là số năm nguyên từ 1 đến 20.');
    if (!isIntegerIn(def.termAnchorYear, FIRST_PERIOD_YEAR, LAST_PERIOD_YEAR))
      problems.push(`Nhiệm kỳ cần một năm bắt đầu từ ${FIRST_PERIOD_YEAR} đến ${LAST_PERIOD_YEAR}.`);
    return problems;
  }
  if (problems.length > 0) return problems;
  // A common year first; the leap year only when the common one is right, so that one slip is told once.
  const common = coverageProblems(def, 2023);
  return common.length > 0 ? common : coverageProblems(def, 2024);
}

/** How long after a period's last day its report is due. */
export interface DeadlineRule {
  /** 5 → the 5th day after the period's last day; 0 → the last day itself. */
  daysAfterEnd: number;
}

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** The last day (ISO, Vietnam) a report of the period is on time. */
export function deadlineOf(rule: DeadlineRule, period: Period): string {
  return addDays(period.end, rule.daysAfterEnd);
}

/** The first late instant: 00:00 Vietnam time of the day after the deadline date. */
export function deadlineInstant(rule: DeadlineRule, period: Period): Date {
  const dayAfter = addDays(deadlineOf(rule, period), 1);
  return new Date(Date.parse(`${dayAfter}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

export function isLate(submittedAt: Date, rule: DeadlineRule, period: Period): boolean {
  return submittedAt.getTime() >= deadlineInstant(rule, period).getTime();
}

/** The ISO calendar date in Vietnam of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The days to remind on, offsets in days relative to the deadline (-3: three days before), earliest first, each
 * offset once.
 */
export function reminderDates(deadline: string, offsets: number[]): { offset: number; date: string }[] {
  return [...new Set(offsets)]
    .sort((a, b) => a - b)
    .map((offset) => ({ offset, date: addDays(deadline, offset) }));
}
