/**
 * The demo's periodic reports as data: what each union did in each half-year of 2024 and 2025 (gifts, funds, works,
 * visits, courses), scaled to its kind and size, and how its report went (on time, late, missing; approved or only
 * submitted). Pure and deterministic: each unit's figures come from the seed and its code, so they do not shift when
 * another unit is added. The annual report (TKN) is the sum of the two halves.
 */
import { addDays, mulberry32, type Random } from './random';
import type { WorkplaceKind } from './workplaces';

export const REPORT_YEARS = [2024, 2025] as const;
export const HALF_YEAR_FORM = 'SK6T';
export const YEAR_FORM = 'TKN';

/** A unit as its figures depend on it: CĐCS by kind, sector and members; upper unions by type and CĐCS below. */
export interface ReportingUnit {
  code: string;
  typeId: string;
  sector: string | null;
  kind: WorkplaceKind | null;
  /** Members of a CĐCS; CĐCS below an upper union. */
  size: number;
}

export type Figures = Record<string, number | boolean | string | null>;

/** A number from a string key (FNV-1a): a unit's own stream of random numbers. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const GRASSROOTS = 'grassroots_union';
const between = (rng: Random, low: number, high: number) => low + rng.next() * (high - low);
const share = (rng: Random, size: number, low: number, high: number) =>
  Math.round(size * between(rng, low, high));
const orNull = (n: number) => (n > 0 ? n : null);
const thousand = (n: number) => Math.round(n / 1000) * 1000;

/** What a CĐCS did in a half-year: Tết and Workers' Month in the first, scholarships in the second. */
function grassrootsHalf(rng: Random, unit: ReportingUnit, half: 1 | 2): Figures {
  const m = Math.max(unit.size, 5);
  const enterprise = unit.kind === 'enterprise' || (unit.sector ?? '').endsWith('enterprise');
  const f: Figures = {};
  if (half === 1) {
    const tet = orNull(share(rng, m, 0.05, 0.2));
    f.tet_gifts = tet;
    f.tet_gifts_value = tet && tet * rng.pick([300_000, 500_000, 500_000, 1_000_000]);
    if (enterprise) f.sum_vay_gifts = orNull(share(rng, m, 0.02, 0.08));
    const month = orNull(share(rng, m, 0.03, 0.1));
    f.month_gifts = month;
    f.month_gifts_value = month && month * rng.pick([300_000, 500_000]);
    f.conference_held = rng.chance(enterprise ? 0.75 : 0.97);
    if (enterprise && rng.chance(0.25)) f.collective_agreements = 1;
  } else if (rng.chance(0.6)) {
    const scholarships = Math.max(1, share(rng, m, 0.02, 0.06));
    f.scholarships = scholarships;
    f.scholarships_value = scholarships * rng.pick([500_000, 1_000_000]);
  }
  if (rng.chance(0.25)) {
    f.works_built = rng.int(1, 2);
    f.works_value = rng.int(5, 40) * 1_000_000;
  }
  if (rng.chance(0.8)) f.mai_am_fund = thousand(m * rng.pick([20_000, 50_000, 100_000]));
  if (rng.chance(0.03)) f.benefit_agreements = 1;
  if (rng.chance(0.35)) f.sports_events = rng.int(1, 2);
  return f;
}

/**
 * What an upper union did itself in a half-year (its own typed figures, seed 002: "10 suất quà Tháng Công nhân từ
 * nguồn tài chính của LĐLĐ huyện", 300.000 đ each), scaled to the CĐCS below it.
 */
function upperHalf(rng: Random, unit: ReportingUnit, half: 1 | 2): Figures {
  const province = unit.typeId === 'provincial_federation';
  const commune = unit.typeId === 'commune_union';
  const n = Math.max(unit.size, 3);
  const f: Figures = {};
  if (half === 1) {
    const tet = province ? rng.int(200, 400) : commune ? rng.int(5, 20) : rng.int(30, 60) + Math.round(n / 2);
    f.tet_gifts = tet;
    f.tet_gifts_value = tet * 500_000;
    if (province) f.sum_vay_gifts = rng.int(300, 500);
    const month = province ? rng.int(50, 100) : rng.int(8, 20);
    f.month_gifts = month;
    f.month_gifts_value = month * (province ? 500_000 : 300_000);
    f.conference_held = true;
  } else {
    const scholarships = province ? rng.int(80, 150) : rng.int(10, 40);
    f.scholarships = scholarships;
    f.scholarships_value = scholarships * 1_000_000;
  }
  const built = province ? rng.int(3, 6) : commune ? 0 : rng.int(0, 2);
  const repaired = province ? rng.int(2, 5) : rng.int(0, 2);
  f.houses_built = built;
  f.houses_repaired = repaired;
  f.houses_value = built * rng.int(50, 70) * 1_000_000 + repaired * rng.int(15, 30) * 1_000_000;
  f.mai_am_fund = (province ? rng.int(300, 600) : commune ? rng.int(5, 20) : rng.int(20, 80)) * 1_000_000;
  f.benefit_agreements = province ? rng.int(5, 9) : rng.int(0, 2);
  f.field_visits = province ? rng.int(40, 80) : rng.int(Math.ceil(n / 3), n + 5);
  const courses = province ? rng.int(3, 6) : commune ? rng.int(0, 1) : rng.int(1, 3);
  f.training_courses = courses;
  f.training_attendees = courses * rng.int(40, 90);
  f.sports_events = province ? rng.int(2, 4) : rng.int(0, 2);
  return f;
}

