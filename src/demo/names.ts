/**
 * Names and places of origin for the demo's people: Vietnamese family names weighted by how common they are,
 * middle and given names by gender, and the naming customs of the peoples of Lâm Đồng (Cơ Ho, Mạ, Chu Ru) and of
 * the northern peoples who settled there (Tày, Nùng, H'Mông, Dao). Also used by the members benchmark, so that
 * search is measured on the names people really type. Invented people; real naming patterns.
 */
import type { Random } from './random';

export type DemoGender = 'male' | 'female';

/** Weighted picks: [value, weight]. */
export type Weighted<T> = readonly (readonly [T, number])[];

export function pickWeighted<T>(rng: Random, items: Weighted<T>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of items) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return items[items.length - 1]![0];
}

/** Family names of the Kinh, by share of the population (roughly: Nguyễn about 38%, Trần 11%, Lê 9.5% …). */
export const KINH_FAMILY_NAMES: Weighted<string> = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4],
  ['Huỳnh', 3],
  ['Phan', 4.5],
  ['Vũ', 2.5],
  ['Võ', 2.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.8],
  ['Đoàn', 0.7],
  ['Trương', 0.7],
  ['Lâm', 0.5],
  ['Mai', 0.5],
  ['Tô', 0.3],
  ['Cao', 0.4],
  ['Lương', 0.4],
  ['Hà', 0.4],
  ['Tạ', 0.3],
  ['Châu', 0.3],
  ['Thái', 0.3],
  ['Quách', 0.2],
  ['Lưu', 0.3],
  ['Kiều', 0.2],
  ['Vương', 0.2],
  ['Trịnh', 0.4],
  ['La', 0.2],
];

export const MALE_MIDDLE_NAMES: Weighted<string> = [
  ['Văn', 40],
  ['Hữu', 6],
  ['Đức', 7],
  ['Minh', 8],
  ['Quang', 5],
  ['Công', 4],
  ['Thành', 3],
  ['Xuân', 3],
  ['Ngọc', 3],
  ['Đình', 4],
  ['Quốc', 4],
  ['Anh', 2],
  ['Hoàng', 3],
  ['Trọng', 3],
  ['Thanh', 3],
  ['Tấn', 2],
  ['Gia', 2],
  ['Bảo', 2],
  ['Nhật', 1],
];

export const FEMALE_MIDDLE_NAMES: Weighted<string> = [
  ['Thị', 45],
  ['Ngọc', 6],
  ['Thu', 5],
  ['Thanh', 5],
  ['Thùy', 4],
  ['Minh', 3],
  ['Hồng', 3],
  ['Kim', 3],
  ['Mỹ', 2],
  ['Bích', 2],
  ['Phương', 2],
  ['Khánh', 2],
  ['Hoài', 2],
  ['Diệu', 1],
  ['Bảo', 2],
  ['Hải', 1],
  ['Quỳnh', 1],
];

export const MALE_GIVEN_NAMES: readonly string[] = [
  'Hùng',
  'Dũng',
  'Tuấn',
  'Nam',
  'Hải',
  'Long',
  'Sơn',
  'Minh',
  'Phong',
  'Quân',
  'Thắng',
  'Trung',
  'Hiếu',
  'Khoa',
  'Huy',
  'Đức',
  'Tài',
  'Thành',
  'Vinh',
  'Cường',
  'Bình',
  'Tâm',
  'Lâm',
  'Toàn',
  'Tùng',
  'Kiên',
  'Hưng',
  'Phúc',
  'Lộc',
  'Khải',
  'An',
  'Bảo',
  'Đạt',
  'Nghĩa',
  'Quý',
  'Thịnh',
  'Việt',
  'Hoàng',
  'Khánh',
  'Linh',
  'Hòa',
  'Thái',
  'Trí',
  'Thuận',
  'Tiến',
  'Vũ',
  'Sang',
  'Hậu',
  'Duy',
  'Quang',
  'Công',
  'Tú',
  'Nhân',
  'Phát',
  'Hào',
  'Chiến',
  'Lợi',
  'Tín',
  'Thông',
  'Hiệp',
];

