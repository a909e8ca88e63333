/**
 * The organisation's refusals, in one place, each in Vietnamese and English. A code without both messages does not
 * compile (`satisfies`); every refusal of the tree's use-cases is built here, so none names a unit by its id.
 * The HTTP answer carries the problem's field and its Vietnamese message (platform/errors.ts `Problem`); the English
 * text is kept beside it for when problems travel in both languages.
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
} as const satisfies Record<string, Message>;

export type OrgProblemCode = keyof typeof orgProblems;

type Params = Record<string, string | number>;

export function renderOrgProblem(code: OrgProblemCode, params: Params, lang: 'vi' | 'en'): string {
  const template: string = orgProblems[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** One problem with one field, in the house's shape (Vietnamese message). */
export function orgProblem(field: string, code: OrgProblemCode, params: Params = {}): Problem {
  return { field, message: renderOrgProblem(code, params, 'vi') };
}

/** A refusal of the input (400) naming the field at fault. */
export function invalidOrgInput(field: string, code: OrgProblemCode, params: Params = {}): AppError {
  return new AppError('validation_failed', {}, [orgProblem(field, code, params)]);
}
