/**
 * Who works where in the demo federation: the kinds of CĐCS, how many people each has, the share of women by kind of
 * workplace, the peoples of each district, religions, schooling, jobs, phones and CCCDs. Pure data and draws from a
 * seeded generator; members.ts builds the people and their history from them.
 */
import { pickWeighted, type DemoGender, type Weighted } from './names';
import type { Random } from './random';

/**
 * The sectors the demo's CĐCS carry: ids of the default sectors (organisation reference-data.ts), which the import
 * checks against the sectors of each founding date.
 */
export type Sector =
  | 'public_service'
  | 'education'
  | 'state_enterprise'
  | 'private_enterprise'
  | 'fdi_enterprise'
  | 'cooperative'
  | 'other';

/** The union's blocs (khối, unit groups of reference-data.ts) the demo files each sector under, as seed 002 counts. */
const BLOC_OF_SECTOR: Record<Sector, string | null> = {
  public_service: 'public_service',
  education: 'education',
  state_enterprise: 'enterprise',
  private_enterprise: 'enterprise',
  fdi_enterprise: 'enterprise',
  cooperative: 'enterprise',
  other: null,
};

/** The khối of a CĐCS of this sector, as the units file carries it (none for "other"). */
export function blocsOf(sector: Sector): string[] {
  const bloc = BLOC_OF_SECTOR[sector];
  return bloc ? [bloc] : [];
}

/** What kind of workplace a CĐCS is, as the unit generator knows it. */
export type WorkplaceKind =
  'agency' | 'school' | 'health_station' | 'commune_office' | 'enterprise' | 'province_level' | 'upper';

/** A CĐCS as the member generator needs it: where, what kind, and when and into what it ends. */
export interface DemoGrassroots {
  code: string;
  name: string;
  sector: Sector;
  kind: WorkplaceKind;
  /** District code (DLT, DRO …): the ethnic mix of its people. */
  district: string | null;
  foundedOn: string;
  big: boolean;
  /** The day it ends and the CĐCS its members are transferred to (a merger), or null while it lives on. */
  end: { on: string; into: string } | null;
}

/** The sector of a public workplace: schools are the education sector, the rest agencies and public services. */
export function publicSector(kind: WorkplaceKind): Sector {
  return kind === 'school' ? 'education' : 'public_service';
}

/** The four kinds of workplace people move between: schools, health, other public bodies, enterprises. */
export type Family = 'school' | 'health' | 'public' | 'enterprise';

export function familyOf(u: DemoGrassroots): Family {
  if (u.kind === 'school' || /Trường|Giáo dục và Đào tạo/.test(u.name)) return 'school';
  if (/Y tế|Bệnh viện|bệnh tật/.test(u.name)) return 'health';
  if (u.sector === 'public_service') return 'public';
  return 'enterprise';
}

/** [min, max] headcount before scaling, by what the workplace is. */
export function sizeRange(u: DemoGrassroots): [number, number] {
  const n = u.name;
  const table: [RegExp, [number, number]][] = [
    [/Mầm non/, [14, 35]],
    [/TH&THCS/, [30, 55]],
    [/Tiểu học/, [20, 45]],
    [/THCS/, [22, 50]],
    [/THPT/, [45, 100]],
    [/Cao đẳng/, [80, 220]],
    [/Dân tộc nội trú/, [40, 70]],
    [/Giáo dục nghề nghiệp/, [20, 40]],
    [/Trạm Y tế/, [8, 16]],
    [/Trung tâm Y tế/, [120, 320]],
    [/Bệnh viện Đa khoa tỉnh/, [700, 950]],
    [/Bệnh viện/, [150, 450]],
    [/Kiểm soát bệnh tật/, [80, 140]],
    [/HĐND - UBND huyện|HĐND - UBND thành phố|HĐND - UBND thị xã/, [60, 110]],
    [/Văn phòng UBND tỉnh|Đài Phát thanh/, [80, 130]],
    [/^CĐCS UBND/, [20, 35]],
    [/Điện lực Lâm Đồng/, [1100, 1300]],
    [/Tơ lụa Bảo Lộc/, [1500, 2500]],
    [/Hoa Cao Nguyên|Phú Hội/, [1000, 1800]],
    [/Chè Cầu Đất/, [500, 800]],
    [/Đa Nhim/, [400, 600]],
    [/Cấp thoát nước|Lâm nghiệp Bảo Lâm|Du lịch Lâm Đồng|Sữa Đà Lạt/, [300, 450]],
    [/Xổ số|Công Thương Lâm Đồng|Vận tải ô tô/, [120, 250]],
    [/Liên hiệp Hợp tác xã/, [30, 60]],
    [/Thủy điện/, [60, 200]],
    [/Lâm nghiệp/, [60, 180]],
    [/Ngân hàng|Bưu điện/, [40, 90]],
    [/Điện lực/, [80, 150]],
  ];
  for (const [re, range] of table) if (re.test(n)) return range;
  if (u.kind === 'enterprise') {
    if (u.big) return u.sector === 'fdi_enterprise' ? [1000, 2500] : [700, 1500];
    if (u.sector === 'fdi_enterprise') return [150, 900];
    if (u.sector === 'state_enterprise') return [80, 300];
    if (u.sector === 'cooperative') return [15, 60];
    return [25, 220];
  }
  if (u.kind === 'province_level') return [30, 110];
  return [15, 45];
}

