/** Requests and responses of the periodic reports' API, shared with the web app. Messages are Vietnamese. */
import { z } from 'zod';
import { id, isoDate } from '../../lib/schemas';
import { AGGREGATIONS, BASES, SOURCES, STATUSES, VALUE_TYPES } from './model';

export const formCode = z
  .string()
  .trim()
  .min(1, { message: 'Chọn biểu mẫu báo cáo.' })
  .max(40, { message: 'Mã biểu mẫu tối đa 40 ký tự.' });
export const periodCode = z
  .string()
  .trim()
  .min(4, { message: 'Nhập kỳ báo cáo, ví dụ 2023S1, 2023, 2023Q1, 202305.' })
  .max(20, { message: 'Kỳ báo cáo tối đa 20 ký tự.' })
  .transform((v) => v.toUpperCase());

export const unitParams = z.object({ unitId: z.string() });
export const reportParams = z.object({ unitId: z.string(), formId: formCode, periodCode });
export const basisQuery = z.object({
  basis: z
    .enum(BASES, { message: 'Cơ sở số liệu là "approved" (đã duyệt) hoặc "submitted" (đã nộp).' })
    .default('approved'),
});
export const formPeriodQuery = z.object({ formId: formCode, periodCode });
export const yearQuery = z.object({
  year: z.coerce
    .number({ message: 'Năm phải là số.' })
    .int()
    .min(1900, { message: 'Năm từ 1900.' })
    .max(2200),
});

const rawValue = z.union([
  z.string().max(4000, { message: 'Tối đa 4.000 ký tự.' }),
  z.number(),
  z.boolean(),
  z.null(),
]);

export const saveReportRequest = z.object({
  version: z.number().int().min(1).nullable(),
  values: z.record(z.string().max(60), rawValue).refine((v) => Object.keys(v).length <= 500, {
    message: 'Tối đa 500 chỉ tiêu mỗi lần lưu.',
  }),
});
export const saveReportResponse = z.object({
  id,
  status: z.enum(STATUSES),
  version: z.number(),
  savedAt: z.string(),
  changed: z.number(),
});

export const statusRequest = z.object({
  version: z.number({ message: 'Thiếu phiên bản báo cáo; hãy tải lại.' }).int().min(1),
  comment: z.string().max(2000, { message: 'Tối đa 2.000 ký tự.' }).optional(),
});
export const statusResponse = z.object({ id, status: z.enum(STATUSES), version: z.number() });

const period = z.object({
  code: z.string(),
  typeId: z.string(),
  year: z.number(),
  n: z.number(),
  start: z.string(),
  end: z.string(),
  labelVi: z.string(),
  labelEn: z.string(),
});
const section = z.object({ titleVi: z.string(), titleEn: z.string(), indicators: z.array(z.string()) });
const formRef = z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() });
const unitRef = z.object({ id, code: z.string(), name: z.string() });
const indicatorFields = {
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  measure: z.string(),
  valueType: z.enum(VALUE_TYPES),
  aggregation: z.enum(AGGREGATIONS),
  source: z.enum(SOURCES),
  formula: z.string().nullable(),
  parentCode: z.string().nullable(),
};
const figure = z.union([z.number(), z.string(), z.null()]);

export const reportResponse = z.object({
  form: formRef,
  period,
  deadline: z.string(),
  unit: unitRef,
  expected: z.boolean(),
  submission: z
    .object({
      id,
      status: z.enum(STATUSES),
      version: z.number(),
      submittedOn: z.string().nullable(),
      receivedOn: z.string().nullable(),
      comment: z.string().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
  approver: z.object({ id, name: z.string() }).nullable(),
  canEdit: z.boolean(),
  canApprove: z.boolean(),
  sections: z.array(section),
  indicators: z.array(
    z.object({
      ...indicatorFields,
      value: figure,
      lastPeriod: z.number().nullable(),
      lastYear: z.number().nullable(),
      target: z.number().nullable(),
    }),
  ),
  problems: z.array(
    z.object({ indicator: z.string(), severity: z.enum(['error', 'warning']), message: z.string() }),
  ),
});

export const totalsResponse = z.object({
  form: formRef,
  period,
  lastYearPeriod: period.nullable(),
  basis: z.enum(BASES),
  unit: unitRef,
  sections: z.array(section),
  rows: z.array(
    z.object({
      ...indicatorFields,
      own: figure,
      below: z.number().nullable(),
      reported: z.number().nullable(),
      total: figure,
      target: z.number().nullable(),
      rate: z.number().nullable(),
      lastYear: figure,
      phraseVi: z.string().nullable(),
      worthOf: z.string().nullable(),
    }),
  ),
});

export const documentQuery = basisQuery.extend({
  format: z
    .enum(['docx', 'xlsx'], { message: 'Định dạng là "docx" (Word) hoặc "xlsx" (Excel).' })
    .default('docx'),
});

export const breakdownResponse = z.object({
  form: formRef,
  period,
  basis: z.enum(BASES),
  indicators: z.array(z.object(indicatorFields)),
  units: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      typeId: z.string(),
      endedOn: z.string(),
      status: z.string().nullable(),
      figures: z.record(
        z.string(),
        z.object({
          total: z.number().nullable(),
          target: z.number().nullable(),
          rate: z.number().nullable(),
        }),
      ),
    }),
  ),
});

