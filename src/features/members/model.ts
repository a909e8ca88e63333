/**
 * The member registry's pure rules: membership events and the stays they make, statuses, age bands, masking of
 * personal data. A membership is a person's stay in a unit, from the event that starts it to the event that ends it;
 * stays are derived from the events and never typed in.
 */
import { formatDate, OPEN_END } from '../../lib/dates';

/** Permissions of the member registry (listed in access/model.ts PERMISSIONS). */
export const MEMBER_PERMISSIONS = [
  'members.read',
  'members.write',
  'members.approve',
  'members.pii',
] as const;
export type MemberPermission = (typeof MEMBER_PERMISSIONS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { male: 'Nam', female: 'Nữ' };

/** Kinds of stored events. A transfer is two rows (out of one unit, into another) so each row has one federation. */
export const EVENT_KINDS = ['admit', 'transfer_in', 'transfer_out', 'leave', 'reinstate', 'death'] as const;
export type MembershipEventKind = (typeof EVENT_KINDS)[number];
export const EVENT_LABELS: Record<MembershipEventKind, string> = {
  admit: 'Kết nạp',
  transfer_in: 'Chuyển sinh hoạt đến',
  transfer_out: 'Chuyển sinh hoạt đi',
  leave: 'Thôi sinh hoạt',
  reinstate: 'Khôi phục sinh hoạt',
  death: 'Từ trần',
};
const STARTS: ReadonlySet<MembershipEventKind> = new Set(['admit', 'transfer_in', 'reinstate']);

export const LEAVE_REASONS = ['resigned', 'job_ended', 'retired', 'expelled', 'other'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];
export const LEAVE_REASON_LABELS: Record<LeaveReason, string> = {
  resigned: 'Xin thôi sinh hoạt',
  job_ended: 'Nghỉ việc, chuyển nơi làm việc',
  retired: 'Nghỉ hưu',
  expelled: 'Khai trừ, xóa tên',
  other: 'Lý do khác',
};

/**
 * A person's own fields, as members and proposals both hold them and a member file's columns may carry them: the one
 * list the stores, the approval and the import derive theirs from.
 */
export const PERSON_FIELDS = [
  'fullName',
  'birthDate',
  'gender',
  'ethnicityCode',
  'religion',
  'cccd',
  'phone',
  'email',
  'education',
  'occupation',
  'unionPosition',
  'partyMember',
  'joinedOn',
] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];

export const MEMBER_STATUSES = ['active', 'left', 'deceased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  active: 'Đang sinh hoạt',
  left: 'Đã thôi sinh hoạt',
  deceased: 'Đã từ trần',
};

export const PROPOSAL_STATUSES = ['proposed', 'returned', 'approved', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  proposed: 'Chờ duyệt',
  returned: 'Trả lại',
  approved: 'Đã duyệt',
  withdrawn: 'Đã rút',
};

/** Members belong to grassroots unions (level 4) and the sub-units inside them, never to upper levels. */
export const MEMBER_UNIT_MIN_LEVEL = 4;

/** The power (unit_types.powers) that approves admissions. */
export const ADMIT_POWER = 'admit_members';

// -------------------------------------------------------------------------------------------------------------
// Stays derived from events

export interface EventForDerivation {
  /** Order of recording; among events of one day, the earlier recorded comes first. */
  seq: number;
  kind: MembershipEventKind;
  unitId: string;
  effectiveOn: string;
}

export interface Stay {
  unitId: string;
  validFrom: string;
  /** First day no longer a member there (half-open), or the open end. */
  validTo: string;
  startKind: MembershipEventKind;
  endKind: MembershipEventKind | null;
}

export type Derivation =
  | { ok: true; stays: Stay[]; diedOn: string | null }
  | { ok: false; seq: number; date: string; reason: string };

/**
 * Replays a person's events in date order and returns their stays, or the first event that does not fit the ones
 * before it (with a Vietnamese reason naming the event). Back-dated events are simply replayed in their place.
 */
