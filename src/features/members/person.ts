/**
 * A person's record as people type it, normalised and checked: NFC text, names title-cased the Vietnamese way,
 * folded search text, the name sort key, the CCCD checked against gender and date of birth, Vietnamese mobile
 * numbers. Pure; shared by the forms, the proposal lists and (later) the Excel import.
 */
import { cccdProblems, normalizeCccd } from '../../lib/cccd';
import { formatDate, isIsoDate } from '../../lib/dates';
import { foldVietnamese, normalizeText, titleCaseVietnamese } from '../../lib/text';
import { ageOn, GENDERS, type Gender } from './model';
import { nameSortKey } from './name-order';
import { ETHNICITY_NAMES } from './reference-data';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Labour age: a worker is at least 15 (Bộ luật Lao động 2019, Điều 3 and Điều 143). */
export const MIN_AGE_AT_JOINING = 15;

export interface PersonInput {
  fullName: string;
  birthDate: string;
  gender: string;
  ethnicityCode: string;
  religion?: string | null | undefined;
  cccd?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  education?: string | null | undefined;
  occupation?: string | null | undefined;
  unionPosition?: string | null | undefined;
  partyMember?: boolean | undefined;
  joinedOn: string;
}

export interface Person {
  fullName: string;
  sortKey: string;
  searchText: string;
  birthDate: string;
  gender: Gender;
  ethnicityCode: string;
  religion: string | null;
  cccd: string | null;
  phone: string | null;
  email: string | null;
  education: string | null;
  occupation: string | null;
  unionPosition: string | null;
  partyMember: boolean;
  joinedOn: string;
}

const PHONE_MESSAGE =
  'Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (có thể viết +84 thay cho số 0).';

/**
 * A Vietnamese mobile number in the form 0xxxxxxxxx, from "0912 345 678", "+84 912.345.678" or "84912345678";
 * null when it is not one (prefixes 03, 05, 07, 08, 09 since the 2018 renumbering).
 */
export function normalizePhone(input: string): string | null {
  let digits = input.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (/^84\d{9}$/.test(digits)) digits = `0${digits.slice(2)}`;
  return /^0[35789]\d{8}$/.test(digits) ? digits : null;
}

export function phoneProblem(input: string): string | null {
  return normalizePhone(input) === null
    ? `Số điện thoại "${input.trim()}" không hợp lệ. ${PHONE_MESSAGE}`
    : null;
}

const NAME_RE = /^[\p{L}\p{M}]+(?:[ '’\-][\p{L}\p{M}]+)*$/u;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

const optional = (value: string | null | undefined): string | null => {
  const text = normalizeText(value ?? '');
  return text === '' ? null : text;
};

/**
 * Normalises one person and lists every problem, each with its field and a Vietnamese message that says how to fix
 * it. `today` bounds dates (no birth or joining in the future).
 */
export function preparePerson(
  input: PersonInput,
  today: string,
): { person: Person; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  // Central Highlands names keep a capital after the apostrophe: "H'Hen Niê", "K'Brơi".
  const fullName = titleCaseVietnamese(input.fullName ?? '').replace(
    /(['’\-])(\p{Ll})/gu,
    (_, mark: string, letter: string) => mark + letter.toLocaleUpperCase('vi'),
  );
  if (fullName.length === 0) add('fullName', 'Họ và tên: không được để trống.');
  else if (fullName.length < 2) add('fullName', 'Họ và tên: cần ít nhất 2 ký tự.');
  else if (!NAME_RE.test(fullName))
    add('fullName', 'Họ và tên chỉ gồm chữ cái, dấu cách, dấu nháy và gạch nối.');

  const gender = input.gender as Gender;
  if (!(GENDERS as readonly string[]).includes(input.gender)) add('gender', 'Giới tính phải là Nam hoặc Nữ.');

  const birthDate = input.birthDate;
  const joinedOn = input.joinedOn;
  const birthOk = isIsoDate(birthDate);
  const joinedOk = isIsoDate(joinedOn);
  if (!birthOk) add('birthDate', 'Ngày sinh không hợp lệ (dd/mm/yyyy).');
  else if (birthDate < '1900-01-01' || birthDate > today)
    add('birthDate', `Ngày sinh ${formatDate(birthDate)} không hợp lệ.`);
  if (!joinedOk) add('joinedOn', 'Ngày vào công đoàn không hợp lệ (dd/mm/yyyy).');
  else if (joinedOn > today)
    add('joinedOn', `Ngày vào công đoàn ${formatDate(joinedOn)} không được sau ngày hôm nay.`);
  if (birthOk && joinedOk && ageOn(birthDate, joinedOn) < MIN_AGE_AT_JOINING) {
    add(
      'birthDate',
      `Ngày sinh ${formatDate(birthDate)}: người vào công đoàn phải đủ ${MIN_AGE_AT_JOINING} tuổi ` +
        `vào ngày vào công đoàn (${formatDate(joinedOn)}).`,
    );
  }

  const ethnicityCode = (input.ethnicityCode ?? '').trim().padStart(2, '0');
  if (!ETHNICITY_NAMES.has(ethnicityCode))
    add('ethnicityCode', `Dân tộc "${input.ethnicityCode}" không có trong danh mục 54 dân tộc.`);

  const cccdText = optional(input.cccd);
  const cccd = cccdText === null ? null : normalizeCccd(cccdText);
  if (cccd !== null) {
    for (const message of cccdProblems(cccd, {
      gender: problems.some((p) => p.field === 'gender') ? undefined : gender,
      birthDate: birthOk ? birthDate : undefined,
    }))
      add('cccd', message);
  }

  const phoneText = optional(input.phone);
  const phone = phoneText === null ? null : normalizePhone(phoneText);
  if (phoneText !== null && phone === null) add('phone', phoneProblem(phoneText) ?? PHONE_MESSAGE);

  const email = optional(input.email)?.toLowerCase() ?? null;
  if (email !== null && !EMAIL_RE.test(email)) add('email', `Email "${email}" không hợp lệ.`);

  return {
    person: {
      fullName,
      sortKey: nameSortKey(fullName),
      searchText: foldVietnamese(fullName),
      birthDate,
      gender,
      ethnicityCode,
      religion: optional(input.religion),
      cccd,
      phone: phone ?? phoneText,
      email,
      education: optional(input.education),
      occupation: optional(input.occupation),
      unionPosition: optional(input.unionPosition),
      partyMember: input.partyMember ?? false,
      joinedOn,
    },
    problems,
  };
}
