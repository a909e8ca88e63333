/**
 * Default unit types and placement rules, before and after 1/7/2025 (Luật Công đoàn 50/2024/QH15; the 2025
 * restructuring of the union system). Editable by a system administrator; loaded only where missing.
 */
import type { Power } from './model';

export interface UnitTypeSeed {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  level: number;
  powers: Power[];
  validFrom: string;
  validTo?: string;
  legalBasis?: string;
}

const ALL: Power[] = ['found_units', 'admit_members', 'collect_fees', 'approve_reports'];
const REFORM = '2025-07-01';
const EARLY = '1950-01-01';

export const defaultUnitTypes: UnitTypeSeed[] = [
  {
    id: 'confederation',
    nameVi: 'Tổng Liên đoàn Lao động Việt Nam',
    nameEn: 'Vietnam General Confederation of Labour',
    shortVi: 'TLĐ',
    level: 1,
    powers: ALL,
    validFrom: EARLY,
  },
  {
    id: 'provincial_federation',
    nameVi: 'Liên đoàn Lao động tỉnh, thành phố',
    nameEn: 'Provincial federation of labour',
    shortVi: 'LĐLĐ tỉnh',
    level: 2,
    powers: ALL,
    validFrom: EARLY,
  },
  {
    id: 'national_sector_union',
    nameVi: 'Công đoàn ngành trung ương',
    nameEn: 'National sector union',
    shortVi: 'CĐ ngành TW',
    level: 2,
    powers: ALL,
    validFrom: EARLY,
  },
  {
    id: 'corporation_union',
    nameVi: 'Công đoàn tập đoàn, tổng công ty trực thuộc Tổng Liên đoàn',
    nameEn: 'Corporation union',
    shortVi: 'CĐ TCT',
    level: 2,
    powers: ALL,
    validFrom: EARLY,
  },
  {
    id: 'district_federation',
    nameVi: 'Liên đoàn Lao động huyện, quận, thị xã, thành phố thuộc tỉnh',
    nameEn: 'District federation of labour',
    shortVi: 'LĐLĐ huyện',
    level: 3,
    powers: ALL,
    validFrom: EARLY,
    validTo: REFORM,
    legalBasis: 'Kết thúc hoạt động từ 01/07/2025 theo chủ trương sắp xếp tổ chức bộ máy',
  },
  {
    id: 'local_sector_union',
    nameVi: 'Công đoàn ngành địa phương',
    nameEn: 'Local sector union',
    shortVi: 'CĐ ngành',
    level: 3,
    powers: ALL,
    validFrom: EARLY,
  },
  {
    id: 'industrial_zone_union',
    nameVi: 'Công đoàn các khu công nghiệp, khu kinh tế',
    nameEn: 'Industrial-zone union',
    shortVi: 'CĐ KCN',
    level: 3,
    powers: ALL,
    validFrom: EARLY,
  },
  {
    id: 'commune_union',
    nameVi: 'Công đoàn xã, phường, đặc khu',
    nameEn: 'Commune union',
    shortVi: 'CĐ xã',
    level: 3,
    powers: ['approve_reports'],
    validFrom: REFORM,
    legalBasis:
      'Công đoàn cấp xã không thành lập CĐCS, không kết nạp đoàn viên, không thu kinh phí (từ 01/07/2025)',
  },
  {
    id: 'grassroots_union',
    nameVi: 'Công đoàn cơ sở',
    nameEn: 'Grassroots union',
    shortVi: 'CĐCS',
    level: 4,
    powers: ['collect_fees'],
    validFrom: EARLY,
  },
  {
    id: 'grassroots_guild',
    nameVi: 'Nghiệp đoàn cơ sở',
    nameEn: 'Grassroots guild',
    shortVi: 'NĐCS',
    level: 4,
    powers: ['collect_fees'],
    validFrom: EARLY,
  },
  {
    id: 'member_union',
    nameVi: 'Công đoàn cơ sở thành viên',
    nameEn: 'Member union',
    shortVi: 'CĐCS thành viên',
    level: 5,
    powers: [],
    validFrom: EARLY,
  },
  {
    id: 'division_union',
    nameVi: 'Công đoàn bộ phận',
    nameEn: 'Division union',
    shortVi: 'CĐBP',
    level: 5,
    powers: [],
    validFrom: EARLY,
  },
  {
    id: 'union_group',
    nameVi: 'Tổ công đoàn',
    nameEn: 'Union group',
    shortVi: 'Tổ CĐ',
    level: 6,
    powers: [],
    validFrom: EARLY,
  },
];

