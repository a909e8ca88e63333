/**
 * Requests and answers of the catalogue editor (indicators, period types, forms and their versions), shared with the
 * web app. Messages are Vietnamese; the service's own checks (references, formulas, dates) answer in the same shape.
 */
import { z } from 'zod';
import { effectiveDate, isoDate, nameText, noteText, optionalText } from '../../lib/schemas';
import { formVersionView } from './contract';
import { AGGREGATIONS, REGISTRY_KEYS, SOURCES, VALUE_TYPES } from './model';

export const MAX_SECTIONS = 20;
export const MAX_SECTION_INDICATORS = 200;
export const MAX_RULES = 50;

const indicatorCode = z
  .string({ message: 'Nhập mã chỉ tiêu.' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, {
    message: 'Mã chỉ tiêu gồm 2–40 chữ thường không dấu, chữ số, dấu gạch dưới, bắt đầu bằng một chữ.',
  });
const formId = z
  .string({ message: 'Nhập mã biểu mẫu.' })
  .trim()
  .regex(/^[A-Z][A-Z0-9_-]{1,19}$/, {
    message:
      'Mã biểu mẫu gồm 2–20 chữ in hoa không dấu, chữ số, dấu gạch, bắt đầu bằng một chữ (ví dụ SK6T).',
  });
const periodTypeId = z
  .string({ message: 'Nhập mã kiểu kỳ.' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, {
    message: 'Mã kiểu kỳ gồm 2–40 chữ thường không dấu, chữ số, dấu gạch dưới, bắt đầu bằng một chữ.',
  });
const measure = z
  .string({ message: 'Nhập đơn vị tính.' })
  .trim()
  .max(20, { message: 'Đơn vị tính tối đa 20 ký tự.' });
const valueType = z.enum(VALUE_TYPES, {
  message:
    'Kiểu giá trị là count (số đếm), money (tiền), percent (tỷ lệ), boolean (có/không) hoặc text (chữ).',
});
const aggregation = z.enum(AGGREGATIONS, {
  message: 'Cách tổng hợp là sum, average, min, max, count_true hoặc none.',
});

export const indicatorParams = z.object({ code: z.string().max(40) });
export const formParams = z.object({ formId: z.string().max(20) });
export const versionParams = z.object({ formId: z.string().max(20), validFrom: isoDate });

export const createIndicatorRequest = z.object({
  code: indicatorCode,
  nameVi: nameText(300),
  nameEn: nameText(300),
  measure,
  description: noteText(2000),
  valueType,
  aggregation,
  source: z.enum(SOURCES, { message: 'Nguồn số liệu là typed (đơn vị nhập), registry hoặc formula.' }),
  registryKey: z.enum(REGISTRY_KEYS, { message: 'Chọn một số liệu của sổ đoàn viên.' }).nullish(),
  formula: z
    .string()
    .max(500, { message: 'Công thức tối đa 500 ký tự.' })
    .nullish()
    .transform((v) => (v?.trim() ? v.trim() : null)),
  parentCode: indicatorCode.nullish(),
  partRule: z.enum(['le', 'sum'], { message: 'Cách kiểm tra phần "trong đó" là le hoặc sum.' }).nullish(),
});
export type CreateIndicatorRequest = z.infer<typeof createIndicatorRequest>;

export const updateIndicatorRequest = z.object({
  nameVi: nameText(300).optional(),
  nameEn: nameText(300).optional(),
  measure: measure.optional(),
  description: noteText(2000).optional(),
  valueType: valueType.optional(),
  aggregation: aggregation.optional(),
  /** false: no new version may use it (its stored figures stay readable); true: in use again. */
  active: z.boolean().optional(),
});
export type UpdateIndicatorRequest = z.infer<typeof updateIndicatorRequest>;

const dayOfYear = z.object({
  month: z.number({ message: 'Tháng là số từ 1 đến 12.' }).int(),
  day: z.number({ message: 'Ngày là số từ 1 đến 31.' }).int(),
  yearOffset: z.union([z.literal(-1), z.literal(0)]).optional(),
});

export const createPeriodTypeRequest = z.object({
  id: periodTypeId,
  nameVi: nameText(120),
  nameEn: nameText(120),
  definition: z.object({
    codeStyle: z.enum(['year', 'half', 'quarter', 'month', 'term'], {
      message: 'Kiểu mã là year, half, quarter, month hoặc term.',
    }),
    parts: z
      .array(z.object({ n: z.number().int(), start: dayOfYear, end: dayOfYear }))
      .max(12, { message: 'Một năm có tối đa 12 phần.' }),
    termYears: z.number().int().optional(),
    termAnchorYear: z.number().int().optional(),
  }),
});
export type CreatePeriodTypeRequest = z.infer<typeof createPeriodTypeRequest>;

const validationRule = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('le'),
      left: indicatorCode,
      right: indicatorCode,
      severity: z.enum(['error', 'warning']).optional(),
    }),
    z.object({
      kind: z.literal('change'),
      factor: z
        .number({ message: 'Hệ số thay đổi là số.' })
        .gt(1, { message: 'Hệ số thay đổi phải lớn hơn 1.' })
        .max(1000),
      indicators: z.array(indicatorCode).max(MAX_SECTION_INDICATORS).optional(),
      severity: z.enum(['error', 'warning']).optional(),
    }),
  ],
  { message: 'Quy tắc kiểm tra là "le" (không lớn hơn) hoặc "change" (thay đổi bất thường).' },
);

