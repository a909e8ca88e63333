/** Dates: ISO inside the system, dd/mm/yyyy for people, the day in Vietnam, Excel serial numbers. */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayBefore,
  EARLIEST_EFFECTIVE_DATE,
  effectiveDateProblem,
  EFFECTIVE_DAYS_AHEAD,
  excelSerialToIso,
  formatAdministrativeDate,
  formatDate,
  isIsoDate,
  OPEN_END,
  parseDate,
  todayIso,
} from './dates';

describe('ISO dates', () => {
  it('accepts real calendar days only', () => {
    expect(isIsoDate('2025-07-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true); // leap year
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false); // JavaScript would roll it over to 01/01/2026
    expect(isIsoDate('2025-01-00')).toBe(false);
  });

  it('refuses years before 100, which JavaScript would read as 19xx', () => {
    expect(isIsoDate('0099-01-01')).toBe(false);
    expect(parseDate('01/01/0099')).toBeNull();
  });

  it('wants the whole text to be the date', () => {
    expect(isIsoDate('2025-07-01x')).toBe(false);
    expect(isIsoDate('x2025-07-01')).toBe(false);
    expect(isIsoDate('2025-7-1')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('dates typed by people', () => {
  it('reads dd/mm/yyyy with one or two digits, slashes, dots or dashes, and ISO', () => {
    expect(parseDate('31/05/2025')).toBe('2025-05-31');
    expect(parseDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDate('01.07.2025')).toBe('2025-07-01');
    expect(parseDate('1-7-2025')).toBe('2025-07-01');
    expect(parseDate('10/12/2025')).toBe('2025-12-10');
    expect(parseDate('2025-05-31')).toBe('2025-05-31');
    expect(parseDate('  31/05/2025 ')).toBe('2025-05-31');
    expect(parseDate(' 2025-05-31\t')).toBe('2025-05-31');
  });

  it('refuses what is not a day: text, impossible days, extra digits', () => {
    expect(parseDate('hôm qua')).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(parseDate('31/02/2025')).toBeNull();
    expect(parseDate('29/02/2023')).toBeNull();
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('1/13/2025')).toBeNull();
    expect(parseDate('5/31/2025')).toBeNull(); // month/day order is not Vietnamese
    expect(parseDate('123/1/2025')).toBeNull();
    expect(parseDate('1/123/2025')).toBeNull();
    expect(parseDate('1/7/20251')).toBeNull();
    expect(parseDate('ngày 1/7/2025')).toBeNull();
    expect(parseDate('1/7/25')).toBeNull();
  });
});

describe('dates shown to people', () => {
  it('formats ISO as dd/mm/yyyy, also the date part of a timestamp', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate('1990-12-31')).toBe('31/12/1990');
    expect(formatDate('2025-07-01T09:30:00Z')).toBe('01/07/2025');
  });

  it('shows nothing for no date and for the open end of a range', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate(OPEN_END)).toBe('');
    expect(OPEN_END).toBe('9999-12-31');
  });

  it('leaves text that is not an ISO date as it is', () => {
    expect(formatDate('không rõ')).toBe('không rõ');
  });
});

describe('calendar arithmetic', () => {
  it('knows the day in Vietnam (UTC+7), which starts at 17:00 UTC', () => {
    expect(todayIso(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(todayIso(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('steps back one day across months, years and leap days', () => {
    expect(dayBefore('2025-03-01')).toBe('2025-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayBefore('2025-07-15')).toBe('2025-07-14');
  });

  it('adds and takes away days', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-07-01', 366)).toBe('2026-07-02');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-03-01', 0)).toBe('2025-03-01');
  });

  it('reads Excel serial day numbers (counted from 30/12/1899), rounding the time of day', () => {
    expect(excelSerialToIso(45839)).toBe('2025-07-01');
    expect(excelSerialToIso(45839.4)).toBe('2025-07-01');
    expect(excelSerialToIso(45839.6)).toBe('2025-07-02');
    expect(excelSerialToIso(1)).toBe('1899-12-31');
    expect(excelSerialToIso(32874)).toBe('1990-01-01');
  });
});

describe('effective dates of changes', () => {
  const today = '2025-07-01';

  it('run from 1900 to a year from today, both ends included', () => {
    expect(EARLIEST_EFFECTIVE_DATE).toBe('1900-01-01');
    expect(EFFECTIVE_DAYS_AHEAD).toBe(366);
    expect(effectiveDateProblem('1900-01-01', today)).toBeNull();
    expect(effectiveDateProblem(today, today)).toBeNull();
    expect(effectiveDateProblem('2026-07-02', today)).toBeNull();
  });

  it('refuse a typing slip before 1900 or more than a year ahead, saying the limit', () => {
    expect(effectiveDateProblem('1899-12-31', today)).toBe('Ngày hiệu lực không được trước 01/01/1900.');
    expect(effectiveDateProblem('2026-07-03', today)).toBe(
      'Ngày hiệu lực không được sau 02/07/2026 (quá một năm kể từ hôm nay).',
    );
    expect(effectiveDateProblem('9999-12-30', today)).toMatch(/^Ngày hiệu lực không được sau 02\/07\/2026/);
  });

  it('count from today in Vietnam when no day is given', () => {
    const now = todayIso();
    expect(effectiveDateProblem(addDays(now, EFFECTIVE_DAYS_AHEAD))).toBeNull();
    expect(effectiveDateProblem(addDays(now, EFFECTIVE_DAYS_AHEAD + 1))).toMatch(/quá một năm/);
  });
});

describe('the date line of an administrative document', () => {
  it('writes the day and month in words, with a leading zero for days below 10 and for January and February', () => {
    expect(formatAdministrativeDate('2023-07-12')).toBe('ngày 12 tháng 7 năm 2023');
    expect(formatAdministrativeDate('2024-01-05')).toBe('ngày 05 tháng 01 năm 2024');
    expect(formatAdministrativeDate('2024-02-29')).toBe('ngày 29 tháng 02 năm 2024');
    expect(formatAdministrativeDate('2023-12-31')).toBe('ngày 31 tháng 12 năm 2023');
    expect(formatAdministrativeDate('2023-10-01')).toBe('ngày 01 tháng 10 năm 2023');
  });

  it('refuses what is no date', () => {
    expect(formatAdministrativeDate('2023-02-30')).toBeNull();
    expect(formatAdministrativeDate('12/07/2023')).toBeNull();
  });
});
