/** Zod building blocks shared by contracts: Vietnamese messages, ISO dates, trimmed text. */
import { z } from 'zod';
import { isIsoDate } from './dates';

export const isoDate = z
  .string()
  .refine(isIsoDate, { message: 'Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 2025-07-01).' });

export const id = z.uuid({ message: 'Mã định danh không hợp lệ.' });

export const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, { message: min <= 1 ? 'Không được để trống.' : `Cần ít nhất ${min} ký tự.` })
    .max(max, { message: `Tối đa ${max} ký tự.` });

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Tối đa ${max} ký tự.` })
    .nullish()
    .transform((v) => (v ? v : null));

export const okResponse = z.object({ ok: z.literal(true) });