export const FEMALE_GIVEN_NAMES: readonly string[] = [
  'Lan',
  'Hương',
  'Hoa',
  'Hồng',
  'Mai',
  'Linh',
  'Trang',
  'Thủy',
  'Thúy',
  'Hằng',
  'Nga',
  'Ngọc',
  'Phương',
  'Thảo',
  'Vân',
  'Yến',
  'Nhung',
  'Loan',
  'Dung',
  'Hà',
  'Huyền',
  'Oanh',
  'Trinh',
  'Quyên',
  'My',
  'Nhi',
  'Vy',
  'Anh',
  'Châu',
  'Diễm',
  'Giang',
  'Hạnh',
  'Hiền',
  'Liên',
  'Nguyệt',
  'Tuyết',
  'Uyên',
  'Xuân',
  'Thơ',
  'Thu',
  'Tâm',
  'Duyên',
  'Ly',
  'Nhàn',
  'Phượng',
  'Sương',
  'Thắm',
  'Thanh',
  'Vi',
  'Bích',
  'Dương',
  'Kiều',
  'Lệ',
  'Ngân',
  'Quỳnh',
  'Tiên',
  'Trâm',
];

/** Given names of the Cơ Ho, Mạ and Chu Ru as they appear in union rolls of the highlands. */
const HIGHLAND_MALE = [
  'Brơi',
  'Điệp',
  'Sang',
  'Dũng',
  'Thanh',
  'Sơn',
  'Brêu',
  'Dừ',
  'Sớ',
  'Lang',
  'Tiếp',
  'Hùng',
];
const HIGHLAND_FEMALE = [
  'Nguyệt',
  'Hương',
  'Sen',
  'Sương',
  'Huyền',
  'Bích',
  'Thanh',
  'Mai',
  'Lươn',
  'Djen',
  'Hoa',
];

/** Lineage names of the Cơ Ho Lạch and Cơ Ho Chil around Lạc Dương and Đam Rông. */
const CO_HO_LINEAGES = [
  'Bon Đing',
  'Liêng Hót',
  'Cil',
  'Kră Jăn',
  'Đa Cát',
  'Păng Ting',
  'Bon Niêng',
  'Liêng Jrang',
  'Ro Ông',
  'Kơ Să',
  'Bon Yô',
];
const CHU_RU_FAMILIES = ['Touneh', 'Ya', 'Ma Lé', 'Bơ Nah Ria', 'Jơ Lơng', 'Pi Năng', 'Ka Sô'];
const TAY_FAMILIES = ['Hoàng', 'Nông', 'Lương', 'Lộc', 'Đàm', 'Hà', 'Triệu', 'Vi', 'Ma', 'Lý'];
const NUNG_FAMILIES = ['Hoàng', 'Nông', 'Lục', 'Vi', 'Lý', 'Chu', 'Lăng', 'Mã'];
const MONG_FAMILIES = ['Giàng', 'Sùng', 'Lý', 'Thào', 'Vàng', 'Hầu', 'Mùa'];
const MONG_MALE = ['Pá', 'Chứ', 'Sình', 'Dính', 'Mua', 'Súa', 'Lềnh', 'Tủa'];
const MONG_FEMALE = ['Mỷ', 'Dợ', 'Chở', 'Pàng', 'Xúa', 'Sua', 'Mai'];
const DAO_FAMILIES = ['Triệu', 'Bàn', 'Đặng', 'Lý'];
const HOA_FAMILIES = ['Lâm', 'Trương', 'Lý', 'Mã', 'Quách', 'Châu', 'Hứa'];
const THAI_FAMILIES = ['Lò', 'Cầm', 'Quàng', 'Lường'];
const MUONG_FAMILIES = ['Bùi', 'Đinh', 'Quách'];

const kinhMiddle = (rng: Random, gender: DemoGender) =>
  pickWeighted(rng, gender === 'male' ? MALE_MIDDLE_NAMES : FEMALE_MIDDLE_NAMES);
const kinhGiven = (rng: Random, gender: DemoGender) =>
  rng.pick(gender === 'male' ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES);

/** A Kinh name: family, one or two middle names, given name ("Nguyễn Thị Thu Hương"). */
function kinhStyle(rng: Random, gender: DemoGender, family: string): string {
  const middle = kinhMiddle(rng, gender);
  const parts = [family, middle];
  // Younger people more often carry two middle names; "Thị" stays alone before a one-syllable given name.
  if (rng.chance(0.22)) {
    const second = kinhMiddle(rng, gender);
    if (second !== middle && second !== 'Văn' && second !== 'Thị') parts.push(second);
  }
  parts.push(kinhGiven(rng, gender));
  return parts.join(' ');
}

/**
 * A full name for a person of the ethnic group `ethnicityCode` (the GSO codes of reference-data.ts), written as
 * preparePerson stores it (NFC, title case, a capital after the apostrophe: "K'Brơi").
 */
