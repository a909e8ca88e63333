/**
 * The rules of periodic reports as pure functions: what a value may be, the form's validation rules, how figures
 * aggregate up the tree, how a report's status moves and which roll-up bases it counts in, and how a unit's report
 * counts for completeness. No I/O (`npm run mutate` keeps the tests honest).
 */
import { formatNumber } from '../../lib/numbers';

export const VALUE_TYPES = ['count', 'money', 'percent', 'boolean', 'text'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const AGGREGATIONS = ['sum', 'average', 'min', 'max', 'count_true', 'none'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const SOURCES = ['typed', 'registry', 'formula'] as const;
export type Source = (typeof SOURCES)[number];

export const MEASURES = ['người', 'đơn vị', 'đồng', 'suất', 'căn', 'lượt', 'cuộc', 'lớp', '%', ''] as const;

/**
 * Figures the registry and the tree give for a period (never typed): people at the period's end, movements during it,
 * grassroots unions alive at its end and founded or dissolved during it. `registry_arg` narrows some of them (a sector).
 */
export const REGISTRY_KEYS = [
  'members_end',
  'members_female_end',
  'admitted',
  'left',
  'transferred_in',
  'transferred_out',
  'cdcs_end',
  'cdcs_founded',
  'cdcs_dissolved',
] as const;
export type RegistryKey = (typeof REGISTRY_KEYS)[number];

export const STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ReportStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<ReportStatus, string> = {
  draft: 'Đang nhập',
  submitted: 'Đã nộp',
  approved: 'Đã duyệt',
  returned: 'Bị trả lại',
};

export const BASES = ['submitted', 'approved'] as const;
export type Basis = (typeof BASES)[number];

export interface Indicator {
  code: string;
  nameVi: string;
  nameEn: string;
  measure: string;
  valueType: ValueType;
  aggregation: Aggregation;
  source: Source;
  registryKey: string | null;
  registryArg: string | null;
  formula: string | null;
  parentCode: string | null;
  /** How an "of which" part is checked against its whole: each at most the whole, or the parts add up to it. */
  partRule: 'le' | 'sum' | null;
  phraseVi: string | null;
  worthOf: string | null;
}

/** A value as stored: numbers (booleans as 1 and 0) in `num`, text in `txt`. */
export interface StoredValue {
  num: number | null;
  txt: string | null;
}

/** A form's validation rules, as data. `le`: left ≤ right; `change`: a warning when a value moves past the factor. */
export type ValidationRule =
  | { kind: 'le'; left: string; right: string; severity?: 'error' | 'warning' }
  | { kind: 'change'; factor: number; indicators?: string[]; severity?: 'error' | 'warning' };

export interface Problem {
  indicator: string;
  severity: 'error' | 'warning';
  message: string;
}

const MAX_TEXT = 4000;
/** Money and counts stay far below 2^53 (the national budget in VND is ~10^15). */
const MAX_NUMBER = 1e15;

/**
 * Reads what a person typed for an indicator. Counts and money are non-negative integers (Vietnamese thousands dots
 * allowed: "52.500.000"), percentages 0–100 with a decimal comma or point, yes/no as có/không. An empty value is no
 * value. A message names the indicator.
 */
export function readValue(
  indicator: Pick<Indicator, 'nameVi' | 'valueType'>,
  raw: string | number | boolean | null | undefined,
): { ok: true; value: StoredValue | null } | { ok: false; message: string } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === ''))
    return { ok: true, value: null };
  const name = indicator.nameVi;
  switch (indicator.valueType) {
    case 'text': {
      const text = String(raw).normalize('NFC').trim();
      if (text.length > MAX_TEXT) return { ok: false, message: `"${name}" dài quá ${MAX_TEXT} ký tự.` };
      return { ok: true, value: { num: null, txt: text } };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: { num: raw ? 1 : 0, txt: null } };
      const word = String(raw).trim().toLowerCase().normalize('NFC');
      if (['có', 'co', 'x', '1', 'true', 'yes'].includes(word))
        return { ok: true, value: { num: 1, txt: null } };
      if (['không', 'khong', '0', 'false', 'no'].includes(word))
        return { ok: true, value: { num: 0, txt: null } };
      return { ok: false, message: `"${name}" chỉ nhận "Có" hoặc "Không".` };
    }
    case 'count':
    case 'money': {
      const n = typeof raw === 'number' ? raw : readVietnameseInteger(String(raw));
      if (n === null || !Number.isInteger(n) || n < 0 || n > MAX_NUMBER)
        return {
          ok: false,
          message:
            indicator.valueType === 'money'
              ? `"${name}" phải là số tiền (đồng), số nguyên không âm, ví dụ 52.500.000.`
              : `"${name}" phải là số nguyên không âm.`,
        };
      return { ok: true, value: { num: n, txt: null } };
    }
    case 'percent': {
      const n = typeof raw === 'number' ? raw : Number(String(raw).trim().replace('%', '').replace(',', '.'));
      if (!Number.isFinite(n) || n < 0 || n > 100)
        return { ok: false, message: `"${name}" phải là tỷ lệ từ 0 đến 100 (%).` };
      return { ok: true, value: { num: Math.round(n * 100) / 100, txt: null } };
    }
  }
}

