/**
 * The demo's people: about 60,000 members spread over the CĐCS of the demo federation, each with a name of their
 * people, a birth date, a CCCD that matches both, a phone, a joining date after their CĐCS was founded, and a few
 * years of history (2019 to mid-2026): transfers between CĐCS, leavers with their reason, a few reinstatements and
 * deaths, and the transfers that mergers of CĐCS force (the 2018 hospital mergers, the 1/3/2025 department mergers,
 * the 1/7/2025 restructuring). Pure and deterministic: the same seed and units give the same people and events.
 */
import type { LeaveReason } from '../features/members/model';
import { birthProvinceOf, personName, pickWeighted, type DemoGender } from './names';
import { addDays, type Random } from './random';
import {
  cccdFor,
  educationOf,
  ethnicMixOf,
  familyOf,
  femaleShare,
  HIGHLAND,
  occupationOf,
  PARTY_SHARE,
  phoneOf,
  RELIGIONS,
  sizeRange,
  type DemoGrassroots,
  type Family,
} from './workplaces';

export type { DemoGrassroots, WorkplaceKind } from './workplaces';

/** A person as the import takes them (ProposalInput), with the CĐCS that admits them. */
export interface DemoPerson {
  unitCode: string;
  fullName: string;
  birthDate: string;
  gender: DemoGender;
  ethnicityCode: string;
  religion: string | null;
  cccd: string;
  phone: string | null;
  education: string | null;
  occupation: string | null;
  unionPosition: string | null;
  partyMember: boolean;
  joinedOn: string;
}

/** An event of a person's history after admission, in date order per person. */
export interface DemoMemberEvent {
  /** Index of the person in `DemoMembers.people`. */
  person: number;
  kind: 'transfer' | 'leave' | 'reinstate' | 'death';
  effectiveOn: string;
  /** The CĐCS whose stay ends (transfer, leave, death) or starts (reinstate). */
  unitCode: string;
  /** The receiving CĐCS of a transfer. */
  toUnitCode?: string | undefined;
  reason?: LeaveReason | undefined;
  decisionNo?: string | undefined;
  note: string;
}

export interface DemoMembers {
  people: DemoPerson[];
  events: DemoMemberEvent[];
  /** People a CĐCS proposes for admission on the horizon, left waiting for the province to approve. */
  proposals: DemoPerson[];
}

/** How many people wait for approval in the demo's approval queue. */
export const DEMO_PROPOSALS = 4;

/** About this many people in the whole demo (the sizes of the CĐCS are scaled to it). */
export const DEMO_MEMBER_TARGET = 60_000;
/** Random events happen from this day to the horizon; forced merger transfers whenever the merger is. */
export const EVENTS_FROM = '2019-01-01';
/** The last day of the demo's history: nothing is planned after it, so the import never meets a future date. */
export const DEMO_HORIZON = '2026-06-30';
export const RESTRUCTURE_NOTE = 'Sáp nhập theo sắp xếp tổ chức 01/07/2025';

