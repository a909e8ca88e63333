/**
 * The 12-digit personal identification number printed on the citizen identity card (CCCD, thẻ căn cước):
 * Thông tư 07/2016/TT-BCA, Điều 7 (kept by Luật Căn cước 2023, Điều 12).
 *   digits 1–3  code of the province where the birth was registered (Phụ lục 1 of TT 07/2016: the 63 provinces
 *               before 1/7/2025; the 34 merged provinces kept codes from this list)
 *   digit  4    century of birth and gender: 0/1 = 1900–1999 male/female, 2/3 = 2000–2099, 4/5 = 2100–2199,
 *               6/7 = 2200–2299, 8/9 = 1800–1899 (even = male, odd = female)
 *   digits 5–6  last two digits of the year of birth
 *   digits 7–12 a random number
 * Pure: every message is Vietnamese and names the field ("Số CCCD") so it can stand next to the input.
 */
import { formatDate } from './dates';

/** Province codes of birth registration (Phụ lục 1, Thông tư 07/2016/TT-BCA). */
export const CCCD_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'TP Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

export type CccdGender = 'male' | 'female';

export interface CccdParts {
  provinceCode: string;
  provinceName: string;
  gender: CccdGender;
  /** The full year of birth the number encodes, e.g. 1990. */
  birthYear: number;
}

/** First year of the century each 4th digit names (two digits per century: male, female). */
const CENTURY_OF_DIGIT = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800] as const;

/** Removes the spaces, dots and dashes people type inside the number ("079 190 012345" → "079190012345"). */
export function normalizeCccd(input: string): string {
  return input.replace(/[\s.\-_]/g, '');
}

/** Reads a well-formed number (12 digits, known province); null otherwise. */
export function parseCccd(cccd: string): CccdParts | null {
  if (!/^\d{12}$/.test(cccd)) return null;
  const provinceCode = cccd.slice(0, 3);
  const provinceName = CCCD_PROVINCES[provinceCode];
  if (!provinceName) return null;
  const digit = Number(cccd[3]);
  const century = CENTURY_OF_DIGIT[digit] ?? 1900;
  return {
    provinceCode,
    provinceName,
    gender: digit % 2 === 0 ? 'male' : 'female',
    birthYear: century + Number(cccd.slice(4, 6)),
  };
}

const GENDER_WORD: Record<CccdGender, string> = { male: 'Nam', female: 'Nữ' };

/**
 * What is wrong with a number, checked against the person's gender and date of birth when known.
 * Returns Vietnamese messages (empty when the number is right); each names the field and the digits at fault.
 */
export function cccdProblems(
  cccd: string,
  person: { gender?: CccdGender | undefined; birthDate?: string | undefined } = {},
): string[] {
  if (!/^\d*$/.test(cccd)) return ['Số CCCD chỉ gồm chữ số.'];
  if (cccd.length !== 12) return [`Số CCCD phải gồm đúng 12 chữ số (đang có ${cccd.length}).`];
  const provinceCode = cccd.slice(0, 3);
  if (!CCCD_PROVINCES[provinceCode]) {
    return [
      `Số CCCD: 3 chữ số đầu "${provinceCode}" không phải mã tỉnh, thành phố nơi đăng ký khai sinh (001–096).`,
    ];
  }
  const parts = parseCccd(cccd);
  // Stryker disable next-line all: unreachable (12 digits and a known province checked above); narrows the type
  if (!parts) return ['Số CCCD không hợp lệ.'];
  const problems: string[] = [];
  // Stryker disable next-line StringLiteral: unreachable fallback, the number has 12 digits here
  const digit = cccd[3] ?? '';
  const century = CENTURY_OF_DIGIT[Number(digit)] ?? 1900;
  const centuryText = `sinh từ năm ${century} đến ${century + 99}`;
  if (person.gender && person.gender !== parts.gender) {
    problems.push(
      `Số CCCD: chữ số thứ 4 là "${digit}" (${GENDER_WORD[parts.gender].toLowerCase()}, ${centuryText}) ` +
        `không khớp với giới tính ${GENDER_WORD[person.gender]}.`,
    );
  }
  const birthYear = person.birthDate ? Number(person.birthDate.slice(0, 4)) : NaN;
  if (Number.isInteger(birthYear)) {
    if (birthYear < century || birthYear > century + 99) {
      problems.push(
        `Số CCCD: chữ số thứ 4 là "${digit}" (${centuryText}) không khớp với ngày sinh ${formatDate(person.birthDate)}.`,
      );
    } else if (parts.birthYear !== birthYear) {
      problems.push(
        `Số CCCD: chữ số thứ 5–6 là "${cccd.slice(4, 6)}" nhưng năm sinh là ${birthYear} (ngày sinh ${formatDate(person.birthDate)}).`,
      );
    }
  }
  return problems;
}