function readVietnameseInteger(text: string): number | null {
  const t = text.trim().replace(/\s|đ$/giu, '');
  if (!/^\d{1,3}(\.\d{3})*$|^\d+$/u.test(t)) return null;
  return Number(t.replace(/\./gu, ''));
}

/**
 * The problems of a report before it is submitted: "of which" parts against their wholes, the form's rules, and a
 * warning for a value over `factor` times (or under 1/`factor` of) last period's. Errors stop the submission; warnings
 * are shown and let it go.
 */
export function checkReport(
  indicators: readonly Indicator[],
  values: ReadonlyMap<string, number | null>,
  rules: readonly ValidationRule[],
  lastPeriod: ReadonlyMap<string, number | null> = new Map(),
): Problem[] {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const problems: Problem[] = [];
  const name = (code: string) => byCode.get(code)?.nameVi ?? code;
  const parts = new Map<string, Indicator[]>();
  for (const i of indicators)
    if (i.parentCode && byCode.has(i.parentCode))
      parts.set(i.parentCode, [...(parts.get(i.parentCode) ?? []), i]);
  for (const [wholeCode, list] of parts) {
    const whole = values.get(wholeCode);
    if (whole === null || whole === undefined) continue;
    for (const part of list) {
      const v = values.get(part.code);
      if (v !== null && v !== undefined && v > whole)
        problems.push({
          indicator: part.code,
          severity: 'error',
          message: `"${part.nameVi}" (${formatNumber(v)}) lớn hơn "${name(wholeCode)}" (${formatNumber(whole)}).`,
        });
    }
    const summed = list.filter((p) => p.partRule === 'sum');
    if (summed.length > 0 && summed.every((p) => values.get(p.code) != null)) {
      const sum = summed.reduce((s, p) => s + (values.get(p.code) ?? 0), 0);
      if (sum !== whole)
        problems.push({
          indicator: wholeCode,
          severity: 'error',
          message: `Cộng các phần của "${name(wholeCode)}" được ${formatNumber(sum)}, khác tổng ${formatNumber(whole)}.`,
        });
    }
  }
  for (const rule of rules) {
    const severity = rule.severity ?? (rule.kind === 'le' ? 'error' : 'warning');
    if (rule.kind === 'le') {
      const left = values.get(rule.left);
      const right = values.get(rule.right);
      if (left != null && right != null && left > right)
        problems.push({
          indicator: rule.left,
          severity,
          message: `"${name(rule.left)}" (${formatNumber(left)}) không được lớn hơn "${name(rule.right)}" (${formatNumber(right)}).`,
        });
    } else {
      const codes = rule.indicators ?? indicators.filter((i) => i.source === 'typed').map((i) => i.code);
      for (const code of codes) {
        const now = values.get(code);
        const before = lastPeriod.get(code);
        if (now == null || before == null || before === 0) continue;
        if (now > before * rule.factor || now * rule.factor < before)
          problems.push({
            indicator: code,
            severity,
            message: `"${name(code)}" là ${formatNumber(now)}, ${now > before ? 'gấp hơn ' : 'chưa bằng 1/'}${formatNumber(rule.factor)}${now > before ? ' lần' : ''} kỳ trước (${formatNumber(before)}): hãy kiểm tra lại.`,
          });
      }
    }
  }
  return problems;
}

