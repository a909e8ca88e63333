/**
 * The default catalogue of periodic reports: the indicators of DOMAIN.md §4 and of the review reports the product grew
 * from (members 1.489 and CĐCS 59 by bloc; 105 Tết gifts worth 52.500.000 đ; 10 Workers' Month gifts of 300.000 đ;
 * works worth 72.170.000 đ; the Mái ấm fund and its houses; 405 Tết Sum vầy gifts; 11 CĐCS founded and 135 members
 * admitted; conferences held; congresses 59/59; field visits; training; sports; 14 benefit agreements; scholarships),
 * the period types and three forms. Editable by a system administrator; loaded only where missing.
 */
import type { Indicator, ValidationRule } from './model';

type IndicatorSeed = Pick<Indicator, 'code' | 'nameVi' | 'nameEn' | 'measure' | 'valueType' | 'aggregation'> &
  Partial<Omit<Indicator, 'code' | 'nameVi' | 'nameEn' | 'measure' | 'valueType' | 'aggregation'>>;

const count = (
  code: string,
  nameVi: string,
  nameEn: string,
  measure: string,
  more: Partial<IndicatorSeed> = {},
) => ({ code, nameVi, nameEn, measure, valueType: 'count', aggregation: 'sum', ...more }) as IndicatorSeed;
const money = (code: string, nameVi: string, nameEn: string, more: Partial<IndicatorSeed> = {}) =>
  ({
    code,
    nameVi,
    nameEn,
    measure: 'đồng',
    valueType: 'money',
    aggregation: 'sum',
    ...more,
  }) as IndicatorSeed;
const yesNo = (code: string, nameVi: string, nameEn: string, more: Partial<IndicatorSeed> = {}) =>
  ({
    code,
    nameVi,
    nameEn,
    measure: 'đơn vị',
    valueType: 'boolean',
    aggregation: 'count_true',
    ...more,
  }) as IndicatorSeed;
const registry = (key: string, arg: string | null = null) => ({
  source: 'registry' as const,
  registryKey: key,
  registryArg: arg,
});