export interface UnitTypeRuleSeed {
  parent: string;
  child: string;
  validFrom: string;
  validTo?: string;
}

const always = (parent: string, children: string[]): UnitTypeRuleSeed[] =>
  children.map((child) => ({ parent, child, validFrom: EARLY }));

export const defaultUnitTypeRules: UnitTypeRuleSeed[] = [
  ...always('confederation', ['provincial_federation', 'national_sector_union', 'corporation_union']),
  ...always('provincial_federation', [
    'local_sector_union',
    'industrial_zone_union',
    'grassroots_union',
    'grassroots_guild',
  ]),
  { parent: 'provincial_federation', child: 'district_federation', validFrom: EARLY, validTo: REFORM },
  { parent: 'provincial_federation', child: 'commune_union', validFrom: REFORM },
  ...always('national_sector_union', ['corporation_union', 'grassroots_union']),
  ...always('corporation_union', ['grassroots_union']),
  { parent: 'district_federation', child: 'grassroots_union', validFrom: EARLY, validTo: REFORM },
  { parent: 'district_federation', child: 'grassroots_guild', validFrom: EARLY, validTo: REFORM },
  ...always('local_sector_union', ['grassroots_union']),
  ...always('industrial_zone_union', ['grassroots_union']),
  { parent: 'commune_union', child: 'grassroots_union', validFrom: REFORM },
  { parent: 'commune_union', child: 'grassroots_guild', validFrom: REFORM },
  ...always('grassroots_union', ['member_union', 'division_union', 'union_group']),
  ...always('member_union', ['division_union', 'union_group']),
  ...always('division_union', ['union_group']),
];

export const defaultUnitGroups = [
  { id: 'public_service', name: 'Khối HCSN' },
  { id: 'education', name: 'Khối Giáo dục' },
  { id: 'enterprise', name: 'Khối doanh nghiệp' },
];

export interface SectorSeed {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  validFrom: string;
  validTo?: string;
  legalBasis?: string;
}

/**
 * Default sectors (khu vực), fitted to the blocs the union reports by: agencies, public-service units and communes
 * (khối HCSN), education (khối giáo dục, its own bloc and sector union), enterprises by ownership, cooperatives
 * (seed 002: "Khối cơ quan HCSN và các xã có 26 CĐCS; Khối giáo dục có 32 CĐCS; Doanh nghiệp có 01 CĐCS").
 */
export const defaultSectors: SectorSeed[] = [
  {
    id: 'public_service',
    nameVi: 'Cơ quan hành chính, đơn vị sự nghiệp',
    nameEn: 'Public administration and service units',
    shortVi: 'Khối HCSN',
    validFrom: EARLY,
  },
  { id: 'education', nameVi: 'Giáo dục', nameEn: 'Education', shortVi: 'Giáo dục', validFrom: EARLY },
  {
    id: 'state_enterprise',
    nameVi: 'Doanh nghiệp nhà nước',
    nameEn: 'State-owned enterprise',
    shortVi: 'DN nhà nước',
    validFrom: EARLY,
  },
  {
    id: 'private_enterprise',
    nameVi: 'Doanh nghiệp ngoài nhà nước',
    nameEn: 'Non-state enterprise',
    shortVi: 'DN ngoài nhà nước',
    validFrom: EARLY,
  },
  {
    id: 'fdi_enterprise',
    nameVi: 'Doanh nghiệp có vốn đầu tư nước ngoài',
    nameEn: 'Foreign-invested enterprise',
    shortVi: 'DN FDI',
    validFrom: EARLY,
  },
  { id: 'cooperative', nameVi: 'Hợp tác xã', nameEn: 'Cooperative', shortVi: 'HTX', validFrom: EARLY },
  { id: 'other', nameVi: 'Khác', nameEn: 'Other', shortVi: 'Khác', validFrom: EARLY },
];
