/**
 * The member code (mã đoàn viên): unique nationwide, issued when a proposal is approved, printed on the card.
 *
 * Format: 10 digits = a 9-digit number from the database sequence `member_code_seq` (starting at 100000000, so a
 * code never begins with 0 and survives Excel and phone keypads) + 1 check digit by the Luhn algorithm
 * (ISO/IEC 7812-1). Luhn was chosen over ISO 7064 MOD 11-2 because MOD 11-2 needs the letter "X" for one check value
 * in eleven, which cannot be typed on a numeric keypad; Luhn stays all-digit and still catches every single-digit
 * mistake and every swap of two adjacent digits except 09 ↔ 90.
 */
import { invalidMemberCode } from './errors';

export const MEMBER_CODE_LENGTH = 10;
export const MEMBER_CODE_FIRST_NUMBER = 100_000_000;
export const MEMBER_CODE_LAST_NUMBER = 999_999_999;

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  // From the right, every second digit of the body (starting with the last) is doubled.
  for (let i = 0; i < body.length; i += 1) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** The code for a sequence number: 123456789 → "1234567897". */
export function formatMemberCode(sequence: number): string {
  if (
    !Number.isInteger(sequence) ||
    sequence < MEMBER_CODE_FIRST_NUMBER ||
    sequence > MEMBER_CODE_LAST_NUMBER
  ) {
    throw new RangeError(`member code sequence out of range: ${sequence}`);
  }
  const body = String(sequence);
  return body + String(luhnCheckDigit(body));
}

/** Removes the spaces and dots of a code read from a card ("1234 5678 97"). */
export function normalizeMemberCode(input: string): string {
  return input.replace(/[\s.\-]/g, '');
}

/** Why a code is not a valid member code (Vietnamese, naming the field), or null when it is. */
export function memberCodeProblem(code: string): string | null {
  if (!/^\d+$/.test(code)) return 'Mã đoàn viên chỉ gồm chữ số.';
  if (code.length !== MEMBER_CODE_LENGTH)
    return `Mã đoàn viên gồm ${MEMBER_CODE_LENGTH} chữ số (đang có ${code.length}).`;
  if (code.startsWith('0')) return 'Mã đoàn viên không bắt đầu bằng số 0.';
  const body = code.slice(0, -1);
  if (Number(code.slice(-1)) !== luhnCheckDigit(body))
    return `Mã đoàn viên "${code}" sai chữ số kiểm tra; kiểm tra lại từng chữ số trên thẻ.`;
  return null;
}

export function isMemberCode(code: string): boolean {
  return memberCodeProblem(code) === null;
}

/** Validates a member code read from a card or typed by a person (check digit included); refuses it beside `field`. */
export function requireMemberCode(field: string, input: string): string {
  const code = normalizeMemberCode(input);
  const problem = memberCodeProblem(code);
  if (problem) throw invalidMemberCode(field, problem);
  return code;
}