export function deriveStays(
  events: readonly EventForDerivation[],
  unitName: (unitId: string) => string,
): Derivation {
  const sorted = [...events].sort((a, b) =>
    a.effectiveOn === b.effectiveOn ? a.seq - b.seq : a.effectiveOn < b.effectiveOn ? -1 : 1,
  );
  const open = new Map<string, Stay>();
  const stays: Stay[] = [];
  let diedOn: string | null = null;
  let everLeft = false;
  for (const event of sorted) {
    const d = event.effectiveOn;
    const fail = (why: string): Derivation => ({
      ok: false,
      seq: event.seq,
      date: d,
      reason: `${EVENT_LABELS[event.kind]} ngày ${formatDate(d)}: ${why}`,
    });
    const unit = `"${unitName(event.unitId)}"`;
    if (diedOn !== null) return fail(`đoàn viên đã từ trần ngày ${formatDate(diedOn)}`);
    if (STARTS.has(event.kind)) {
      if (open.has(event.unitId)) return fail(`đoàn viên đang sinh hoạt tại ${unit}`);
      if (event.kind === 'reinstate') {
        const [current] = open.values();
        if (current) return fail(`đoàn viên đang sinh hoạt tại "${unitName(current.unitId)}"`);
        if (!everLeft) return fail('đoàn viên chưa thôi sinh hoạt lần nào');
      }
      const stay: Stay = {
        unitId: event.unitId,
        validFrom: d,
        validTo: OPEN_END,
        startKind: event.kind,
        endKind: null,
      };
      open.set(event.unitId, stay);
      stays.push(stay);
      continue;
    }
    const stay = open.get(event.unitId);
    if (!stay) return fail(`đoàn viên không sinh hoạt tại ${unit} vào ngày này`);
    if (d <= stay.validFrom)
      return fail(`phải sau ngày bắt đầu sinh hoạt tại ${unit} (${formatDate(stay.validFrom)})`);
    stay.validTo = d;
    stay.endKind = event.kind;
    open.delete(event.unitId);
    if (event.kind === 'leave') everLeft = true;
    if (event.kind === 'death' && open.size === 0) diedOn = d;
  }
  return { ok: true, stays, diedOn };
}

/** A person's status on a date, from their stays. */
export function statusOn(
  stays: readonly { validFrom: string; validTo: string; endKind: string | null }[],
  date: string,
): MemberStatus | null {
  if (stays.some((s) => s.validFrom <= date && date < s.validTo)) return 'active';
  const ended = stays.filter((s) => s.validTo <= date);
  if (ended.length === 0) return null;
  // The stays that ended last decide; a death among them wins (left one unit and died in another that day).
  const lastEnd = ended.reduce((last, s) => (s.validTo > last ? s.validTo : last), '');
  return ended.some((s) => s.validTo === lastEnd && s.endKind === 'death') ? 'deceased' : 'left';
}

// -------------------------------------------------------------------------------------------------------------
// Ages

export interface AgeBand {
  key: string;
  label: string;
  /** Inclusive lower bound in full years. */
  from: number;
  /** Inclusive upper bound in full years, or null for "and older". */
  to: number | null;
}

/** Default age bands of member statistics; a report can ask for others. */
export const AGE_BANDS: readonly AgeBand[] = [
  { key: 'under_30', label: 'Dưới 30 tuổi', from: 0, to: 29 },
  { key: '30_39', label: 'Từ 30 đến 39 tuổi', from: 30, to: 39 },
  { key: '40_49', label: 'Từ 40 đến 49 tuổi', from: 40, to: 49 },
  { key: '50_59', label: 'Từ 50 đến 59 tuổi', from: 50, to: 59 },
  { key: '60_plus', label: 'Từ 60 tuổi trở lên', from: 60, to: null },
];

/** Full years of age on a date. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The ISO date `years` years before `date` (29 February falls back to 28 February). */
export function yearsBefore(date: string, years: number): string {
  const year = String(Number(date.slice(0, 4)) - years).padStart(4, '0');
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${year}-${monthDay}`;
}

/**
 * Birth dates of people aged `from` to `to` (inclusive) on `date`: born after `after` and on or before `until`.
 */
export function birthRangeForAges(
  date: string,
  from: number | undefined,
  to: number | undefined,
): { after?: string; until?: string } {
  return {
    ...(to === undefined ? {} : { after: yearsBefore(date, to + 1) }),
    ...(from === undefined ? {} : { until: yearsBefore(date, from) }),
  };
}

// -------------------------------------------------------------------------------------------------------------
// Personal data (Nghị định 13/2023/NĐ-CP: identity numbers are sensitive, shown only where needed)

/** "079190012345" → "079******345": the province of birth registration and the last three digits stay. */
export function maskCccd(cccd: string | null): string | null {
  if (!cccd) return cccd;
  return cccd.length <= 6
    ? '*'.repeat(cccd.length)
    : `${cccd.slice(0, 3)}${'*'.repeat(cccd.length - 6)}${cccd.slice(-3)}`;
}

/** "0912345678" → "091****678". */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length <= 6
    ? '*'.repeat(phone.length)
    : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 6)}${phone.slice(-3)}`;
}

/**
 * More cards than this in one file is a job for several prints. 2.000 cards: a 3 MB PDF, rendered in 10 s on an
 * idle 2-core machine (25 s under load) with ≈700 MB of memory at the peak.
 */
export const MAX_CARDS_PER_PRINT = 2000;
