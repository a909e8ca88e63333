/** Requests and answers of the report exchange (Excel and JSON), shared with the web app. Messages are Vietnamese. */
import { z } from 'zod';
import { basisQuery } from './contract';

const rawValue = z.union([
  z.string().max(4000, { message: 'Tối đa 4.000 ký tự.' }),
  z.number(),
  z.boolean(),
  z.null(),
]);

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])])
  .optional()
  .transform((v) => v === true || v === 'true' || v === '1');

export const importFlagsQuery = z.object({ submit: flag, approve: flag });

export const reportValuesRequest = z.object({
  reports: z
    .array(
      z.object({
        unitCode: z.string().max(40, { message: 'Mã đơn vị tối đa 40 ký tự.' }),
        receivedOn: z.string().max(20).nullable().optional(),
        /** The report's version the values were read from (null: it had none); absent: not checked. */
        version: z.number().int().min(1).nullable().optional(),
        values: z.record(z.string().max(60), rawValue).refine((v) => Object.keys(v).length <= 500, {
          message: 'Tối đa 500 chỉ tiêu mỗi đơn vị.',
        }),
      }),
    )
    .min(1, { message: 'Chưa có báo cáo nào để nhập.' })
    .max(5000, { message: 'Tối đa 5.000 đơn vị mỗi lần nhập.' }),
  submit: z.boolean().optional(),
  approve: z.boolean().optional(),
});

export const importResponse = z.object({
  reports: z.number(),
  changed: z.number(),
  submitted: z.number(),
  approved: z.number(),
});

export const breakdownFileQuery = basisQuery.extend({
  indicator: z.string().trim().max(60).optional(),
});

export const targetsImportResponse = z.object({ year: z.number(), changed: z.number() });
