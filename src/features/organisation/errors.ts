/**
 * The organisation's refusals, in one place, each in Vietnamese and English. A code without both messages does not
 * compile (`satisfies`); every refusal of the tree's use-cases is built here, so none names a unit by its id.
 * Each problem travels with its code and both messages (platform/errors.ts `Problem`), so the web shows it in the
 * reader's language.
 */
import { AppError, type Problem } from '../../platform/errors';

interface Message {
  vi: string;
  en: string;
}

export const orgProblems = {
  unknown_new_unit: {
    vi: 'Chưa có đơn vị mới "{key}" trước khi dùng làm cấp trên.',
    en: 'The new unit "{key}" is not declared before it is used as a parent.',
  },
  unknown_type: { vi: 'Loại đơn vị "{type}" không tồn tại.', en: 'Unit type "{type}" does not exist.' },
  type_not_current: {
    vi: 'Loại "{type}" không còn áp dụng vào ngày {date}.',
    en: 'Type "{type}" no longer applies on {date}.',
  },
  unknown_sector: {
    vi: 'Khu vực "{sector}" không có trong danh mục khu vực.',
    en: 'Sector "{sector}" is not in the list of sectors.',
  },
  sector_not_current: {
    vi: 'Khu vực "{sector}" không áp dụng vào ngày {date}.',
    en: 'Sector "{sector}" does not apply on {date}.',
  },
  sector_dates_reversed: {
    vi: 'Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.',
    en: 'The end date must come after the start date.',
  },
  name_too_short: {
    vi: 'Tên đơn vị phải có ít nhất 3 ký tự.',
    en: 'A unit name needs at least 3 characters.',
  },
  same_name: {
    vi: 'Tên mới trùng với tên đơn vị đang mang vào ngày {date} ("{name}"); không có gì để đổi.',
    en: 'The new name is the one the unit already bears on {date} ("{name}"); nothing to rename.',
  },
  moved_twice: {
    vi: 'Mỗi đơn vị chỉ được chuyển một lần trong cùng một thao tác.',
    en: 'Each unit may be moved only once in one operation.',
  },
  already_under: {
    vi: '"{unit}" đã trực thuộc "{parent}" vào ngày {date}.',
    en: '"{unit}" is already under "{parent}" on {date}.',
  },
  empty_plan: {
    vi: 'Quyết định chưa có thay đổi nào (không thành lập, đổi tên, chuyển hay giải thể đơn vị nào); chưa ghi nhận.',
    en: 'The decision changes nothing (no unit founded, renamed, moved or dissolved); nothing was recorded.',
  },
  no_merged_units: {
    vi: 'Chọn ít nhất một đơn vị được sáp nhập.',
    en: 'Choose at least one unit to merge.',
  },
  target_among_merged: {
    vi: 'Đơn vị nhận sáp nhập không được nằm trong danh sách bị sáp nhập.',
    en: 'The receiving unit cannot be one of the merged units.',
  },
  no_merge_target: {
    vi: 'Chọn đơn vị nhận sáp nhập hoặc khai báo đơn vị mới.',
    en: 'Choose the receiving unit or declare a new one.',
  },
  no_new_units: { vi: 'Cần ít nhất một đơn vị mới.', en: 'At least one new unit is needed.' },
  no_destination: {
    vi: 'Mỗi đơn vị trực thuộc cần nơi chuyển đến.',
    en: 'Each sub-unit needs a destination.',
  },
  no_parent: { vi: 'Cần chọn đơn vị cấp trên.', en: 'Choose the parent unit.' },
  country_search_denied: {
    vi: 'Chỉ cán bộ được ghi biến động đoàn viên mới tìm được đơn vị ngoài phạm vi của mình.',
    en: 'Only officers who record member transfers may find units outside their scope.',
  },
  unknown_parent_type: {
    vi: 'Loại cấp trên "{type}" không tồn tại.',
    en: 'Parent type "{type}" does not exist.',
  },
  // Rows of a units file ("Dòng 12: Khu vực"): the message follows the column's name.
  row_code_empty: { vi: 'mã đơn vị không được để trống.', en: 'the unit code is empty.' },
  row_code_pattern: {
    vi: '"{code}" chỉ gồm {min}–{max} ký tự: chữ không dấu, số, dấu chấm, gạch.',
    en: '"{code}" may hold only {min}–{max} characters: letters without accents, digits, dot, dash.',
  },
  row_code_repeated: { vi: '"{code}" trùng với dòng {other}.', en: '"{code}" repeats row {other}.' },
  row_code_exists: { vi: '"{code}" đã có trong hệ thống.', en: '"{code}" already exists.' },
  row_name_too_short: {
    vi: 'phải có ít nhất {min} ký tự.',
    en: 'needs at least {min} characters.',
  },
  row_unknown_type: {
    vi: '"{type}" không có trong danh mục loại đơn vị.',
    en: '"{type}" is not in the list of unit types.',
  },
  row_bad_date: {
    vi: '"{value}" không phải ngày hợp lệ (dd/mm/yyyy).',
    en: '"{value}" is not a valid date (dd/mm/yyyy).',
  },
  row_unknown_sector: {
    vi: '"{sector}" không có trong danh mục khu vực ({sectors}).',
    en: '"{sector}" is not in the list of sectors ({sectors}).',
  },
  row_sector_not_current: {
    vi: '"{sector}" không áp dụng vào ngày thành lập {date}.',
    en: '"{sector}" does not apply on the founding date {date}.',
  },
  row_unknown_group: {
    vi: '"{group}" không có trong danh mục khối ({groups}).',
    en: '"{group}" is not in the list of groups ({groups}).',
  },
  row_unknown_parent: {
    vi: '"{code}" không có trong tệp hay trong hệ thống.',
    en: '"{code}" is neither in the file nor in the system.',
  },
  row_own_parent: { vi: 'đơn vị không thể trực thuộc chính nó.', en: 'a unit cannot sit under itself.' },
  row_parent_inactive: {
    vi: 'đơn vị cấp trên "{code}" không hoạt động vào ngày {date}.',
    en: 'the parent unit "{code}" is not active on {date}.',
  },
  row_type_not_allowed: {
    vi: '"{child}" không được trực thuộc "{parent}" vào ngày {date}.',
    en: '"{child}" may not sit under "{parent}" on {date}.',
  },
} as const satisfies Record<string, Message>;

export type OrgProblemCode = keyof typeof orgProblems;

type Params = Record<string, string | number>;

export function renderOrgProblem(code: OrgProblemCode, params: Params, lang: 'vi' | 'en'): string {
  const template: string = orgProblems[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** One problem with one field, in the house's shape: its code, and its message in Vietnamese and in English. */
export function orgProblem(field: string, code: OrgProblemCode, params: Params = {}): Problem {
  return {
    field,
    code,
    message: renderOrgProblem(code, params, 'vi'),
    messageEn: renderOrgProblem(code, params, 'en'),
  };
}

/**
 * One problem of a row of a units file, as data: the row as the file shows it, the column's header (the file's
 * own words), the code and both messages; `field` keeps the "Dòng 12: Khu vực" people read in Vietnamese.
 */
export function orgRowProblem(
  row: number,
  column: string,
  code: OrgProblemCode,
  params: Params = {},
): Problem {
  return { ...orgProblem(`Dòng ${row}: ${column}`, code, params), row, column };
}

/** A refusal of the input (400) naming the field at fault. */
export function invalidOrgInput(field: string, code: OrgProblemCode, params: Params = {}): AppError {
  return new AppError('validation_failed', {}, [orgProblem(field, code, params)]);
}