const completeness = {
  expected: z.number(),
  submitted: z.number(),
  onTime: z.number(),
  late: z.number(),
  missing: z.number(),
  approved: z.number(),
  rate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
};
export const completenessResponse = z.object({
  form: formRef,
  period,
  deadline: z.string(),
  overall: z.object(completeness),
  byLevel: z.array(z.object({ level: z.number(), ...completeness })),
  byBranch: z.array(z.object({ unitId: id, name: z.string(), code: z.string(), ...completeness })),
  units: z.array(
    z.object({
      unitId: id,
      code: z.string(),
      name: z.string(),
      parentId: z.string().nullable(),
      level: z.number(),
      status: z.enum(STATUSES).nullable(),
      submittedOn: z.string().nullable(),
      receivedOn: z.string().nullable(),
      timeliness: z.enum(['on_time', 'late', 'missing']),
      officers: z.array(
        z.object({ fullName: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
      ),
    }),
  ),
});

/** The approval queue: one status (tab) a page at a time, narrowed to a form and a period when given. */
export const approvalsQuery = z
  .object({
    status: z
      .enum(['submitted', 'approved', 'returned'], {
        message: 'Trạng thái là "submitted" (chờ duyệt), "approved" (đã duyệt) hoặc "returned" (đã trả lại).',
      })
      .default('submitted'),
    formId: formCode.optional(),
    periodCode: periodCode.optional(),
    page: z.coerce
      .number({ message: 'Trang phải là số.' })
      .int({ message: 'Trang phải là số nguyên.' })
      .min(1, { message: 'Trang từ 1.' })
      .max(100000, { message: 'Trang tối đa 100.000.' })
      .default(1),
    pageSize: z.coerce
      .number({ message: 'Số dòng mỗi trang phải là số.' })
      .int({ message: 'Số dòng mỗi trang phải là số nguyên.' })
      .min(1, { message: 'Số dòng mỗi trang từ 1.' })
      .max(200, { message: 'Tối đa 200 dòng mỗi trang.' })
      .default(50),
  })
  .refine((q) => q.periodCode === undefined || q.formId !== undefined, {
    message: 'Chọn biểu mẫu trước khi chọn kỳ báo cáo.',
    path: ['formId'],
  });

export const approvalsResponse = z.object({
  status: z.enum(['submitted', 'approved', 'returned']),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ submitted: z.number(), approved: z.number(), returned: z.number() }),
  reports: z.array(
    z.object({
      id,
      unitId: id,
      unitCode: z.string(),
      unitName: z.string(),
      /** Set when the unit has ended (dissolved, merged): its report is still decided here. */
      unitEndedOn: z.string().nullable(),
      formId: z.string(),
      formName: z.string(),
      formNameEn: z.string(),
      periodCode: z.string(),
      periodLabel: z.string(),
      periodLabelEn: z.string(),
      deadline: z.string(),
      status: z.enum(['submitted', 'approved', 'returned']),
      submittedOn: z.string().nullable(),
      decidedOn: z.string().nullable(),
      decidedBy: z.string().nullable(),
      comment: z.string().nullable(),
      version: z.number(),
    }),
  ),
});

export const targetsResponse = z.object({
  year: z.number(),
  unit: unitRef,
  indicators: z.array(
    z.object({
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      measure: z.string(),
      valueType: z.enum(VALUE_TYPES),
      own: z.number().nullable(),
      assigned: z.number().nullable(),
      difference: z.number().nullable(),
    }),
  ),
  units: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      targets: z.record(z.string(), z.object({ value: z.number(), version: z.number() })),
    }),
  ),
});

export const setTargetsRequest = z.object({
  year: z.number().int().min(1900).max(2200),
  targets: z
    .array(
      z.object({
        unitId: id,
        indicatorCode: z.string().max(60),
        value: z.union([z.number(), z.string().max(30), z.null()]),
        version: z.number().int().min(0).optional(),
      }),
    )
    .max(20000, { message: 'Tối đa 20.000 chỉ tiêu mỗi lần.' }),
});
export const setTargetsResponse = z.object({ year: z.number(), changed: z.number() });

/** A form's version as the catalogue shows it (services/catalogue.ts `versionView`). */
export const formVersionView = z.object({
  validFrom: isoDate,
  validTo: z.string(),
  periodTypeId: z.string(),
  deadlineDaysAfterEnd: z.number(),
  reminderOffsets: z.array(z.number()),
  fillerTypes: z.array(z.string()),
  sections: z.array(section),
});

export const catalogueResponse = z.object({
  indicators: z.array(
    z.object({
      ...indicatorFields,
      registryKey: z.string().nullable(),
      registryArg: z.string().nullable(),
      partRule: z.string().nullable(),
    }),
  ),
  periodTypes: z.array(z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() })),
  forms: z.array(
    z.object({
      id: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      versions: z.array(formVersionView),
      /** The current period and the ones before it, newest first: what a person picks from. */
      recentPeriods: z.array(period),
    }),
  ),
});

export const remindResponse = z.object({
  formId: z.string(),
  periodCode: z.string(),
  deadline: z.string(),
  /** Today against the deadline in days: negative before, 0 on the day, positive after. */
  offset: z.number(),
  units: z.number(),
  queued: z.number(),
  alreadyQueued: z.number(),
  withoutEmail: z.array(z.object({ unitId: id, name: z.string() })),
});

export const remindersResponse = z.object({
  formId: z.string(),
  periodCode: z.string(),
  deadline: z.string(),
  reminders: z.array(
    z.object({
      id: z.number(),
      unitId: z.string(),
      unitName: z.string(),
      toAddress: z.string(),
      toName: z.string().nullable(),
      subject: z.string(),
      offset: z.number(),
      state: z.enum(['queued', 'sending', 'sent', 'failed']),
      attempts: z.number(),
      lastError: z.string().nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
    }),
  ),
});
