/** Calendar dates as ISO strings (YYYY-MM-DD) inside the system, dd/mm/yyyy for people. */

/** The open end of a validity range: a row valid "until further notice". */
export const OPEN_END = '9999-12-31';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_RE.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Parses "31/5/2025", "31/05/2025" or "2025-05-31"; returns the ISO date or null. */
export function parseDate(value: string): string | null {
  const text = value.trim();
  if (isIsoDate(text)) return text;
  const m = VN_RE.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "2025-07-01" → "01/07/2025"; the open end shows as an empty string. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso || iso === OPEN_END) return '';
  const m = ISO_RE.exec(iso.slice(0, 10));
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Today's date in Vietnam (UTC+7) as ISO. */
export function todayIso(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** The ISO date one day before the given one. */
export function dayBefore(iso: string): string {
  const dt = new Date(`${iso}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() - 1);
  return dt.toISOString().slice(0, 10);
}

/** The ISO date `days` days after the given one (before, for a negative number). */
export function addDays(iso: string, days: number): string {
  const dt = new Date(`${iso}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + days);
  return dt.toISOString().slice(0, 10);
}

/** How far ahead a change may be dated: a decision takes effect within the year it is signed. */
export const EFFECTIVE_DAYS_AHEAD = 366;
/** No record of the union's organisation is older than this. */
export const EARLIEST_EFFECTIVE_DATE = '1900-01-01';

/**
 * Why an effective date cannot be used (Vietnamese), or null: changes are dated from 1900 to a year from today, so a
 * typing slip such as 30/12/9999 cannot become the current state at once.
 */
export function effectiveDateProblem(iso: string, today: string = todayIso()): string | null {
  if (iso < EARLIEST_EFFECTIVE_DATE)
    return `Ngày hiệu lực không được trước ${formatDate(EARLIEST_EFFECTIVE_DATE)}.`;
  const latest = addDays(today, EFFECTIVE_DAYS_AHEAD);
  if (iso > latest) return `Ngày hiệu lực không được sau ${formatDate(latest)} (quá một năm kể từ hôm nay).`;
  return null;
}

/** Excel stores dates as serial day numbers counted from 1899-12-30. */
export function excelSerialToIso(serial: number): string {
  const ms = Math.round(serial) * 86_400_000 + Date.UTC(1899, 11, 30);
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The date line of an administrative document: "2023-07-12" → "ngày 12 tháng 7 năm 2023". Days below 10 and the
 * months 1 and 2 take a leading zero ("ngày 05 tháng 01 năm 2024"), as the document format requires, so that
 * nobody can add a digit by hand; null when the text is no date.
 */
export function formatAdministrativeDate(iso: string): string | null {
  if (!isIsoDate(iso)) return null;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const day = String(d).padStart(2, '0');
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `ngày ${day} tháng ${month} năm ${y}`;
}