export function personName(rng: Random, gender: DemoGender, ethnicityCode: string): string {
  const male = gender === 'male';
  switch (ethnicityCode) {
    case '16': {
      // Cơ Ho: a lineage name with "Ha" before a woman's name (Lạc Dương), or K' for men, Ka for women (Di Linh).
      if (rng.chance(0.45)) {
        const lineage = rng.pick(CO_HO_LINEAGES);
        return male ? `${lineage} ${rng.pick(HIGHLAND_MALE)}` : `${lineage} Ha ${rng.pick(HIGHLAND_FEMALE)}`;
      }
      if (male) return `K'${rng.pick(HIGHLAND_MALE)}`;
      return rng.chance(0.5) ? `Ka ${rng.pick(HIGHLAND_FEMALE)}` : `Ka Thị ${rng.pick(HIGHLAND_FEMALE)}`;
    }
    case '28':
      // Mạ: the family name Điểu for men and women, often with K' or Thị.
      return male
        ? `Điểu ${rng.chance(0.4) ? "K'" + rng.pick(['Lang', 'Bưởi', 'Sang', 'Lộc', 'Tiếp']) : rng.pick(MALE_GIVEN_NAMES)}`
        : `Điểu Thị ${rng.pick(HIGHLAND_FEMALE)}`;
    case '36':
      // Chu Ru around Đơn Dương: family names of their own, given names shared with the Kinh.
      return `${rng.pick(CHU_RU_FAMILIES)}${male ? '' : rng.chance(0.5) ? ' Thị' : ''} ${kinhGiven(rng, gender)}`;
    case '02':
      return `${rng.pick(TAY_FAMILIES)} ${male ? 'Văn' : 'Thị'} ${kinhGiven(rng, gender)}`;
    case '07':
      return `${rng.pick(NUNG_FAMILIES)} ${male ? 'Văn' : 'Thị'} ${kinhGiven(rng, gender)}`;
    case '08':
      return `${rng.pick(MONG_FAMILIES)} ${male ? 'A' : 'Thị'} ${rng.pick(male ? MONG_MALE : MONG_FEMALE)}`;
    case '09':
      return `${rng.pick(DAO_FAMILIES)} ${male ? rng.pick(['Văn', 'Tài']) : 'Thị'} ${kinhGiven(rng, gender)}`;
    case '04':
      return kinhStyle(rng, gender, rng.pick(HOA_FAMILIES));
    case '03':
      return `${rng.pick(THAI_FAMILIES)} ${male ? 'Văn' : 'Thị'} ${kinhGiven(rng, gender)}`;
    case '06':
      return `${rng.pick(MUONG_FAMILIES)} ${male ? 'Văn' : 'Thị'} ${kinhGiven(rng, gender)}`;
    default:
      return kinhStyle(rng, gender, pickWeighted(rng, KINH_FAMILY_NAMES));
  }
}

/**
 * Where people of each group were born (CCCD province of birth registration, Thông tư 07/2016/TT-BCA): mostly
 * Lâm Đồng (068), the Kinh also from the provinces that settled the highlands, the northern peoples from the north.
 */
export const BIRTH_PROVINCES: Record<'kinh' | 'highland' | 'northern', Weighted<string>> = {
  kinh: [
    ['068', 62],
    ['040', 5], // Nghệ An
    ['042', 3], // Hà Tĩnh
    ['038', 3], // Thanh Hóa
    ['034', 3], // Thái Bình
    ['036', 2], // Nam Định
    ['049', 3], // Quảng Nam
    ['051', 3], // Quảng Ngãi
    ['052', 2], // Bình Định
    ['056', 2], // Khánh Hòa
    ['060', 2], // Bình Thuận
    ['079', 4], // TP Hồ Chí Minh
    ['001', 3], // Hà Nội
    ['066', 3], // Đắk Lắk
  ],
  highland: [['068', 1]],
  northern: [
    ['068', 55],
    ['020', 10], // Lạng Sơn
    ['004', 10], // Cao Bằng
    ['008', 5], // Tuyên Quang
    ['002', 5], // Hà Giang
    ['014', 5], // Sơn La
    ['010', 5], // Lào Cai
    ['066', 5], // Đắk Lắk
  ],
};

export function birthProvinceOf(rng: Random, ethnicityCode: string): string {
  if (ethnicityCode === '16' || ethnicityCode === '28' || ethnicityCode === '36')
    return pickWeighted(rng, BIRTH_PROVINCES.highland);
  if (['02', '07', '08', '09', '03', '06'].includes(ethnicityCode))
    return pickWeighted(rng, BIRTH_PROVINCES.northern);
  return pickWeighted(rng, BIRTH_PROVINCES.kinh);
}