export const defaultIndicators: IndicatorSeed[] = [
  // Organisation and members: from the registry and the tree, never typed.
  count('members_end', 'Tổng số đoàn viên cuối kỳ', 'Members at the end of the period', 'người', {
    ...registry('members_end'),
    phraseVi: 'có {value} đoàn viên',
  }),
  count('members_female_end', 'Trong đó: đoàn viên nữ', 'Of which: women', 'người', {
    ...registry('members_female_end'),
    parentCode: 'members_end',
    partRule: 'le',
    phraseVi: 'nữ {value}',
  }),
  count('admitted', 'Kết nạp đoàn viên mới', 'Members admitted', 'người', {
    ...registry('admitted'),
    phraseVi: 'kết nạp {value} đoàn viên',
  }),
  count('left', 'Đoàn viên ra khỏi tổ chức', 'Members who left', 'người', registry('left')),
  count(
    'transferred_in',
    'Đoàn viên chuyển đến',
    'Members transferred in',
    'người',
    registry('transferred_in'),
  ),
  count(
    'transferred_out',
    'Đoàn viên chuyển đi',
    'Members transferred out',
    'người',
    registry('transferred_out'),
  ),
  count('cdcs_end', 'Số CĐCS cuối kỳ', 'Grassroots unions at the end of the period', 'đơn vị', {
    ...registry('cdcs_end'),
    phraseVi: 'có {value} CĐCS',
  }),
  count(
    'cdcs_end_public',
    'Trong đó: khối cơ quan HCSN',
    'Of which: agencies and public services',
    'đơn vị',
    {
      ...registry('cdcs_end', 'public_service'),
      parentCode: 'cdcs_end',
      partRule: 'le',
    },
  ),
  count('cdcs_end_education', 'Trong đó: khối giáo dục', 'Of which: education', 'đơn vị', {
    ...registry('cdcs_end', 'education'),
    parentCode: 'cdcs_end',
    partRule: 'le',
  }),
  count('cdcs_end_enterprise', 'Trong đó: khối doanh nghiệp', 'Of which: enterprises', 'đơn vị', {
    ...registry('cdcs_end', 'state_enterprise,private_enterprise,fdi_enterprise,cooperative'),
    parentCode: 'cdcs_end',
    partRule: 'le',
  }),
  count('cdcs_founded', 'CĐCS thành lập mới', 'Grassroots unions founded', 'đơn vị', {
    ...registry('cdcs_founded'),
    phraseVi: 'thành lập mới {value} CĐCS',
  }),
  count(
    'cdcs_dissolved',
    'CĐCS giải thể',
    'Grassroots unions dissolved',
    'đơn vị',
    registry('cdcs_dissolved'),
  ),
  count(
    'workers_no_union',
    'Người lao động tại doanh nghiệp chưa có công đoàn',
    'Workers in enterprises without a union',
    'người',
  ),
  count('female_share', 'Tỷ lệ đoàn viên nữ', 'Share of women among members', '%', {
    valueType: 'percent',
    aggregation: 'none',
    source: 'formula',
    formula: 'percent(members_female_end, members_end)',
  }),
  // Care for members.
  count(
    'tet_gifts',
    'Quà Tết cho đoàn viên, người lao động khó khăn',
    'Tết gifts to members in hardship',
    'suất',
    {
      phraseVi: 'trao {value} suất quà Tết cho đoàn viên, CNVCLĐ có hoàn cảnh khó khăn',
    },
  ),
  money('tet_gifts_value', 'Trị giá quà Tết', 'Value of the Tết gifts', { worthOf: 'tet_gifts' }),
  count('sum_vay_gifts', 'Quà chương trình "Tết Sum vầy"', '"Tết Sum vầy" gifts', 'suất', {
    phraseVi: 'trao {value} suất quà chương trình "Tết Sum vầy"',
  }),
  count('month_gifts', 'Quà Tháng Công nhân', "Workers' Month gifts", 'suất', {
    phraseVi: 'trong Tháng Công nhân trao {value} suất quà',
  }),
  money('month_gifts_value', 'Trị giá quà Tháng Công nhân', "Value of the Workers' Month gifts", {
    worthOf: 'month_gifts',
  }),
  count(
    'works_built',
    'Công trình, phần việc do đoàn viên đóng góp',
    'Works built with members\u2019 contributions',
    'công trình',
    {
      phraseVi: 'vận động đoàn viên đóng góp xây dựng {value} công trình',
    },
  ),
  money('works_value', 'Trị giá công trình, phần việc', 'Value of the works', { worthOf: 'works_built' }),
  money('mai_am_fund', 'Quỹ "Mái ấm Công đoàn" vận động được', '"Mái ấm Công đoàn" fund raised', {
    phraseVi: 'vận động Quỹ "Mái ấm Công đoàn" được {value}',
  }),
  count('houses_built', 'Nhà "Mái ấm Công đoàn" xây mới', '"Mái ấm" houses built', 'căn', {
    phraseVi: 'hỗ trợ xây mới {value} căn nhà "Mái ấm Công đoàn"',
  }),
  count('houses_repaired', 'Nhà "Mái ấm Công đoàn" sửa chữa', '"Mái ấm" houses repaired', 'căn', {
    phraseVi: 'sửa chữa {value} căn nhà',
  }),
  money('houses_value', 'Trị giá hỗ trợ nhà "Mái ấm Công đoàn"', 'Value of the housing support', {
    worthOf: 'houses_built',
  }),
  count('scholarships', 'Suất học bổng cho con đoàn viên', "Scholarships for members' children", 'suất', {
    phraseVi: 'trao {value} suất học bổng cho con đoàn viên',
  }),
  money('scholarships_value', 'Trị giá học bổng', 'Value of the scholarships', { worthOf: 'scholarships' }),
  count(
    'benefit_agreements',
    'Thỏa thuận hợp tác, ưu đãi cho đoàn viên',
    'Benefit agreements for members',
    'thỏa thuận',
    {
      phraseVi: 'ký {value} thỏa thuận hợp tác, ưu đãi cho đoàn viên',
    },
  ),
  // Representation and organisation.
  yesNo(
    'conference_held',
    'Đã tổ chức hội nghị CBCCVC / hội nghị người lao động',
    'Staff or workers\u2019 conference held',
    {
      phraseVi: '{value} đơn vị tổ chức hội nghị cán bộ, công chức, viên chức và hội nghị người lao động',
    },
  ),
  count(
    'conference_rate',
    'Tỷ lệ đơn vị tổ chức hội nghị CBCCVC, NLĐ',
    'Share of units that held the conference',
    '%',
    {
      valueType: 'percent',
      aggregation: 'none',
      source: 'formula',
      formula: 'percent(conference_held, cdcs_end)',
    },
  ),
  yesNo('congress_held', 'Đã tổ chức đại hội CĐCS', 'Grassroots congress held', {
    phraseVi: 'tổ chức thành công {value} đại hội CĐCS',
  }),
  count('collective_agreements', 'Thỏa ước lao động tập thể ký kết', 'Collective agreements signed', 'bản'),
  count('field_visits', 'Lượt cán bộ đi cơ sở', 'Field visits by officers', 'lượt', {
    phraseVi: 'có {value} lượt cán bộ đi cơ sở',
  }),
  count('training_courses', 'Lớp tập huấn nghiệp vụ công đoàn', 'Training courses', 'lớp', {
    phraseVi: 'mở {value} lớp tập huấn nghiệp vụ công đoàn',
  }),
  count('training_attendees', 'Lượt cán bộ được tập huấn', 'Officers trained', 'lượt'),
  count('sports_events', 'Giải thể thao, hội diễn văn nghệ', 'Sports and cultural events', 'cuộc', {
    phraseVi: 'tổ chức {value} giải thể thao, hội diễn văn nghệ',
  }),
  {
    code: 'assessment',
    nameVi: 'Đánh giá chung, khó khăn, kiến nghị',
    nameEn: 'Overall assessment, difficulties, proposals',
    measure: '',
    valueType: 'text',
    aggregation: 'none',
  },
];

