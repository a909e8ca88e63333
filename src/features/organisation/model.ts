/** The organisation's pure rules: dated ranges, sectors on a date, powers and what a restructuring event may do. */
import { OPEN_END } from '../../lib/dates';
import { normalizeText } from '../../lib/text';

/**
 * A unit code: 2–40 characters, letters without diacritics, digits, dot, underscore and dash, stored in capitals.
 * The one rule behind the contract, the restructuring, the unit import and the web form.
 */
export const UNIT_CODE = { min: 2, max: 40, pattern: /^[A-Za-z0-9._-]{2,40}$/ } as const;

/** The code as it is stored: trimmed, NFC, in capitals. */
export function normalizeUnitCode(raw: string): string {
  return normalizeText(raw).toUpperCase();
}

/** Why a (normalized) code breaks the rule, in Vietnamese, or null when it fits. */
export function unitCodeProblem(code: string): string | null {
  if (!code) return 'Mã đơn vị không được để trống.';
  if (!UNIT_CODE.pattern.test(code))
    return `Mã đơn vị "${code}" chỉ gồm ${UNIT_CODE.min}–${UNIT_CODE.max} ký tự: chữ không dấu, số, dấu chấm, gạch.`;
  return null;
}

export const POWERS = ['found_units', 'admit_members', 'collect_fees', 'approve_reports'] as const;
export type Power = (typeof POWERS)[number];

export const POWER_LABELS: Record<Power, string> = {
  found_units: 'thành lập đơn vị',
  admit_members: 'kết nạp đoàn viên',
  collect_fees: 'thu kinh phí, đoàn phí',
  approve_reports: 'duyệt báo cáo',
};

export const EVENT_KINDS = ['found', 'rename', 'move', 'merge', 'split', 'dissolve', 'restructure'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_LABELS: Record<EventKind, string> = {
  found: 'Thành lập',
  rename: 'Đổi tên',
  move: 'Chuyển về',
  merge: 'Sáp nhập',
  split: 'Chia tách',
  dissolve: 'Giải thể',
  restructure: 'Sắp xếp tổ chức',
};

/** A half-open date range [from, to); `to` may be the open end. */
export interface DateRange {
  from: string;
  to: string;
}

export function rangeCovers(range: DateRange, date: string): boolean {
  return range.from <= date && date < range.to;
}

export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  return a.from < b.to && b.from < a.to;
}

export function isOpen(date: string): boolean {
  return date === OPEN_END;
}

/** A sector as the rules need it: its id and the dates it applies. */
export interface SectorLife {
  id: string;
  validFrom: string;
  validTo: string;
}

/**
 * Why `sectorId` may not be a unit's sector on `date` ('unknown' when no such sector, 'not_current' when it does
 * not apply that day), or null when it may. Sectors are data with effective dates (reference-data.ts).
 */
export function sectorProblem(
  sectors: readonly SectorLife[],
  sectorId: string,
  date: string,
): 'unknown' | 'not_current' | null {
  const sector = sectors.find((s) => s.id === sectorId);
  if (!sector) return 'unknown';
  return rangeCovers({ from: sector.validFrom, to: sector.validTo }, date) ? null : 'not_current';
}

/** Whether a type rule list allows `child` directly under `parent` on `date`. */
export function placementAllowed(
  rules: { parentTypeId: string; childTypeId: string; validFrom: string; validTo: string }[],
  parentTypeId: string,
  childTypeId: string,
  date: string,
): boolean {
  return rules.some(
    (r) =>
      r.parentTypeId === parentTypeId &&
      r.childTypeId === childTypeId &&
      rangeCovers({ from: r.validFrom, to: r.validTo }, date),
  );
}

/** Why an event on a unit dated `date` does not fit that unit's life, or null when it fits. */
export function lifeConflict(
  life: DateRange,
  date: string,
  lastEventOn: string | null,
  ending: boolean,
): string | null {
  if (date < life.from) return `trước ngày thành lập`;
  if (date >= life.to) return `từ ngày đơn vị đã chấm dứt hoạt động`;
  if (ending && lastEventOn !== null && lastEventOn > date) return `đơn vị còn sự kiện sau ngày này`;
  if (ending && date === life.from) return `trùng ngày thành lập`;
  return null;
}