/** Share of women, by workplace: schools and health mostly women, hydropower and forestry mostly men. */
export function femaleShare(u: DemoGrassroots): number {
  const n = u.name;
  if (/Mầm non/.test(n)) return 0.97;
  if (/Tiểu học|TH&THCS/.test(n)) return 0.78;
  if (familyOf(u) === 'school') return 0.66;
  if (familyOf(u) === 'health') return 0.7;
  if (u.kind === 'commune_office') return 0.38;
  if (u.sector === 'public_service') return 0.48;
  if (/Thủy điện|Điện lực|Lâm nghiệp|Cấp thoát nước|Vận tải/.test(n)) return 0.22;
  if (/Ngân hàng|Bưu điện|Xổ số/.test(n)) return 0.6;
  if (u.sector === 'fdi_enterprise') return 0.65;
  return 0.47;
}

/**
 * The ethnic mix of union members by district (GSO codes): Kinh everywhere, Cơ Ho strongest in Lạc Dương, Đam Rông
 * and Di Linh, Chu Ru around Đơn Dương and Đức Trọng, Mạ in Bảo Lâm and the Đạ Huoai–Cát Tiên area, and the
 * northern peoples (Tày, Nùng, H'Mông, Dao) who settled Lâm Hà, Đam Rông and Di Linh.
 */
const ETHNIC_MIX: Record<string, Weighted<string>> = {
  DLT: [
    ['01', 92],
    ['16', 3],
    ['02', 1.5],
    ['07', 1],
    ['04', 1.5],
    ['36', 0.5],
    ['06', 0.5],
  ],
  BLC: [
    ['01', 90],
    ['16', 4],
    ['28', 1],
    ['02', 2],
    ['07', 1.5],
    ['04', 1.5],
  ],
  DTR: [
    ['01', 80],
    ['16', 8],
    ['36', 4],
    ['02', 3],
    ['07', 3],
    ['04', 1],
    ['03', 0.5],
    ['06', 0.5],
  ],
  DLI: [
    ['01', 70],
    ['16', 22],
    ['02', 3],
    ['07', 3],
    ['04', 1],
    ['08', 0.5],
    ['09', 0.5],
  ],
  LHA: [
    ['01', 76],
    ['16', 8],
    ['02', 5],
    ['07', 6],
    ['08', 2],
    ['09', 2],
    ['03', 0.5],
    ['06', 0.5],
  ],
  DDU: [
    ['01', 72],
    ['36', 14],
    ['16', 10],
    ['02', 1.5],
    ['07', 1.5],
    ['04', 1],
  ],
  BLA: [
    ['01', 72],
    ['16', 14],
    ['28', 6],
    ['02', 3],
    ['07', 3],
    ['09', 1],
    ['08', 1],
  ],
  DRO: [
    ['01', 45],
    ['16', 38],
    ['28', 3],
    ['02', 4],
    ['07', 4],
    ['08', 4],
    ['09', 2],
  ],
  LDU: [
    ['01', 45],
    ['16', 48],
    ['36', 2],
    ['02', 2.5],
    ['07', 2.5],
  ],
  DHU: [
    ['01', 84],
    ['28', 7],
    ['16', 2],
    ['02', 3],
    ['07', 3],
    ['03', 0.5],
    ['06', 0.5],
  ],
  DTE: [
    ['01', 82],
    ['28', 7],
    ['16', 2],
    ['02', 4],
    ['07', 3],
    ['06', 1],
    ['03', 1],
  ],
  CTI: [
    ['01', 82],
    ['28', 6],
    ['16', 1],
    ['02', 5],
    ['07', 4],
    ['03', 1],
    ['06', 1],
  ],
};

