/** Requests and responses of the member registry's API, shared with the web app. Messages are Vietnamese. */
import { z } from 'zod';
import { effectiveDate, id, isoDate, nameText, noteText, optionalText, searchText } from '../../lib/schemas';
import { sectorId } from '../organisation/contract';
import { GENDERS, LEAVE_REASONS, MEMBER_STATUSES, PROPOSAL_STATUSES } from './model';

export const unitParams = z.object({ unitId: z.string() });
export const memberParams = z.object({ unitId: z.string(), memberId: id });
export const proposalParams = z.object({ unitId: z.string(), proposalId: id });

const gender = z.enum(GENDERS, { message: 'Giới tính phải là Nam (male) hoặc Nữ (female).' });
const ethnicityCode = z
  .string()
  .trim()
  .regex(/^\d{1,2}$/, { message: 'Mã dân tộc gồm 2 chữ số (01 Kinh … 54 Rơ Măm).' });
const page = z.coerce.number({ message: 'Số trang phải là số.' }).int().min(1).default(1);
const pageSize = z.coerce
  .number({ message: 'Số dòng mỗi trang phải là số.' })
  .int()
  .min(1)
  .max(200, { message: 'Tối đa 200 dòng mỗi trang.' })
  .default(50);
const age = z.coerce.number({ message: 'Tuổi phải là số.' }).int().min(0).max(120);
const yesNo = z.enum(['true', 'false'], { message: 'Chọn true hoặc false.' }).transform((v) => v === 'true');

// -------------------------------------------------------------------------------------------------------------
// A person

/**
 * The longest text of each field of a person, the same in a form and in an import file (import-checks.ts), checked by
 * the one text policy (lib/text.ts).
 */
export const PERSON_TEXT_LIMITS = {
  fullName: 100,
  religion: 100,
  cccd: 20,
  phone: 20,
  email: 200,
  education: 100,
  occupation: 200,
  unionPosition: 100,
  memberCode: 20,
} as const;
const L = PERSON_TEXT_LIMITS;
/** A full name: at least 2 characters (as person.ts preparePerson asks). */
export const MIN_FULL_NAME = 2;

export const personFields = z.object({
  fullName: nameText(L.fullName, MIN_FULL_NAME),
  birthDate: isoDate,
  gender,
  ethnicityCode: ethnicityCode.default('01'),
  religion: optionalText(L.religion),
  cccd: optionalText(L.cccd),
  phone: optionalText(L.phone),
  email: optionalText(L.email),
  education: optionalText(L.education),
  occupation: optionalText(L.occupation),
  unionPosition: optionalText(L.unionPosition),
  partyMember: z.boolean().default(false),
  joinedOn: isoDate,
});
export type PersonFields = z.input<typeof personFields>;

/**
 * A person in a proposal; `memberCode` when they are a member elsewhere and join a second organisation. No join
 * date is needed: no admission decision exists yet, and approval takes the decision's date
 * (services/decide-proposals.ts); a date is given only for someone who joined the union earlier (a transfer from
 * outside the system), and is kept then.
 */
export const proposalPerson = personFields.extend({
  memberCode: optionalText(L.memberCode),
  joinedOn: isoDate
    .or(z.literal(''))
    .nullish()
    .transform((v) => (v ? v : null)),
});

/** Absent: unchanged; null or empty: cleared. */
const patchText = (max: number) => optionalText(max).optional();

/** A correction of personal data: absent fields stay, null clears an optional one. */
export const memberPatch = z.object({
  fullName: nameText(L.fullName, MIN_FULL_NAME).optional(),
  birthDate: isoDate.optional(),
  gender: gender.optional(),
  ethnicityCode: ethnicityCode.optional(),
  religion: patchText(L.religion),
  cccd: patchText(L.cccd),
  phone: patchText(L.phone),
  email: patchText(L.email),
  education: patchText(L.education),
  occupation: patchText(L.occupation),
  unionPosition: patchText(L.unionPosition),
  partyMember: z.boolean().optional(),
  joinedOn: isoDate.optional(),
  /** The version of the record the form loaded (memberDetailResponse): a record saved meanwhile refuses it (409). */
  version: z
    .number({ message: 'Thiếu phiên bản của hồ sơ (version); hãy tải lại hồ sơ rồi sửa.' })
    .int({ message: 'Phiên bản của hồ sơ (version) phải là số nguyên.' })
    .min(1, { message: 'Phiên bản của hồ sơ (version) phải từ 1 trở lên.' }),
});