/** A form's version without its date: what an edit sends. */
export const formVersionBody = z.object({
  periodTypeId: z.string({ message: 'Chọn kiểu kỳ báo cáo.' }).min(1, { message: 'Chọn kiểu kỳ báo cáo.' }),
  deadlineDaysAfterEnd: z
    .number({ message: 'Hạn nộp là số ngày sau ngày cuối kỳ.' })
    .int({ message: 'Hạn nộp là số ngày nguyên.' })
    .min(0, { message: 'Hạn nộp không được trước ngày cuối kỳ (từ 0 ngày).' })
    .max(120, { message: 'Hạn nộp tối đa 120 ngày sau ngày cuối kỳ.' }),
  reminderOffsets: z
    .array(
      z
        .number({ message: 'Ngày nhắc là số ngày so với hạn nộp.' })
        .int({ message: 'Ngày nhắc là số ngày nguyên.' })
        .min(-60, { message: 'Nhắc sớm nhất 60 ngày trước hạn.' })
        .max(60, { message: 'Nhắc muộn nhất 60 ngày sau hạn.' }),
    )
    .max(10, { message: 'Tối đa 10 ngày nhắc.' }),
  fillerTypes: z
    .array(z.string().max(60))
    .min(1, { message: 'Chọn ít nhất một loại đơn vị nộp biểu mẫu.' })
    .max(30),
  sections: z
    .array(
      z.object({
        titleVi: nameText(200),
        titleEn: nameText(200),
        indicators: z
          .array(z.string().max(40))
          .min(1, { message: 'Mỗi phần cần ít nhất một chỉ tiêu.' })
          .max(MAX_SECTION_INDICATORS),
      }),
    )
    .min(1, { message: 'Biểu mẫu cần ít nhất một phần có chỉ tiêu.' })
    .max(MAX_SECTIONS, { message: `Tối đa ${MAX_SECTIONS} phần.` }),
  rules: z.array(validationRule).max(MAX_RULES).default([]),
  legalBasis: optionalText(300),
});
export type FormVersionBody = z.infer<typeof formVersionBody>;

export const createFormVersionRequest = formVersionBody.extend({ validFrom: effectiveDate });
export type CreateFormVersionRequest = z.infer<typeof createFormVersionRequest>;

export const createFormRequest = z.object({
  id: formId,
  nameVi: nameText(300),
  nameEn: nameText(300),
  version: createFormVersionRequest,
});
export type CreateFormRequest = z.infer<typeof createFormRequest>;

/** The catalogue as its editor reads it: every indicator (with its dates), period type, form and version. */
export const catalogueAdminResponse = z.object({
  /** Whether the reader may edit (the administrator of a top union, or a system administrator). */
  canEdit: z.boolean(),
  indicators: z.array(
    z.object({
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      measure: z.string(),
      description: z.string().nullable(),
      valueType: z.enum(VALUE_TYPES),
      aggregation: z.enum(AGGREGATIONS),
      source: z.enum(SOURCES),
      registryKey: z.string().nullable(),
      formula: z.string().nullable(),
      parentCode: z.string().nullable(),
      partRule: z.string().nullable(),
      validFrom: z.string(),
      validTo: z.string(),
      active: z.boolean(),
    }),
  ),
  periodTypes: z.array(z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() })),
  unitTypes: z.array(z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() })),
  forms: z.array(
    z.object({
      id: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      versions: z.array(
        formVersionView.extend({
          rules: z.array(z.record(z.string(), z.unknown())),
          legalBasis: z.string().nullable(),
          /** Reports exist for periods it governs: it can no longer be edited, only followed by a new version. */
          reports: z.number(),
        }),
      ),
    }),
  ),
});

export const catalogueChangeResponse = z.object({ ok: z.literal(true), id: z.string() });
