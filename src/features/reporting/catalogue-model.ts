/**
 * What the catalogue editor refuses, as pure functions: an indicator whose type, aggregation, source, formula or
 * "of which" link does not hold together; a period type that does not cover the year (periods.ts); a form version whose
 * indicators, formulas, rules, period type or unit types are not in the catalogue. Each problem names its field (the
 * request's path) and says in Vietnamese what to change.
 */
import { formatDate } from '../../lib/dates';
import { cycleMessage, formulaOrder, parseFormula } from './formula';
import type { Aggregation, Indicator, ValidationRule, ValueType } from './model';
import { validatePeriodType, type PeriodTypeDefinition } from './periods';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An indicator as the editor sees it: the model's fields and its dates. */
export type CatalogueIndicator = Indicator & { validFrom: string; validTo: string };

/** The aggregations that make sense for each value type (a text is never added up; a yes/no is counted). */
export const AGGREGATIONS_OF: Record<ValueType, readonly Aggregation[]> = {
  count: ['sum', 'average', 'min', 'max', 'none'],
  money: ['sum', 'average', 'min', 'max', 'none'],
  percent: ['average', 'min', 'max', 'none'],
  boolean: ['count_true', 'none'],
  text: ['none'],
};

const VALUE_TYPE_NAMES: Record<ValueType, string> = {
  count: 'số đếm',
  money: 'tiền',
  percent: 'tỷ lệ',
  boolean: 'có/không',
  text: 'chữ',
};

export function aggregationProblem(valueType: ValueType, aggregation: Aggregation): FieldProblem | null {
  if (AGGREGATIONS_OF[valueType].includes(aggregation)) return null;
  return {
    field: 'aggregation',
    message: `Chỉ tiêu kiểu ${VALUE_TYPE_NAMES[valueType]} không tổng hợp theo "${aggregation}"; chọn ${AGGREGATIONS_OF[valueType].join(', ')}.`,
  };
}

export interface IndicatorDraft {
  code: string;
  valueType: ValueType;
  aggregation: Aggregation;
  source: Indicator['source'];
  registryKey: string | null;
  formula: string | null;
  parentCode: string | null;
  partRule: 'le' | 'sum' | null;
}

/**
 * A new indicator against the catalogue: its aggregation fits its type; a registry figure names its key, a formula
 * parses, names only indicators of the catalogue and closes no cycle; an "of which" part names an existing whole of
 * the same type with its check.
 */
export function indicatorProblems(
  draft: IndicatorDraft,
  catalogue: ReadonlyMap<string, CatalogueIndicator>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (catalogue.has(draft.code))
    problems.push({ field: 'code', message: `Mã chỉ tiêu "${draft.code}" đã có trong danh mục.` });
  const aggregation = aggregationProblem(draft.valueType, draft.aggregation);
  if (aggregation) problems.push(aggregation);
  if (draft.source === 'registry' && !draft.registryKey)
    problems.push({ field: 'registryKey', message: 'Chỉ tiêu lấy từ sổ đoàn viên cần chọn số liệu lấy.' });
  if (draft.source !== 'registry' && draft.registryKey)
    problems.push({
      field: 'registryKey',
      message: 'Chỉ chỉ tiêu lấy từ sổ đoàn viên mới chọn số liệu lấy.',
    });
  if (draft.source === 'formula') {
    if (!draft.formula)
      problems.push({ field: 'formula', message: 'Chỉ tiêu tính theo công thức cần nhập công thức.' });
    else problems.push(...formulaProblems(draft.code, draft.formula, catalogue));
    if (draft.valueType === 'text' || draft.valueType === 'boolean')
      problems.push({
        field: 'valueType',
        message: 'Công thức cho ra một số: chọn số đếm, tiền hoặc tỷ lệ.',
      });
  } else if (draft.formula)
    problems.push({ field: 'formula', message: 'Chỉ chỉ tiêu tính theo công thức mới có công thức.' });
  if (draft.parentCode) {
    const parent = catalogue.get(draft.parentCode);
    if (!parent)
      problems.push({
        field: 'parentCode',
        message: `Chỉ tiêu "${draft.parentCode}" (chỉ tiêu tổng) không có trong danh mục.`,
      });
    else if (parent.valueType !== draft.valueType)
      problems.push({
        field: 'parentCode',
        message: `Phần "trong đó" phải cùng kiểu giá trị với "${parent.nameVi}" (${VALUE_TYPE_NAMES[parent.valueType]}).`,
      });
    if (!draft.partRule)
      problems.push({
        field: 'partRule',
        message:
          'Chọn cách kiểm tra phần "trong đó": không lớn hơn tổng (le) hoặc các phần cộng lại bằng tổng (sum).',
      });
  } else if (draft.partRule)
    problems.push({
      field: 'partRule',
      message: 'Chỉ phần "trong đó" (có chỉ tiêu tổng) mới có cách kiểm tra.',
    });
  return problems;
}