const personView = z.object({
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  ethnicityCode: z.string(),
  ethnicityName: z.string(),
  religion: z.string().nullable(),
  cccd: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  education: z.string().nullable(),
  occupation: z.string().nullable(),
  unionPosition: z.string().nullable(),
  partyMember: z.boolean(),
  joinedOn: z.string(),
});

// -------------------------------------------------------------------------------------------------------------
// Search, record, counts

export const memberSearchQuery = z.object({
  q: searchText(100).optional(),
  code: searchText(20).optional(),
  at: isoDate.optional(),
  within: z.enum(['subtree', 'unit'], { message: 'Chọn subtree hoặc unit.' }).optional(),
  status: z.enum([...MEMBER_STATUSES, 'all'], { message: 'Trạng thái không hợp lệ.' }).optional(),
  gender: gender.optional(),
  sector: sectorId.optional(),
  ethnicityCode: ethnicityCode.optional(),
  partyMember: yesNo.optional(),
  ageFrom: age.optional(),
  ageTo: age.optional(),
  page,
  pageSize,
});

const stayView = z.object({ id: z.string(), name: z.string(), since: z.string(), until: z.string() });

export const memberListItem = z.object({
  id: z.string(),
  code: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  gender: z.string(),
  ethnicityCode: z.string(),
  ethnicityName: z.string(),
  cccd: z.string().nullable(),
  phone: z.string().nullable(),
  partyMember: z.boolean(),
  unionPosition: z.string().nullable(),
  joinedOn: z.string(),
  status: z.enum(MEMBER_STATUSES),
  /** The stays that put the person in the list (usually one). */
  units: z.array(stayView),
});
export type MemberListItem = z.infer<typeof memberListItem>;

export const memberListResponse = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  at: z.string(),
  personalDataShown: z.boolean(),
  members: z.array(memberListItem),
});

const membershipView = z.object({
  unitId: z.string(),
  unitName: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  startKind: z.string(),
  endKind: z.string().nullable(),
});

const eventView = z.object({
  id: z.number(),
  kind: z.string(),
  label: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  relatedUnitName: z.string().nullable(),
  effectiveOn: z.string(),
  reason: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  decisionNo: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
  /** For an admission: the proposal it was approved on. */
  proposal: z
    .object({
      proposedOn: z.string(),
      round: z.number(),
      approvingUnitName: z.string(),
      decidedByName: z.string().nullable(),
      decidedAt: z.string().nullable(),
    })
    .nullable(),
});

const memberRecord = personView.extend({
  id: z.string(),
  code: z.string(),
  status: z.enum(MEMBER_STATUSES),
  statusLabel: z.string(),
});

/**
 * A correction of the record's personal data: who, when, and each field from what to what (CCCD, phone masked), the
 * values as data (dates ISO, gender and ethnic group by code, party membership a boolean) for the reader's language.
 */
const correctionValue = z.union([z.string(), z.boolean()]).nullable();
const correctionView = z.object({
  at: z.string(),
  byName: z.string().nullable(),
  changes: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      before: correctionValue,
      after: correctionValue,
    }),
  ),
});

export const memberDetailResponse = z.object({
  /** `version` travels with the edit form and comes back in its PATCH. */
  member: memberRecord.extend({ version: z.number() }),
  personalDataShown: z.boolean(),
  memberships: z.array(membershipView),
  events: z.array(eventView),
  corrections: z.array(correctionView),
  currentUnitId: z.string().nullable(),
});
export type MemberDetail = z.infer<typeof memberDetailResponse>;

export const memberUpdateResponse = z.object({
  id: z.string(),
  changed: z.array(z.string()),
  /** The record's version after the change. */
  version: z.number(),
});

export const countsQuery = z.object({
  at: isoDate.optional(),
  within: z.enum(['subtree', 'unit'], { message: 'Chọn subtree hoặc unit.' }).optional(),
});

const countLine = z.object({
  key: z.string(),
  label: z.string(),
  memberships: z.number(),
  persons: z.number(),
});
export const countsResponse = z.object({
  at: z.string(),
  within: z.enum(['subtree', 'unit']),
  /** Stays counted once per unit; a person in two organisations counts twice here, once in `persons`. */
  memberships: z.number(),
  persons: z.number(),
  byGender: z.array(countLine),
  bySector: z.array(countLine),
  byEthnicity: z.array(countLine),
  byAgeBand: z.array(countLine),
});
export type MemberCounts = z.infer<typeof countsResponse>;