export const HIGHLAND = new Set(['16', '28', '36']);

export const RELIGIONS: Record<'kinh' | 'highland', Weighted<string | null>> = {
  kinh: [
    [null, 30],
    ['Không', 25],
    ['Phật giáo', 20],
    ['Công giáo', 18],
    ['Tin lành', 2],
    ['Cao Đài', 3],
  ],
  highland: [
    [null, 10],
    ['Không', 10],
    ['Tin lành', 42],
    ['Công giáo', 38],
  ],
};

export function educationOf(rng: Random, family: Family): string {
  if (family === 'school' || family === 'health')
    return pickWeighted(rng, [
      ['Đại học', 70],
      ['Cao đẳng', 15],
      ['Thạc sĩ', 10],
      ['Trung cấp', 5],
    ]);
  if (family === 'public')
    return pickWeighted(rng, [
      ['Đại học', 65],
      ['Thạc sĩ', 12],
      ['Cao đẳng', 10],
      ['Trung cấp', 13],
    ]);
  return pickWeighted(rng, [
    ['12/12', 45],
    ['Trung cấp', 20],
    ['Cao đẳng', 15],
    ['Đại học', 15],
    ['9/12', 5],
  ]);
}

export function occupationOf(rng: Random, u: DemoGrassroots, family: Family): string {
  switch (family) {
    case 'school':
      return pickWeighted(rng, [
        ['Giáo viên', 82],
        ['Nhân viên văn phòng', 8],
        ['Kế toán', 4],
        ['Cán bộ quản lý', 6],
      ]);
    case 'health':
      return pickWeighted(rng, [
        ['Bác sĩ', 25],
        ['Điều dưỡng', 35],
        ['Y sĩ', 12],
        ['Nữ hộ sinh', 6],
        ['Dược sĩ', 7],
        ['Kỹ thuật viên', 8],
        ['Nhân viên hành chính', 7],
      ]);
    case 'public':
      return u.kind === 'commune_office'
        ? rng.pick([
            'Công chức',
            'Công chức địa chính',
            'Công chức tư pháp - hộ tịch',
            'Công chức văn hóa - xã hội',
          ])
        : rng.pick(['Công chức', 'Viên chức', 'Chuyên viên', 'Kế toán', 'Nhân viên']);
    case 'enterprise':
      return pickWeighted(rng, [
        ['Công nhân', 62],
        ['Nhân viên', 14],
        ['Kỹ sư', 8],
        ['Kế toán', 5],
        ['Lái xe', 4],
        ['Tổ trưởng sản xuất', 7],
      ]);
  }
}

export const PARTY_SHARE: Record<Family, number> = {
  school: 0.35,
  health: 0.3,
  public: 0.55,
  enterprise: 0.08,
};

/** Mobile prefixes of the 2018 numbering (Viettel, Vinaphone, MobiFone, Vietnamobile). */
const PHONE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '056',
  '058',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '082',
  '083',
  '084',
  '085',
  '086',
  '088',
  '089',
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
];

export function phoneOf(rng: Random): string {
  return `${rng.pick(PHONE_PREFIXES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/**
 * A CCCD that matches gender and birth year (Thông tư 07/2016/TT-BCA, Điều 7): province of birth registration,
 * century-and-gender digit, two digits of the year, six random digits; unique within the demo.
 */
export function cccdFor(
  rng: Random,
  used: Set<string>,
  province: string,
  gender: DemoGender,
  birthDate: string,
): string {
  const year = Number(birthDate.slice(0, 4));
  const digit = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  for (;;) {
    const cccd = `${province}${digit}${String(year % 100).padStart(2, '0')}${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    if (!used.has(cccd)) {
      used.add(cccd);
      return cccd;
    }
  }
}

/** The ethnic mix of a district's union members (Đà Lạt's for units without a district). */
export function ethnicMixOf(district: string | null): Weighted<string> {
  return ETHNIC_MIX[district ?? 'DLT'] ?? ETHNIC_MIX.DLT!;
}