/** The aggregate of the units below kept for an indicator: their sum, how many gave a value, the least and greatest. */
export interface Aggregate {
  total: number;
  reported: number;
  min: number | null;
  max: number | null;
}

export const EMPTY_AGGREGATE: Aggregate = { total: 0, reported: 0, min: null, max: null };

export function aggregateOf(values: readonly number[]): Aggregate {
  if (values.length === 0) return EMPTY_AGGREGATE;
  return {
    total: values.reduce((s, v) => s + v, 0),
    reported: values.length,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** One aggregate and another (the unit's own value and the roll-up of the units below it, say). */
export function combineAggregates(a: Aggregate, b: Aggregate): Aggregate {
  return {
    total: a.total + b.total,
    reported: a.reported + b.reported,
    min: a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min),
    max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
  };
}

/** The figure an aggregate shows under the indicator's aggregation (null: nothing to show). */
export function figureOf(aggregation: Aggregation, agg: Aggregate): number | null {
  if (agg.reported === 0) return null;
  switch (aggregation) {
    case 'sum':
    case 'count_true':
      return agg.total;
    case 'average':
      return Math.round((agg.total / agg.reported) * 100) / 100;
    case 'min':
      return agg.min;
    case 'max':
      return agg.max;
    case 'none':
      return null;
  }
}

/** A figure against its target as a ratio (0,583 is "đạt 58,3% chỉ tiêu"); none without a positive target. */
export function rateOf(figure: number | null, target: number | null): number | null {
  if (figure === null || target === null || target <= 0) return null;
  return figure / target;
}

/** Which bases a report counts in, by status: submitted counts a submitted or approved report, approved only those. */
export function basesOf(status: ReportStatus): Basis[] {
  if (status === 'approved') return ['submitted', 'approved'];
  if (status === 'submitted') return ['submitted'];
  return [];
}

/** The moves a report's status may make, and who makes them. */
export const TRANSITIONS = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  reopen: { from: ['approved'], to: 'returned' },
} as const satisfies Record<string, { from: readonly ReportStatus[]; to: ReportStatus }>;
export type Transition = keyof typeof TRANSITIONS;

/** Values may be changed while a report is a draft or returned; a submitted report is withdrawn by returning it. */
export function isEditable(status: ReportStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/**
 * How a unit's report counts for completeness. A report counts once submitted (approved included); a report handed
 * in on paper counts from the day the upper union received it. On time means on or before the deadline date.
 */
export type Timeliness = 'on_time' | 'late' | 'missing';

export function timelinessOf(
  submission: { status: ReportStatus; submittedOn: string | null; receivedOn: string | null } | undefined,
  deadline: string,
): Timeliness {
  if (!submission || (submission.status !== 'submitted' && submission.status !== 'approved'))
    return 'missing';
  const day = submission.receivedOn ?? submission.submittedOn;
  if (day === null) return 'missing';
  return day <= deadline ? 'on_time' : 'late';
}

export interface Completeness {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  approved: number;
  /** submitted / expected, never above 1: only expected units enter the numerator. */
  rate: number | null;
  onTimeRate: number | null;
}

export function completenessOf(
  outcomes: readonly { timeliness: Timeliness; approved: boolean }[],
): Completeness {
  const onTime = outcomes.filter((o) => o.timeliness === 'on_time').length;
  const late = outcomes.filter((o) => o.timeliness === 'late').length;
  const expected = outcomes.length;
  const submitted = onTime + late;
  return {
    expected,
    submitted,
    onTime,
    late,
    missing: expected - submitted,
    approved: outcomes.filter((o) => o.approved && o.timeliness !== 'missing').length,
    rate: expected === 0 ? null : submitted / expected,
    onTimeRate: expected === 0 ? null : onTime / expected,
  };
}

/**
 * A unit is expected to file a form for a period when it was alive on the period's last day and its type is one the
 * form's version of that day assigns. A unit founded after the period or ended before its last day (merged or
 * dissolved: its successor reports) is not.
 */
export function isExpected(
  unit: { typeId: string; foundedOn: string; endedOn: string },
  fillerTypes: readonly string[],
  periodEnd: string,
): boolean {
  return fillerTypes.includes(unit.typeId) && unit.foundedOn <= periodEnd && periodEnd < unit.endedOn;
}