const listedValue = z.object({ name: z.string(), nameEn: z.string() });
/**
 * The value lists of a person's fields, each value with its English name (English mode shows that; records keep
 * the Vietnamese): the 54 ethnic groups by code, and the religions, education levels, occupations and union
 * positions people commonly write in those free-text fields.
 */
export const personValuesResponse = z.object({
  ethnicities: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  religions: z.array(listedValue),
  educationLevels: z.array(listedValue),
  occupations: z.array(listedValue),
  unionPositions: z.array(listedValue),
});

// -------------------------------------------------------------------------------------------------------------
// Events

const eventMeta = z.object({
  effectiveOn: effectiveDate,
  decisionNo: optionalText(60),
  note: noteText(1000),
});

export const transferRequest = eventMeta.extend({ toUnitId: id, fromUnitId: id.optional() });
export const leaveRequest = eventMeta.extend({
  reason: z.enum(LEAVE_REASONS, { message: 'Chọn lý do thôi sinh hoạt.' }),
  fromUnitId: id.optional(),
});
export const reinstateRequest = eventMeta.extend({ toUnitId: id });
export const deathRequest = eventMeta;
export const transferAllRequest = eventMeta.extend({ toUnitId: id });

export const eventResponse = z.object({
  memberId: z.string(),
  stays: z.array(
    z.object({
      unitId: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
      startKind: z.string(),
      endKind: z.string().nullable(),
    }),
  ),
});
export const transferAllResponse = z.object({ transferred: z.number() });

// -------------------------------------------------------------------------------------------------------------
// Proposals

export const proposeRequest = z.object({
  proposedOn: isoDate.optional(),
  people: z
    .array(proposalPerson)
    .min(1, { message: 'Danh sách đề nghị kết nạp đang trống.' })
    .max(500, { message: 'Mỗi lần đề nghị tối đa 500 người; dùng tệp Excel cho danh sách lớn hơn.' }),
});
export type ProposeRequest = z.input<typeof proposeRequest>;

export const proposeResponse = z.object({
  approvingUnit: z.object({ id: z.string(), name: z.string() }),
  proposals: z.array(z.object({ id: z.string(), fullName: z.string(), status: z.enum(PROPOSAL_STATUSES) })),
});

export const correctRequest = proposalPerson.extend({
  proposedOn: isoDate.optional(),
  /** The version of the proposal the correction was made on (from the list): 409 when someone changed it since. */
  version: z.number({ message: 'Thiếu phiên bản của hồ sơ; hãy tải lại danh sách.' }).int().min(1),
});
export const correctResponse = z.object({
  id: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  round: z.number(),
});

export const decideRequest = z.object({
  decisions: z
    .array(
      z.object({
        proposalId: id,
        decision: z.enum(['approve', 'return'], { message: 'Chọn duyệt (approve) hoặc trả lại (return).' }),
        reason: noteText(500),
      }),
    )
    .min(1, { message: 'Chọn ít nhất một hồ sơ.' })
    .max(1000, { message: 'Mỗi lần duyệt tối đa 1.000 hồ sơ.' }),
});
export const decideResponse = z.object({
  approved: z.array(z.object({ proposalId: z.string(), memberId: z.string(), code: z.string() })),
  returned: z.array(z.string()),
});

export const proposalsQuery = z.object({
  status: z.enum(PROPOSAL_STATUSES, { message: 'Trạng thái không hợp lệ.' }).optional(),
  page,
  pageSize,
});
export const proposalListResponse = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  proposals: z.array(
    personView.extend({
      /** The join date the proposal gives (someone who joined earlier), or null: approval takes the decision's date. */
      joinedOn: z.string().nullable(),
      /** The join date the member gets if approved today: `joinedOn`, else today's date (the decision's). */
      joinsOn: z.string(),
      id: z.string(),
      unit: z.object({ id: z.string(), name: z.string() }),
      approvingUnit: z.object({ id: z.string(), name: z.string() }),
      proposedOn: z.string(),
      status: z.enum(PROPOSAL_STATUSES),
      round: z.number(),
      version: z.number(),
      returnReason: z.string().nullable(),
      secondMembership: z.boolean(),
      memberCode: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  ),
});
