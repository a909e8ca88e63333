/**
 * Dates and numbers as the reader writes them. Vietnamese: dd/mm/yyyy, 1.489, 58,3%; English: 7 Dec 2026, 1,489,
 * 58.3%. The language is set by the i18n provider (setFormatLanguage); ISO dates stay inside the API.
 */
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { dayBefore, formatDate as formatDateVi, OPEN_END } from '../../../src/lib/dates';
import { formatNumber as formatNumberVi } from '../../../src/lib/numbers';
dayjs.extend(customParseFormat);

export { dayBefore, todayIso, OPEN_END } from '../../../src/lib/dates';
export { compareVietnamese, foldVietnamese, joinPlace } from '../../../src/lib/text';

/** The antd DatePicker display format. */
export const DATE_FORMAT = 'DD/MM/YYYY';
/**
 * What a date field reads, the display format first: 05/08/1993 and the other ways people type it (5/8/1993,
 * 05081993, 5-8-1993, 5.8.1993). Each is read strictly, so 31/02/1993 is refused, not moved to March.
 */
export const DATE_INPUT_FORMATS = [
  DATE_FORMAT,
  'D/M/YYYY',
  'DD/M/YYYY',
  'D/MM/YYYY',
  'DDMMYYYY',
  'DD-MM-YYYY',
  'D-M-YYYY',
  'DD.MM.YYYY',
  'D.M.YYYY',
];

/** A typed date read by DATE_INPUT_FORMATS, or null when it is none of them (or no such day). */
export function parseTypedDate(text: string): Dayjs | null {
  const trimmed = text.trim();
  for (const format of DATE_INPUT_FORMATS) {
    const parsed = dayjs(trimmed, format, true);
    if (parsed.isValid()) return parsed;
  }
  return null;
}
/** The one placeholder of every date field, in both languages. */
export const DATE_PLACEHOLDER = 'dd/mm/yyyy';

type FormatLanguage = 'vi' | 'en';
let language: FormatLanguage = 'vi';

/** Called by the i18n provider before it renders in a language. */
export function setFormatLanguage(next: FormatLanguage): void {
  language = next;
}

/** 1.489 in Vietnamese, 1,489 in English. */
export function formatNumber(value: number | bigint, fractionDigits = 0): string {
  if (language === 'vi') return formatNumberVi(value, fractionDigits);
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

export function formatPercent(ratio: number, fractionDigits = 1): string {
  return `${formatNumber(ratio * 100, fractionDigits)}%`;
}

/** "2025-07-01" → "01/07/2025" (Vietnamese) or "1 Jul 2025" (English); the open end shows as an empty string. */
export function formatDate(iso: string | null | undefined): string {
  if (language === 'vi' || !iso || iso === OPEN_END) return formatDateVi(iso);
  const parsed = dayjs(iso, 'YYYY-MM-DD');
  return parsed.isValid() ? parsed.locale('en').format('D MMM YYYY') : iso;
}

const vietnamClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2025-07-01T03:04:00Z" → "01/07/2025 10:04", Vietnam time whatever the browser's zone ("1 Jul 2025 10:04" in English). */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const part = Object.fromEntries(vietnamClock.formatToParts(instant).map((p) => [p.type, p.value]));
  const time = `${part.hour}:${part.minute}`;
  if (language === 'vi') return `${part.day}/${part.month}/${part.year} ${time}`;
  return `${formatDate(`${part.year}-${part.month}-${part.day}`)} ${time}`;
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