/** What a unit did in a half-year of a year. */
export function halfFigures(seed: number, unit: ReportingUnit, year: number, half: 1 | 2): Figures {
  const rng = mulberry32(seedOf(seed, 'figures', unit.code, year, half));
  return unit.typeId === GRASSROOTS ? grassrootsHalf(rng, unit, half) : upperHalf(rng, unit, half);
}

const ASSESSMENTS = [
  'Đơn vị hoàn thành các chỉ tiêu chính; công tác chăm lo đoàn viên được duy trì thường xuyên.',
  'Số đoàn viên kết nạp mới chưa đạt chỉ tiêu do đơn vị ít tuyển dụng mới; đề nghị cấp trên hỗ trợ tập huấn.',
  'Nguồn kinh phí còn hạn chế; đơn vị đã vận động thêm nhà hảo tâm cùng chăm lo cho đoàn viên khó khăn.',
  'Phối hợp tốt với chuyên môn tổ chức hội nghị người lao động; đề nghị tăng mức hỗ trợ quà Tết.',
];

/**
 * A unit's report of a form for a period: its figures for the half, or the year's (the two halves summed, of those it
 * lived in; yes/no from the half that has it) with a word of assessment.
 */
export function reportFigures(
  seed: number,
  unit: ReportingUnit,
  year: number,
  halves: readonly (1 | 2)[],
): Figures {
  const parts = halves.map((h) => halfFigures(seed, unit, year, h));
  const out: Figures = {};
  for (const part of parts)
    for (const [code, v] of Object.entries(part)) {
      const was = out[code];
      out[code] = typeof v === 'number' && typeof was === 'number' ? was + v : (was ?? v);
    }
  const rng = mulberry32(seedOf(seed, 'assessment', unit.code, year, halves.join('')));
  if (halves.length === 2 && (unit.typeId !== GRASSROOTS || rng.chance(0.5)))
    out.assessment = rng.pick(ASSESSMENTS);
  return out;
}

/** How a unit's report went: not handed in, or submitted on a day (on time or late) and perhaps approved. */
export type Outcome = null | {
  status: 'submitted' | 'approved';
  submittedOn: string;
  receivedOn: string | null;
  approvedOn: string | null;
};

/**
 * Most reports come in on time and are approved; a few are late, a few only submitted (more in the last period, not
 * yet looked at), a few missing; some CĐCS hand theirs in on paper. The province always reports.
 */
export function outcomeOf(
  seed: number,
  unit: ReportingUnit,
  form: string,
  period: { code: string; end: string },
  deadline: string,
  recent: boolean,
): Outcome {
  const rng = mulberry32(seedOf(seed, 'outcome', unit.code, form, period.code));
  const grassroots = unit.typeId === GRASSROOTS;
  const province = unit.typeId === 'provincial_federation';
  if (!province && rng.chance(grassroots ? 0.06 : 0.04)) return null;
  const late = !province && rng.chance(grassroots ? 0.06 : 0.08);
  const submittedOn = late
    ? addDays(deadline, rng.int(1, 30))
    : addDays(period.end, rng.int(-6, 0) + rng.int(0, 5));
  const day = submittedOn > deadline && !late ? deadline : submittedOn;
  const paper = grassroots && rng.chance(0.1);
  const approved = !rng.chance(recent ? 0.25 : 0.05);
  return {
    status: approved ? 'approved' : 'submitted',
    submittedOn: day,
    receivedOn: paper ? day : null,
    approvedOn: approved ? addDays(day, rng.int(1, 12)) : null,
  };
}
