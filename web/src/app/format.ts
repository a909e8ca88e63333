/** Dates and numbers as Vietnamese users write them: dd/mm/yyyy, 1.489. ISO dates stay inside the API. */
import dayjs, { type Dayjs } from 'dayjs';
import { dayBefore, formatDate, OPEN_END } from '../../../src/lib/dates';
export { dayBefore, formatDate, todayIso, OPEN_END } from '../../../src/lib/dates';
export { formatNumber, formatPercent } from '../../../src/lib/numbers';
export { compareVietnamese, foldVietnamese } from '../../../src/lib/text';

/** The antd DatePicker display format. */
export const DATE_FORMAT = 'DD/MM/YYYY';
/** The one placeholder of every date field, in both languages. */
export const DATE_PLACEHOLDER = 'dd/mm/yyyy';

/** "2025-07-01T03:04:00Z" → "01/07/2025 10:04" in the browser's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = dayjs(new Date(value));
  return parsed.isValid() ? parsed.format('DD/MM/YYYY HH:mm') : value;
}

export function toIso(value: Dayjs | null | undefined): string | undefined {
  return value ? value.format('YYYY-MM-DD') : undefined;
}

export function fromIso(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value, 'YYYY-MM-DD') : undefined;
}

/**
 * The last day of a half-open range [from, to) as people say it ("đến ngày 30/06/2025" for a range ending
 * 2025-07-01); empty for the open end.
 */
export function formatLastDay(to: string): string {
  return to === OPEN_END ? '' : formatDate(dayBefore(to));
}