/** Period types (periods.ts DEFAULT_PERIOD_TYPES) with their names. */
export const defaultPeriodTypeNames: Record<string, { nameVi: string; nameEn: string }> = {
  half_year: { nameVi: '6 tháng (theo năm dương lịch)', nameEn: 'Half-year (calendar)' },
  union_half_year: {
    nameVi: '6 tháng (mốc số liệu 31/5 và 30/11, Mẫu 2-HĐCĐ)',
    nameEn: 'Half-year (data cut-offs 31/5 and 30/11, form 2-HĐCĐ)',
  },
  year: { nameVi: 'Năm', nameEn: 'Year' },
  quarter: { nameVi: 'Quý', nameEn: 'Quarter' },
  month: { nameVi: 'Tháng', nameEn: 'Month' },
  term: { nameVi: 'Nhiệm kỳ', nameEn: 'Term' },
};

/** The union types that file reports: grassroots unions and every upper level above them. */
export const REPORTING_TYPES = [
  'grassroots_union',
  'grassroots_guild',
  'district_federation',
  'local_sector_union',
  'industrial_zone_union',
  'commune_union',
  'provincial_federation',
  'national_sector_union',
  'corporation_union',
];

const ACTIVITY = [
  'tet_gifts',
  'tet_gifts_value',
  'sum_vay_gifts',
  'month_gifts',
  'month_gifts_value',
  'works_built',
  'works_value',
  'mai_am_fund',
  'houses_built',
  'houses_repaired',
  'houses_value',
  'scholarships',
  'scholarships_value',
  'benefit_agreements',
];
const ORGANISATION = [
  'members_end',
  'members_female_end',
  'female_share',
  'admitted',
  'left',
  'transferred_in',
  'transferred_out',
  'cdcs_end',
  'cdcs_end_public',
  'cdcs_end_education',
  'cdcs_end_enterprise',
  'cdcs_founded',
  'cdcs_dissolved',
];
const REPRESENTATION = [
  'conference_held',
  'conference_rate',
  'congress_held',
  'collective_agreements',
  'field_visits',
  'training_courses',
  'training_attendees',
  'sports_events',
];