/** A formula of `code`: it parses, its references are in the catalogue, and it closes no cycle with the others. */
export function formulaProblems(
  code: string,
  formula: string,
  catalogue: ReadonlyMap<string, CatalogueIndicator>,
): FieldProblem[] {
  const parsed = parseFormula(formula);
  if (!parsed.ok) return [{ field: 'formula', message: parsed.message }];
  const unknown = parsed.references.filter((r) => r !== code && !catalogue.has(r));
  if (unknown.length)
    return [
      {
        field: 'formula',
        message: `Công thức nhắc tới chỉ tiêu không có trong danh mục: ${unknown.map((u) => `"${u}"`).join(', ')}.`,
      },
    ];
  const references = new Map<string, string[]>();
  for (const i of catalogue.values()) {
    if (i.source !== 'formula' || !i.formula || i.code === code) continue;
    const other = parseFormula(i.formula);
    if (other.ok) references.set(i.code, other.references);
  }
  references.set(code, parsed.references);
  const order = formulaOrder(references);
  return order.ok ? [] : [{ field: 'formula', message: cycleMessage(order.cycle) }];
}

/** validatePeriodType's problems, each under the field it is about. */
export function periodTypeProblems(definition: PeriodTypeDefinition): FieldProblem[] {
  return validatePeriodType(definition).map((message) => ({ field: fieldOfPeriodProblem(message), message }));
}

function fieldOfPeriodProblem(message: string): string {
  if (message.startsWith('Mã kiểu kỳ')) return 'id';
  if (message.startsWith('Kiểu mã') && message.includes('không có')) return 'definition.codeStyle';
  if (message.startsWith('Nhiệm kỳ cần độ dài')) return 'definition.termYears';
  if (message.startsWith('Nhiệm kỳ cần một năm')) return 'definition.termAnchorYear';
  const part = /phần (\d+)/.exec(message);
  if (part) return `definition.parts.${Number(part[1]) - 1}`;
  return 'definition.parts';
}

export interface VersionDraft {
  validFrom: string;
  periodTypeId: string;
  fillerTypes: readonly string[];
  sections: readonly { titleVi: string; titleEn: string; indicators: readonly string[] }[];
  rules: readonly ValidationRule[];
}

/**
 * A form version against the catalogue on its first day: its period type and unit types exist; every indicator is
 * in the catalogue and in use that day, once; an "of which" part comes with its whole and a formula with what it
 * reads; each rule names indicators of the version.
 */
export function versionProblems(
  draft: VersionDraft,
  catalogue: {
    indicators: ReadonlyMap<string, CatalogueIndicator>;
    periodTypes: ReadonlySet<string>;
    unitTypes: ReadonlySet<string>;
  },
  prefix = '',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `${prefix}${field}`;
  if (!catalogue.periodTypes.has(draft.periodTypeId))
    problems.push({
      field: at('periodTypeId'),
      message: `Kiểu kỳ "${draft.periodTypeId}" không có trong danh mục.`,
    });
  draft.fillerTypes.forEach((t, n) => {
    if (!catalogue.unitTypes.has(t))
      problems.push({ field: at(`fillerTypes.${n}`), message: `Loại đơn vị "${t}" không có.` });
  });
  const placed = new Map<string, string>();
  draft.sections.forEach((section, s) =>
    section.indicators.forEach((code, n) => {
      const field = at(`sections.${s}.indicators.${n}`);
      const indicator = catalogue.indicators.get(code);
      if (!indicator) {
        problems.push({ field, message: `Chỉ tiêu "${code}" không có trong danh mục.` });
        return;
      }
      if (placed.has(code)) {
        problems.push({ field, message: `Chỉ tiêu "${indicator.nameVi}" đã có ở phần khác của biểu mẫu.` });
        return;
      }
      if (!(indicator.validFrom <= draft.validFrom && draft.validFrom < indicator.validTo))
        problems.push({
          field,
          message:
            indicator.validTo <= draft.validFrom
              ? `Chỉ tiêu "${indicator.nameVi}" đã ngừng sử dụng từ ${formatDate(indicator.validTo)}.`
              : `Chỉ tiêu "${indicator.nameVi}" chỉ dùng từ ${formatDate(indicator.validFrom)}.`,
        });
      placed.set(code, field);
    }),
  );
  for (const [code, field] of placed) {
    const indicator = catalogue.indicators.get(code)!;
    if (indicator.parentCode && !placed.has(indicator.parentCode))
      problems.push({
        field,
        message: `"${indicator.nameVi}" là phần "trong đó" của "${nameOf(indicator.parentCode, catalogue.indicators)}": hãy thêm chỉ tiêu tổng vào biểu mẫu.`,
      });
    if (indicator.source === 'formula' && indicator.formula) {
      const parsed = parseFormula(indicator.formula);
      const missing = parsed.ok ? parsed.references.filter((r) => !placed.has(r)) : [];
      if (missing.length)
        problems.push({
          field,
          message: `Công thức của "${indicator.nameVi}" cần ${missing.map((m) => `"${nameOf(m, catalogue.indicators)}"`).join(', ')}: hãy thêm vào biểu mẫu.`,
        });
    }
  }
  draft.rules.forEach((rule, n) => {
    const codes =
      rule.kind === 'le'
        ? [
            ['left', rule.left],
            ['right', rule.right],
          ]
        : (rule.indicators ?? []).map((c, i) => [`indicators.${i}`, c]);
    for (const [key, code] of codes)
      if (!placed.has(code!))
        problems.push({
          field: at(`rules.${n}.${key}`),
          message: `Quy tắc kiểm tra nhắc tới chỉ tiêu "${code}" không có trong biểu mẫu.`,
        });
  });
  return problems;
}

function nameOf(code: string, indicators: ReadonlyMap<string, CatalogueIndicator>): string {
  return indicators.get(code)?.nameVi ?? code;
}
