/**
 * Zod building blocks shared by contracts: Vietnamese messages, ISO dates, and text under the one text policy
 * (lib/text.ts textProblem: no control or invisible characters, lengths counted on the cleaned text, stored NFC),
 * the same the imports apply to the cells of a file.
 */
import { z } from 'zod';
import { effectiveDateProblem, isIsoDate } from './dates';
import { cleanText, hasForbiddenCharacter, textProblem, type TextRule } from './text';

export const isoDate = z
  .string()
  .refine(isIsoDate, { message: 'Ngày không hợp lệ (định dạng YYYY-MM-DD, ví dụ 2025-07-01).' });

/** The date a change takes effect: a real date from 1900 to a year from today (lib/dates effectiveDateProblem). */
export const effectiveDate = isoDate.superRefine((value, ctx) => {
  if (!isIsoDate(value)) return; // already refused above, with the date format
  const problem = effectiveDateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const id = z.uuid({ message: 'Mã định danh không hợp lệ.' });

/** A string checked by the text policy and returned cleaned (NFC, trimmed; one line collapsed). */
const policed = (max: number, rule: TextRule) =>
  z
    .string({ message: 'Cần nhập chữ.' })
    .superRefine((value, ctx) => {
      const problem = textProblem(value, max, rule);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => cleanText(value, rule));

/** A name or a short text on one line: `min` to `max` characters. */
export const nameText = (max: number, min = 1) => policed(max, { min });

/** Required one-line text (the same as nameText). */
export const text = nameText;

/** One line that may be left out or empty: null then. */
export const optionalText = (max: number) =>
  policed(max, { min: 0 })
    .nullish()
    .transform((v) => (v ? v : null));

/** A note or a reason: several lines kept, may be left out or empty (null then). */
export const noteText = (max: number) =>
  policed(max, { min: 0, multiline: true })
    .nullish()
    .transform((v) => (v ? v : null));

/** What is typed into a search box: at most `max` characters, no control or invisible character. */
export const searchText = (max: number) =>
  z
    .string({ message: 'Cần nhập chữ.' })
    .max(max, { message: `Tối đa ${max} ký tự.` })
    .refine((v) => !hasForbiddenCharacter(v), {
      message: 'Có ký tự điều khiển hoặc ký tự vô hình; hãy gõ lại nội dung tìm kiếm.',
    });

export const okResponse = z.object({ ok: z.literal(true) });