const COMMON_RULES: ValidationRule[] = [
  { kind: 'le', left: 'admitted', right: 'members_end' },
  { kind: 'le', left: 'training_courses', right: 'training_attendees' },
  { kind: 'change', factor: 3 },
];

export interface FormSeed {
  id: string;
  nameVi: string;
  nameEn: string;
  validFrom: string;
  periodTypeId: string;
  deadlineDaysAfterEnd: number;
  reminderOffsets: number[];
  fillerTypes: string[];
  sections: { titleVi: string; titleEn: string; indicators: string[] }[];
  rules: ValidationRule[];
  legalBasis: string | null;
}

const REVIEW_SECTIONS = [
  {
    titleVi: 'Công tác tổ chức, phát triển đoàn viên',
    titleEn: 'Organisation and membership',
    indicators: ORGANISATION,
  },
  {
    titleVi: 'Chăm lo đời sống đoàn viên, người lao động',
    titleEn: 'Care for members and workers',
    indicators: ACTIVITY,
  },
  {
    titleVi: 'Đại diện, bảo vệ; thi đua; đào tạo; văn hóa, thể thao',
    titleEn: 'Representation, emulation, training, culture and sport',
    indicators: REPRESENTATION,
  },
  { titleVi: 'Đánh giá chung', titleEn: 'Overall assessment', indicators: ['assessment'] },
];

export const defaultForms: FormSeed[] = [
  {
    id: 'SK6T',
    nameVi: 'Báo cáo sơ kết công tác công đoàn 6 tháng',
    nameEn: 'Half-year review of union work',
    validFrom: '2010-01-01',
    periodTypeId: 'half_year',
    deadlineDaysAfterEnd: 5,
    reminderOffsets: [-3, 0, 3],
    fillerTypes: REPORTING_TYPES,
    sections: REVIEW_SECTIONS,
    rules: COMMON_RULES,
    legalBasis: null,
  },
  {
    id: 'TKN',
    nameVi: 'Báo cáo tổng kết công tác công đoàn năm',
    nameEn: 'Annual review of union work',
    validFrom: '2010-01-01',
    periodTypeId: 'year',
    deadlineDaysAfterEnd: 10,
    reminderOffsets: [-5, 0, 5],
    fillerTypes: REPORTING_TYPES,
    sections: REVIEW_SECTIONS,
    rules: COMMON_RULES,
    legalBasis: null,
  },
  {
    id: 'HDCD2',
    nameVi: 'Thống kê tổ chức và đoàn viên công đoàn (Mẫu 2-HĐCĐ)',
    nameEn: 'Union organisation and membership statistics (form 2-HĐCĐ)',
    validFrom: '2010-01-01',
    periodTypeId: 'union_half_year',
    deadlineDaysAfterEnd: 10,
    reminderOffsets: [-3, 0, 3],
    fillerTypes: REPORTING_TYPES,
    sections: [
      {
        titleVi: 'Tổ chức công đoàn và đoàn viên',
        titleEn: 'Unions and members',
        indicators: [...ORGANISATION, 'workers_no_union'],
      },
    ],
    rules: [{ kind: 'change', factor: 3 }],
    legalBasis: 'Mẫu 2-HĐCĐ',
  },
];