// ---------------------------------------------------------------------------------------------------------------
// Dates

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** The ISO date `months` months after `iso` (day clamped to the month's end). */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(Number(iso.slice(8, 10)), last);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The day a person retires: the first day of the month after reaching the retirement age, which from 2021 rises
 * by 3 months a year for men (60 years 3 months in 2021 up to 62) and 4 months a year for women (55 years 4 months
 * in 2021 up to 60) (Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP).
 */
export function retirementDate(birthDate: string, gender: DemoGender): string {
  for (let year = yearOf(birthDate) + 55; year < yearOf(birthDate) + 64; year += 1) {
    const steps = Math.max(0, year - 2020);
    const months =
      gender === 'male'
        ? year < 2021
          ? 720
          : 720 + Math.min(24, 3 * steps)
        : year < 2021
          ? 660
          : 660 + Math.min(60, 4 * steps);
    const reached = addMonths(birthDate, months);
    if (yearOf(reached) === year) return `${addMonths(reached.slice(0, 8) + '01', 1)}`;
  }
  return addMonths(birthDate, gender === 'male' ? 744 : 720);
}

// ---------------------------------------------------------------------------------------------------------------
// The plan

interface Candidates {
  byFamily: Map<Family, DemoGrassroots[]>;
  byFamilyDistrict: Map<string, DemoGrassroots[]>;
}

/** A month after its founding a CĐCS takes transfers in; the day it ends it no longer does. */
const openFrom = new WeakMap<DemoGrassroots, string>();
const aliveOn = (u: DemoGrassroots, date: string) => {
  let from = openFrom.get(u);
  if (from === undefined) openFrom.set(u, (from = addDays(u.foundedOn, 30)));
  return from <= date && (u.end === null || date < u.end.on);
};

/** Another CĐCS of the same kind alive on the date: usually in the same district, sometimes across the province. */
function transferTarget(
  rng: Random,
  c: Candidates,
  from: DemoGrassroots,
  date: string,
): DemoGrassroots | null {
  const family = familyOf(from);
  const local = rng.chance(0.75) ? c.byFamilyDistrict.get(`${family}:${from.district}`) : undefined;
  const pool = (local ?? c.byFamily.get(family) ?? []).filter(
    (u) => u.code !== from.code && aliveOn(u, date),
  );
  return pool.length ? rng.pick(pool) : null;
}

/** Random events per person over 2019 to mid-2026, by family: [transfer, job ended, resigned, other, expelled]. */
const RATES: Record<Family, { transfer: number; jobEnded: number }> = {
  school: { transfer: 0.12, jobEnded: 0.03 },
  health: { transfer: 0.08, jobEnded: 0.05 },
  public: { transfer: 0.1, jobEnded: 0.04 },
  enterprise: { transfer: 0.015, jobEnded: 0.2 },
};

const NOTES = {
  transfer: 'Chuyển công tác theo quyết định điều động',
  transferFar: 'Chuyển công tác sang địa bàn khác',
  retired: 'Nghỉ hưu theo chế độ',
  jobEnded: 'Chấm dứt hợp đồng lao động',
  resigned: 'Xin thôi sinh hoạt công đoàn',
  other: 'Chuyển đi nơi khác sinh sống',
  expelled: 'Xóa tên do không sinh hoạt quá 6 tháng',
  reinstate: 'Trở lại làm việc, khôi phục sinh hoạt công đoàn',
  death: 'Từ trần',
};

/** A person working at `unit`: their name, faith, CCCD, phone, schooling and job drawn for who and where they are. */
function drawPerson(
  rng: Random,
  unit: DemoGrassroots,
  usedCccd: Set<string>,
  who: Pick<DemoPerson, 'gender' | 'ethnicityCode' | 'birthDate' | 'joinedOn' | 'unionPosition'>,
): DemoPerson {
  const family = familyOf(unit);
  const { gender, ethnicityCode, birthDate } = who;
  const province = birthProvinceOf(rng, ethnicityCode);
  return {
    unitCode: unit.code,
    fullName: personName(rng, gender, ethnicityCode),
    birthDate,
    gender,
    ethnicityCode,
    religion: pickWeighted(rng, RELIGIONS[HIGHLAND.has(ethnicityCode) ? 'highland' : 'kinh']),
    cccd: cccdFor(rng, usedCccd, province, gender, birthDate),
    phone: rng.chance(0.92) ? phoneOf(rng) : null,
    education: educationOf(rng, family),
    occupation: occupationOf(rng, unit, family),
    unionPosition: who.unionPosition,
    partyMember: rng.chance(PARTY_SHARE[family]),
    joinedOn: who.joinedOn,
  };
}

const unionPositionOf = (k: number) =>
  k === 0
    ? 'Chủ tịch CĐCS'
    : k === 1
      ? 'Phó Chủ tịch CĐCS'
      : k < 5
        ? 'Ủy viên Ban Chấp hành'
        : k % 25 === 0
          ? 'Tổ trưởng công đoàn'
          : null;

/**
 * Builds every person and their history for the given CĐCS from `rng` (a generator of their own: drawing people
 * never changes the units planned from the same seed), and the people `proposalsAt` proposes on the horizon.
 */
export function buildMemberPlan(
  rng: Random,
  grassroots: readonly DemoGrassroots[],
  proposalsAt: string,
): DemoMembers {
  const byCode = new Map(grassroots.map((u) => [u.code, u]));
  const candidates: Candidates = { byFamily: new Map(), byFamilyDistrict: new Map() };
  for (const u of grassroots) {
    const family = familyOf(u);
    candidates.byFamily.set(family, [...(candidates.byFamily.get(family) ?? []), u]);
    const key = `${family}:${u.district}`;
    candidates.byFamilyDistrict.set(key, [...(candidates.byFamilyDistrict.get(key) ?? []), u]);
  }

  // Headcounts: a size by kind of workplace, then all scaled to the demo's target.
  const raw = grassroots.map((u) => {
    const [min, max] = sizeRange(u);
    // Skewed towards the small end, as real workplaces are.
    return min + Math.floor((max - min + 1) * rng.next() ** 1.6);
  });
  const scale = DEMO_MEMBER_TARGET / raw.reduce((a, b) => a + b, 0);
  const sizes = raw.map((n) => Math.max(5, Math.round(n * scale)));

  const people: DemoPerson[] = [];
  const events: DemoMemberEvent[] = [];
  const usedCccd = new Set<string>();

  grassroots.forEach((unit, unitIndex) => {
    const mix = ethnicMixOf(unit.district);
    const lastJoin = unit.end && unit.end.on <= DEMO_HORIZON ? addDays(unit.end.on, -30) : DEMO_HORIZON;
    const firstJoin = addDays(unit.foundedOn, 1);
    for (let k = 0; k < sizes[unitIndex]!; k += 1) {
      const gender: DemoGender = rng.chance(femaleShare(unit)) ? 'female' : 'male';
      const ethnicityCode = pickWeighted(rng, mix);
      // Born 1966–2006, joining at 19–32, never before the CĐCS was founded nor after it ends.
      let birthDate = '';
      let joinedOn = '';
      for (let attempt = 0; attempt < 12 && !joinedOn; attempt += 1) {
        birthDate = rng.date('1966-01-01', '2006-12-31');
        let joined = addDays(birthDate, Math.round(365.25 * (19 + rng.next() * 13)));
        if (joined < firstJoin) joined = rng.date(firstJoin, addDays(firstJoin, 400));
        if (joined > lastJoin || addDays(birthDate, Math.round(365.25 * 18.1)) > joined) continue;
        joinedOn = joined;
      }
      if (!joinedOn) continue;
      const person = drawPerson(rng, unit, usedCccd, {
        gender,
        ethnicityCode,
        birthDate,
        joinedOn,
        unionPosition: unionPositionOf(k),
      });
      const index = people.push(person) - 1;
      events.push(...personHistory(rng, index, person, unit, byCode, candidates));
    }
  });

  const proposing = byCode.get(proposalsAt);
  if (!proposing) throw new Error(`demo: no CĐCS ${proposalsAt} to propose members`);
  const proposals = Array.from({ length: DEMO_PROPOSALS }, () => {
    const gender: DemoGender = rng.chance(femaleShare(proposing)) ? 'female' : 'male';
    const ethnicityCode = pickWeighted(rng, ethnicMixOf(proposing.district));
    return drawPerson(rng, proposing, usedCccd, {
      gender,
      ethnicityCode,
      birthDate: rng.date('1996-01-01', '2003-12-31'),
      joinedOn: DEMO_HORIZON,
      unionPosition: null,
    });
  });
  return { people, events, proposals };
}

/**
 * One person's events after admission, in date order: at most one random turn (a transfer, a leave with its reason,
 * a death) between 2019 and the horizon, sometimes a reinstatement after a leave, retirement when the person
 * reaches the age, and a transfer to the receiving CĐCS whenever the CĐCS they are in is merged away.
 */
function personHistory(
  rng: Random,
  person: number,
  p: DemoPerson,
  home: DemoGrassroots,
  byCode: Map<string, DemoGrassroots>,
  candidates: Candidates,
): DemoMemberEvent[] {
  const family = familyOf(home);
  const rates = RATES[family];
  const out: DemoMemberEvent[] = [];
  let unit = home;
  let stayFrom = p.joinedOn;
  let active = true;

  /** Forced transfers for every merger of the current CĐCS up to `until` (inclusive). */
  const followMergers = (until: string) => {
    while (active && unit.end && unit.end.on <= until) {
      const into = byCode.get(unit.end.into);
      if (!into) throw new Error(`demo: ${unit.code} merges into unknown ${unit.end.into}`);
      out.push({
        person,
        kind: 'transfer',
        effectiveOn: unit.end.on,
        unitCode: unit.code,
        toUnitCode: into.code,
        note:
          unit.end.on === '2025-07-01'
            ? RESTRUCTURE_NOTE
            : `Sáp nhập ${unit.name.replace(/^CĐCS /, '')} vào ${into.name.replace(/^CĐCS /, '')}`,
      });
      stayFrom = unit.end.on;
      unit = into;
    }
  };
  /** A day for an event, strictly after the current stay began and within the window; null when none fits. */
  const dayAfterStay = (from: string, to: string): string | null => {
    const start = [addDays(stayFrom, 60), from].sort()[1]!;
    return start <= to ? rng.date(start, to) : null;
  };

  const retireOn = retirementDate(p.birthDate, p.gender);
  const window: [string, string] = [EVENTS_FROM, DEMO_HORIZON];
  const roll = rng.next();
  type Turn = 'transfer' | 'job_ended' | 'resigned' | 'other' | 'expelled' | 'death' | null;
  let turn: Turn = null;
  let edge = rates.transfer;
  if (roll < edge) turn = 'transfer';
  else if (roll < (edge += rates.jobEnded)) turn = 'job_ended';
  else if (roll < (edge += 0.012)) turn = 'resigned';
  else if (roll < (edge += 0.006)) turn = 'other';
  else if (roll < (edge += 0.001)) turn = 'expelled';
  else if (roll < (edge += 0.004)) turn = 'death';

  const turnOn = turn
    ? dayAfterStay(window[0], window[1] < retireOn ? window[1] : addDays(retireOn, -1))
    : null;
  if (turn && turnOn) {
    followMergers(turnOn);
    if (turnOn > addDays(stayFrom, 30)) {
      if (turn === 'transfer') {
        const target = transferTarget(rng, candidates, unit, turnOn);
        if (target) {
          out.push({
            person,
            kind: 'transfer',
            effectiveOn: turnOn,
            unitCode: unit.code,
            toUnitCode: target.code,
            decisionNo: `${rng.int(10, 990)}/QĐ-${family === 'school' ? 'SGDĐT' : family === 'health' ? 'SYT' : 'UBND'}`,
            note: target.district === unit.district ? NOTES.transfer : NOTES.transferFar,
          });
          unit = target;
          stayFrom = turnOn;
        }
      } else if (turn === 'death') {
        out.push({ person, kind: 'death', effectiveOn: turnOn, unitCode: unit.code, note: NOTES.death });
        active = false;
      } else {
        const reason: LeaveReason = turn;
        const note =
          turn === 'job_ended'
            ? NOTES.jobEnded
            : turn === 'resigned'
              ? NOTES.resigned
              : turn === 'other'
                ? NOTES.other
                : NOTES.expelled;
        out.push({ person, kind: 'leave', effectiveOn: turnOn, unitCode: unit.code, reason, note });
        active = false;
        // Some who left come back: the same CĐCS or another of the same kind, months later.
        if ((turn === 'job_ended' || turn === 'resigned') && rng.chance(0.12)) {
          const back = addDays(turnOn, rng.int(90, 720));
          const target =
            rng.chance(0.6) && aliveOn(unit, back) ? unit : transferTarget(rng, candidates, unit, back);
          if (back <= DEMO_HORIZON && back < retireOn && target) {
            out.push({
              person,
              kind: 'reinstate',
              effectiveOn: back,
              unitCode: target.code,
              note: NOTES.reinstate,
            });
            active = true;
            unit = target;
            stayFrom = back;
          }
        }
      }
    }
  }
  if (active && retireOn >= EVENTS_FROM && retireOn <= DEMO_HORIZON && retireOn > addDays(stayFrom, 1)) {
    followMergers(retireOn);
    if (retireOn > stayFrom) {
      out.push({
        person,
        kind: 'leave',
        effectiveOn: retireOn,
        unitCode: unit.code,
        reason: 'retired',
        note: NOTES.retired,
      });
      active = false;
    }
  }
  followMergers(DEMO_HORIZON);
  return out;
}
