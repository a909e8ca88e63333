/**
 * Geography and workplaces of the demo federation: LĐLĐ tỉnh Lâm Đồng before 1/7/2025, with its district
 * federations, local sector unions and the kinds of workplaces a newcomer recognises, then the commune unions of
 * the two-level local government. Place names are real; units, companies and dates are invented sample data.
 */
import type { Sector } from './workplaces';

export type CommuneKind = 'xã' | 'phường' | 'thị trấn';

export interface OldCommune {
  kind: CommuneKind;
  /** "Phi Liêng", or a number for numbered wards ("1"). */
  name: string;
  /** Key of the commune union that covers it from 1/7/2025. */
  union: string;
}

export interface DistrictSeed {
  /** Suffix of the unit code: LD-DRO. */
  code: string;
  place: string;
  kind: 'huyện' | 'thành phố' | 'thị xã';
  foundedOn: string;
  /** The seat (district town) comes first: district agencies sit there. */
  communes: OldCommune[];
  /** CĐCS to generate (Đam Rông has its own fixed list). */
  cdcs: number;
  enterprises: number;
  products: string[];
  rivers: string[];
}

export interface CommuneUnionSeed {
  key: string;
  kind: 'xã' | 'phường';
  /** The commune or ward after 1/7/2025: "Xuân Hương - Đà Lạt", "Đam Rông 1". */
  name: string;
}

const c = (kind: CommuneKind, name: string, union: string): OldCommune => ({ kind, name, union });
const xa = (union: string, ...names: string[]) => names.map((n) => c('xã', n, union));

export const COMMUNE_UNIONS: CommuneUnionSeed[] = [
  { key: 'XH', kind: 'phường', name: 'Xuân Hương - Đà Lạt' },
  { key: 'CL', kind: 'phường', name: 'Cam Ly - Đà Lạt' },
  { key: 'LV', kind: 'phường', name: 'Lâm Viên - Đà Lạt' },
  { key: 'XT', kind: 'phường', name: 'Xuân Trường - Đà Lạt' },
  { key: 'LB', kind: 'phường', name: 'Lang Biang - Đà Lạt' },
  { key: 'BL1', kind: 'phường', name: '1 Bảo Lộc' },
  { key: 'BL2', kind: 'phường', name: '2 Bảo Lộc' },
  { key: 'BLAO', kind: 'phường', name: "B'Lao" },
  { key: 'DTRONG', kind: 'xã', name: 'Đức Trọng' },
  { key: 'HTHANH', kind: 'xã', name: 'Hiệp Thạnh' },
  { key: 'NGIA', kind: 'xã', name: 'Ninh Gia' },
  { key: 'DILINH', kind: 'xã', name: 'Di Linh' },
  { key: 'HNINH', kind: 'xã', name: 'Hòa Ninh' },
  { key: 'DVLH', kind: 'xã', name: 'Đinh Văn Lâm Hà' },
  { key: 'NBLH', kind: 'xã', name: 'Nam Ban Lâm Hà' },
  { key: 'DRAN', kind: 'xã', name: "D'Ran" },
  { key: 'TMY', kind: 'xã', name: 'Thạnh Mỹ' },
  { key: 'BLAM1', kind: 'xã', name: 'Bảo Lâm 1' },
  { key: 'BLAM3', kind: 'xã', name: 'Bảo Lâm 3' },
  { key: 'DR1', kind: 'xã', name: 'Đam Rông 1' },
  { key: 'DR2', kind: 'xã', name: 'Đam Rông 2' },
  { key: 'DHUOAI', kind: 'xã', name: 'Đạ Huoai' },
  { key: 'DTEH', kind: 'xã', name: 'Đạ Tẻh' },
  { key: 'CTIEN', kind: 'xã', name: 'Cát Tiên' },
];

const numberedWards = (union: (n: number) => string, count: number) =>
  Array.from({ length: count }, (_, i) => c('phường', String(i + 1), union(i + 1)));

export const DISTRICTS: DistrictSeed[] = [
  {
    code: 'DLT',
    place: 'Đà Lạt',
    kind: 'thành phố',
    foundedOn: '1976-06-01',
    communes: [
      ...numberedWards(
        (n) =>
          [1, 2, 3, 4, 10].includes(n)
            ? 'XH'
            : [5, 6].includes(n)
              ? 'CL'
              : [8, 9, 12].includes(n)
                ? 'LV'
                : n === 7
                  ? 'LB'
                  : 'XT',
        12,
      ),
      ...xa('XT', 'Xuân Thọ', 'Xuân Trường', 'Trạm Hành'),
      c('xã', 'Tà Nung', 'CL'),
    ],
    cdcs: 84,
    enterprises: 16,
    products: ['Du lịch', 'Khách sạn', 'Rau hoa', 'Dâu tây', 'Atiso', 'Thực phẩm', 'Vận tải'],
    rivers: ['Suối Vàng'],
  },
  {
    code: 'BLC',
    place: 'Bảo Lộc',
    kind: 'thị xã',
    foundedOn: '1994-08-01',
    communes: [
      c('phường', '1', 'BL1'),
      c('phường', '2', 'BL2'),
      c('phường', "B'Lao", 'BLAO'),
      c('phường', 'Lộc Phát', 'BL2'),
      c('phường', 'Lộc Tiến', 'BL1'),
      c('phường', 'Lộc Sơn', 'BL1'),
      ...xa('BLAO', 'Lộc Thanh', 'Đạm Bri'),
      ...xa('BL1', 'Lộc Nga'),
      ...xa('BL2', 'Lộc Châu', 'Đại Lào'),
    ],
    cdcs: 60,
    enterprises: 14,
    products: ['Chè', 'Tơ lụa', 'Cà phê', 'Mắc ca', 'Chế biến gỗ', 'Vận tải'],
    rivers: ['Đam Bri'],
  },
  {
    code: 'DTR',
    place: 'Đức Trọng',
    kind: 'huyện',
    foundedOn: '1976-06-01',
    communes: [
      c('thị trấn', 'Liên Nghĩa', 'DTRONG'),
      ...xa('HTHANH', 'Hiệp An', 'Hiệp Thạnh', 'Liên Hiệp'),
      ...xa('DTRONG', 'Phú Hội', "N'Thôn Hạ", 'Tân Hội', 'Bình Thạnh'),
      ...xa('NGIA', 'Tân Thành', 'Ninh Gia', 'Ninh Loan', 'Đà Loan', 'Tà Năng', 'Tà Hine', 'Đa Quyn'),
    ],
    cdcs: 60,
    enterprises: 14,
    products: ['Rau hoa', 'Cà phê', 'Thực phẩm', 'Chế biến gỗ', 'Xây dựng'],
    rivers: ['Đại Ninh', 'Đa Dâng'],
  },
  {
    code: 'DLI',
    place: 'Di Linh',
    kind: 'huyện',
    foundedOn: '1976-06-01',
    communes: [
      c('thị trấn', 'Di Linh', 'DILINH'),
      ...xa('DILINH', 'Gung Ré', 'Liên Đầm', 'Tân Châu', 'Tân Thượng', 'Đinh Lạc', 'Gia Hiệp', 'Tam Bố'),
      ...xa('HNINH', 'Hòa Ninh', 'Hòa Bắc', 'Hòa Nam', 'Sơn Điền', 'Bảo Thuận', 'Đinh Trang Hòa'),
    ],
    cdcs: 48,
    enterprises: 7,
    products: ['Cà phê', 'Chè', 'Sầu riêng', 'Nông sản'],
    rivers: ['Đồng Nai 2'],
  },
  {
    code: 'LHA',
    place: 'Lâm Hà',
    kind: 'huyện',
    foundedOn: '1987-06-01',
    communes: [
      c('thị trấn', 'Đinh Văn', 'DVLH'),
      c('thị trấn', 'Nam Ban', 'NBLH'),
      ...xa('NBLH', 'Mê Linh', 'Đông Thanh', 'Gia Lâm', 'Nam Hà', 'Phi Tô', 'Phú Sơn'),
      ...xa('DVLH', 'Tân Hà', 'Đan Phượng', 'Liên Hà', 'Phúc Thọ', 'Hoài Đức', 'Tân Văn', 'Đạ Đờn'),
    ],
    cdcs: 50,
    enterprises: 8,
    products: ['Cà phê', 'Tơ tằm', 'Nông sản', 'Sầu riêng'],
    rivers: ['Đồng Nai 3'],
  },
  {
    code: 'DDU',
    place: 'Đơn Dương',
    kind: 'huyện',
    foundedOn: '1976-06-01',
    communes: [
      c('thị trấn', 'Thạnh Mỹ', 'TMY'),
      c('thị trấn', "D'Ran", 'DRAN'),
      ...xa('DRAN', 'Lạc Xuân', 'Lạc Lâm', 'Đạ Ròn'),
      ...xa('TMY', 'Ka Đô', 'Quảng Lập', 'Pró', 'Ka Đơn', 'Tu Tra'),
    ],
    cdcs: 36,
    enterprises: 7,
    products: ['Rau hoa', 'Thực phẩm', 'Sữa', 'Nông sản'],
    rivers: ['Đa Nhim'],
  },
  {
    code: 'BLA',
    place: 'Bảo Lâm',
    kind: 'huyện',
    foundedOn: '1994-08-01',
    communes: [
      c('thị trấn', 'Lộc Thắng', 'BLAM1'),
      ...xa('BLAM1', 'Lộc Ngãi', 'Lộc Quảng', 'Lộc An', 'Lộc Đức', 'Lộc Tân', 'Lộc Thành', 'Lộc Nam'),
      ...xa('BLAM3', "B'Lá", 'Lộc Bảo', 'Lộc Bắc', 'Lộc Lâm', 'Lộc Phú', 'Tân Lạc'),
    ],
    cdcs: 40,
    enterprises: 7,
    products: ['Chè', 'Cà phê', 'Khai khoáng', 'Chế biến gỗ'],
    rivers: ['Đạ Riam'],
  },
  {
    code: 'DRO',
    place: 'Đam Rông',
    kind: 'huyện',
    foundedOn: '2005-03-01',
    communes: [
      ...xa('DR1', 'Rô Men', 'Liêng Srônh', 'Phi Liêng', "Đạ K'Nàng"),
      ...xa('DR2', 'Đạ Rsal', "Đạ M'Rông", 'Đạ Tông', 'Đạ Long'),
    ],
    cdcs: 59,
    enterprises: 1,
    products: ['Nông lâm sản'],
    rivers: ['Đạ Dâng'],
  },
  {
    code: 'LDU',
    place: 'Lạc Dương',
    kind: 'huyện',
    foundedOn: '1986-09-01',
    communes: [
      c('thị trấn', 'Lạc Dương', 'LB'),
      ...xa('LB', 'Lát', "Đưng K'Nớ", 'Đạ Sar', 'Đạ Nhim', 'Đạ Chais'),
    ],
    cdcs: 18,
    enterprises: 3,
    products: ['Du lịch', 'Rau hoa', 'Cà phê'],
    rivers: ['Đa Nhim'],
  },
  {
    code: 'DHU',
    place: 'Đạ Huoai',
    kind: 'huyện',
    foundedOn: '1976-06-01',
    communes: [
      c('thị trấn', 'Mađaguôi', 'DHUOAI'),
      c('thị trấn', "Đạ M'ri", 'DHUOAI'),
      ...xa('DHUOAI', 'Hà Lâm', 'Đạ Oai', 'Đạ Tồn', 'Phước Lộc', 'Đoàn Kết', "Đạ P'Loa"),
    ],
    cdcs: 20,
    enterprises: 3,
    products: ['Sầu riêng', 'Điều', 'Chế biến gỗ'],
    rivers: ['Đạ Huoai'],
  },
  {
    code: 'DTE',
    place: 'Đạ Tẻh',
    kind: 'huyện',
    foundedOn: '1986-09-01',
    communes: [
      c('thị trấn', 'Đạ Tẻh', 'DTEH'),
      ...xa('DTEH', 'An Nhơn', 'Quốc Oai', 'Mỹ Đức', 'Quảng Trị', 'Đạ Lây', 'Hương Lâm', 'Đạ Kho', 'Đạ Pal'),
    ],
    cdcs: 18,
    enterprises: 2,
    products: ['Điều', 'Nông sản'],
    rivers: ['Đạ Tẻh'],
  },
  {
    code: 'CTI',
    place: 'Cát Tiên',
    kind: 'huyện',
    foundedOn: '1987-06-01',
    communes: [
      c('thị trấn', 'Cát Tiên', 'CTIEN'),
      c('thị trấn', 'Phước Cát', 'CTIEN'),
      ...xa(
        'CTIEN',
        'Đức Phổ',
        'Quảng Ngãi',
        'Gia Viễn',
        'Nam Ninh',
        'Mỹ Lâm',
        'Tư Nghĩa',
        'Phước Cát 2',
        'Đồng Nai Thượng',
      ),
    ],
    cdcs: 18,
    enterprises: 2,
    products: ['Lúa gạo', 'Điều', 'Nông sản'],
    rivers: ['Đồng Nai'],
  },
];

/**
 * LĐLĐ huyện Đam Rông as its 2023 report describes it (seed 002): 59 CĐCS, of which 26 in agencies and communes,
 * 32 in education and 1 in an enterprise. Each bloc's sector is DAM_RONG_SECTORS'.
 */
export const DAM_RONG_UNITS: {
  name: string;
  commune: string | null;
  group: 'public' | 'education' | 'enterprise';
}[] = [
  ...[
    'Rô Men',
    'Liêng Srônh',
    'Phi Liêng',
    "Đạ K'Nàng",
    'Đạ Rsal',
    "Đạ M'Rông",
    'Đạ Tông',
    'Đạ Long',
  ].flatMap((x) => [
    { name: `UBND xã ${x}`, commune: x, group: 'public' as const },
    { name: `Trạm Y tế xã ${x}`, commune: x, group: 'public' as const },
    { name: `Trường Mầm non ${x}`, commune: x, group: 'education' as const },
    { name: `Trường Tiểu học ${x}`, commune: x, group: 'education' as const },
    { name: `Trường THCS ${x}`, commune: x, group: 'education' as const },
  ]),
  ...[
    'Cơ quan Huyện ủy Đam Rông',
    'Cơ quan HĐND - UBND huyện Đam Rông',
    'Trung tâm Y tế huyện Đam Rông',
    'Kho bạc Nhà nước Đam Rông',
    'Bảo hiểm xã hội huyện Đam Rông',
    'Chi cục Thuế huyện Đam Rông',
    'Phòng Giáo dục và Đào tạo huyện Đam Rông',
    'Trung tâm Văn hóa - Thông tin và Thể thao huyện Đam Rông',
    'Hạt Kiểm lâm Đam Rông',
    'Ban Quản lý dự án đầu tư xây dựng huyện Đam Rông',
  ].map((name) => ({ name, commune: null, group: 'public' as const })),
  { name: 'Trường Mầm non Hoa Ban', commune: 'Rô Men', group: 'education' },
  { name: 'Trường Mầm non Sơn Ca', commune: 'Đạ Rsal', group: 'education' },
  { name: 'Trường Tiểu học Lê Lợi', commune: 'Rô Men', group: 'education' },
  { name: 'Trường Tiểu học Kim Đồng', commune: 'Đạ Rsal', group: 'education' },
  { name: 'Trường Tiểu học Liêng Srônh 2', commune: 'Liêng Srônh', group: 'education' },
  { name: "Trường Tiểu học Đạ M'Rông 2", commune: "Đạ M'Rông", group: 'education' },
  { name: 'Trường Phổ thông Dân tộc nội trú THCS huyện Đam Rông', commune: 'Rô Men', group: 'education' },
  {
    name: 'Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Đam Rông',
    commune: 'Rô Men',
    group: 'education',
  },
  { name: 'Công ty TNHH Nông lâm sản Đam Rông', commune: "Đạ K'Nàng", group: 'enterprise' },
];

/** The sector of each of Đam Rông's blocs: its one enterprise is a private one. */
export const DAM_RONG_SECTORS: Record<(typeof DAM_RONG_UNITS)[number]['group'], Sector> = {
  public: 'public_service',
  education: 'education',
  enterprise: 'private_enterprise',
};

/** District agencies: the first five exist in every district. `{l}` is "huyện Di Linh", `{p}` is "Di Linh". */
export const DISTRICT_AGENCIES = [
  'Cơ quan {party} {p}',
  'Cơ quan HĐND - UBND {l}',
  'Phòng Giáo dục và Đào tạo {l}',
  'Kho bạc Nhà nước {p}',
  'Bảo hiểm xã hội {l}',
  'Chi cục Thuế {l}',
  'Trung tâm Văn hóa - Thông tin và Thể thao {l}',
  'Hạt Kiểm lâm {p}',
  'Ban Quản lý dự án đầu tư xây dựng {l}',
  'Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên {l}',
  'Trung tâm Dịch vụ nông nghiệp {l}',
  'Chi nhánh Văn phòng Đăng ký đất đai {l}',
];
export const MANDATORY_AGENCIES = 5;

/** School names in numbered wards and towns follow people and flowers, as real ones do. */
export const SCHOOL_PATRONS = [
  'Lê Lợi',
  'Quang Trung',
  'Nguyễn Du',
  'Chu Văn An',
  'Lê Quý Đôn',
  'Nguyễn Trãi',
  'Trần Phú',
  'Lý Tự Trọng',
  'Phan Chu Trinh',
  'Hùng Vương',
  'Ngô Quyền',
  'Võ Thị Sáu',
  'Kim Đồng',
  'Lê Hồng Phong',
  'Nguyễn Bỉnh Khiêm',
  'Đoàn Thị Điểm',
  'Tây Sơn',
  'Phan Đình Phùng',
  'Trần Quốc Toản',
  'Nguyễn Văn Trỗi',
  'Lý Thường Kiệt',
  'Hai Bà Trưng',
  'Trần Hưng Đạo',
  'Nguyễn Khuyến',
  'Lam Sơn',
  'Bạch Đằng',
  'Đống Đa',
  'Hoàng Văn Thụ',
];
export const KINDERGARTEN_NAMES = [
  'Hoa Hồng',
  'Hoa Mai',
  'Hoa Sen',
  'Sơn Ca',
  'Họa Mi',
  'Vành Khuyên',
  'Hoa Ban',
  'Măng Non',
  'Hướng Dương',
  'Tuổi Thơ',
  'Hoa Lan',
  'Anh Đào',
  'Hoa Cúc',
  'Bích Câu',
  'Hoa Pơ Lang',
  'Sao Mai',
];

export const ENTERPRISE_BRANDS = [
  'Cao Nguyên',
  'Langbiang',
  'Đà Lạt Xanh',
  'Phương Nam',
  'Thiên Phú',
  'Hoàng Gia',
  'Đồi Xanh',
  'Minh Tâm',
  'Hưng Phát',
  'An Phú',
  'Bảo Ngọc',
  'Tâm Châu',
  'Lộc Phát',
  'Đại Ninh',
  'Suối Vàng',
  'Trường Xuân',
  'Thành Đạt',
  'Sơn Lâm',
  'Việt Hưng',
  'Hòa Bình',
  'Phú Quý',
  'Tân Tiến',
  'Đông Á',
  'Mộc Lan',
];

export const FDI_BRANDS = [
  'Hana Flora',
  'Shin Woo Agro',
  'Taiyo Foods',
  'Green Leaf Tea',
  'Holland Bloom',
  'Sakura Farm',
  'Evergreen Silk',
  'Nikko Vegetables',
  'Formosa Tea',
  'Kumo Coffee',
  'Orchid Garden',
  'Alpine Dairy',
  'Daehan Textile',
  'Lotus Agritech',
];

export const COOPERATIVE_KINDS = [
  'Nông nghiệp',
  'Rau hoa',
  'Cà phê',
  'Dịch vụ nông nghiệp',
  'Chè',
  'Nông nghiệp công nghệ cao',
];

/** A unit of a local sector union or directly under the province: where it is, and where it goes in 2025. */
export interface ProvinceUnitSeed {
  name: string;
  sector: Sector;
  district: string;
  /** Provincial-level units come directly under LĐLĐ tỉnh when their sector union ends. */
  provincial: boolean;
  /** Latest founding date, for units that history events need early. */
  latest?: string;
}

const pub = (name: string, district: string, provincial = true, latest?: string): ProvinceUnitSeed => ({
  name,
  sector: 'public_service',
  district,
  provincial,
  ...(latest ? { latest } : {}),
});
/** A unit of the education sector union: the education sector and bloc. */
const edu = (name: string, district: string): ProvinceUnitSeed => ({
  ...pub(name, district),
  sector: 'education',
});

export const EDUCATION_UNITS: ProvinceUnitSeed[] = [
  edu('Cơ quan Sở Giáo dục và Đào tạo', 'DLT'),
  edu('Trường THPT Chuyên Thăng Long', 'DLT'),
  edu('Trường THPT Trần Phú', 'DLT'),
  edu('Trường THPT Bùi Thị Xuân', 'DLT'),
  edu('Trường THPT Chi Lăng', 'DLT'),
  edu('Trường THPT Tây Sơn', 'DLT'),
  edu('Trường THPT Đống Đa', 'DLT'),
  edu('Trường THPT Chuyên Bảo Lộc', 'BLC'),
  edu('Trường THPT Bảo Lộc', 'BLC'),
  edu('Trường THPT Lộc Thanh', 'BLC'),
  edu('Trường THPT Nguyễn Tri Phương', 'BLC'),
  edu('Trường THPT Đức Trọng', 'DTR'),
  edu('Trường THPT Nguyễn Thái Bình', 'DTR'),
  edu('Trường THPT Hoàng Hoa Thám', 'DTR'),
  edu('Trường THPT Di Linh', 'DLI'),
  edu('Trường THPT Nguyễn Viết Xuân', 'DLI'),
  edu('Trường THPT Lâm Hà', 'LHA'),
  edu('Trường THPT Thăng Long', 'LHA'),
  edu('Trường THPT Đơn Dương', 'DDU'),
  edu('Trường THPT Pró', 'DDU'),
  edu('Trường THPT Lộc Thắng', 'BLA'),
  edu('Trường THPT Bảo Lâm', 'BLA'),
  edu('Trường THPT Đạ Tông', 'DRO'),
  edu('Trường THPT Lang Biang', 'LDU'),
  edu('Trường THPT Đạ Huoai', 'DHU'),
  edu('Trường THPT Đạ Tẻh', 'DTE'),
  edu('Trường THPT Cát Tiên', 'CTI'),
  edu('Trường THPT Gia Viễn', 'CTI'),
  edu('Trường Phổ thông Dân tộc nội trú tỉnh', 'DLT'),
  edu('Trường Cao đẳng Sư phạm Đà Lạt', 'DLT'),
  edu('Trường Cao đẳng Kinh tế - Kỹ thuật Lâm Đồng', 'DLT'),
  edu('Trường Cao đẳng Nghề Đà Lạt', 'DLT'),
];

/** Y tế: district hospitals merged into the district health centres in 2018 (a real national reform). */
export const HEALTH_UNITS: ProvinceUnitSeed[] = [
  pub('Cơ quan Sở Y tế', 'DLT'),
  pub('Bệnh viện Đa khoa tỉnh Lâm Đồng', 'DLT'),
  pub('Bệnh viện II Lâm Đồng', 'BLC'),
  pub('Bệnh viện Y dược cổ truyền Phạm Ngọc Thạch', 'DLT'),
  pub('Bệnh viện Nhi Lâm Đồng', 'DLT'),
  pub('Trung tâm Kiểm soát bệnh tật tỉnh', 'DLT'),
  pub('Trường Cao đẳng Y tế Lâm Đồng', 'DLT'),
  pub('Trung tâm Y tế thành phố Đà Lạt', 'DLT', false),
  pub('Trung tâm Y tế thành phố Bảo Lộc', 'BLC', false),
  pub('Trung tâm Y tế huyện Đức Trọng', 'DTR', false, '2012-12-31'),
  pub('Trung tâm Y tế huyện Di Linh', 'DLI', false, '2012-12-31'),
  pub('Trung tâm Y tế huyện Lâm Hà', 'LHA', false),
  pub('Trung tâm Y tế huyện Đơn Dương', 'DDU', false),
  pub('Trung tâm Y tế huyện Bảo Lâm', 'BLA', false),
  pub('Trung tâm Y tế huyện Lạc Dương', 'LDU', false),
  pub('Trung tâm Y tế huyện Đạ Huoai', 'DHU', false),
  pub('Trung tâm Y tế huyện Đạ Tẻh', 'DTE', false),
  pub('Trung tâm Y tế huyện Cát Tiên', 'CTI', false),
  pub('Bệnh viện Đa khoa huyện Đức Trọng', 'DTR', false, '2012-12-31'),
  pub('Bệnh viện Đa khoa huyện Di Linh', 'DLI', false, '2012-12-31'),
];

/** Công đoàn Viên chức tỉnh: provincial departments; several merged on 1/3/2025 (the national merger of departments). */
export const CIVIL_SERVICE_UNITS: ProvinceUnitSeed[] = [
  pub('Văn phòng UBND tỉnh', 'DLT'),
  pub('Sở Tài chính', 'DLT', true, '2020-12-31'),
  pub('Sở Kế hoạch và Đầu tư', 'DLT', true, '2020-12-31'),
  pub('Sở Nội vụ', 'DLT', true, '2020-12-31'),
  pub('Sở Lao động - Thương binh và Xã hội', 'DLT', true, '2020-12-31'),
  pub('Sở Tư pháp', 'DLT'),
  pub('Sở Công Thương', 'DLT'),
  pub('Sở Nông nghiệp và Phát triển nông thôn', 'DLT', true, '2020-12-31'),
  pub('Sở Tài nguyên và Môi trường', 'DLT', true, '2020-12-31'),
  pub('Sở Xây dựng', 'DLT', true, '2020-12-31'),
  pub('Sở Giao thông vận tải', 'DLT', true, '2020-12-31'),
  pub('Sở Văn hóa, Thể thao và Du lịch', 'DLT'),
  pub('Sở Khoa học và Công nghệ', 'DLT'),
  pub('Sở Thông tin và Truyền thông', 'DLT'),
  pub('Thanh tra tỉnh', 'DLT'),
  pub('Ban Dân tộc tỉnh', 'DLT'),
  pub('Văn phòng Đoàn ĐBQH và HĐND tỉnh', 'DLT'),
  pub('Đài Phát thanh - Truyền hình Lâm Đồng', 'DLT'),
  pub('Báo Lâm Đồng', 'DLT'),
  pub('Ban Quản lý các khu công nghiệp tỉnh', 'DLT'),
  pub('Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch', 'DLT'),
  pub('Vườn Quốc gia Bidoup - Núi Bà', 'LDU'),
  pub('Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh', 'DLT'),
  pub('Quỹ Đầu tư phát triển tỉnh', 'DLT'),
];

/** The 1/3/2025 mergers of provincial departments: sources into the target, with the target's new name if any. */
export const DEPARTMENT_MERGERS: { sources: string[]; target: string; newName?: string }[] = [
  { sources: ['Sở Kế hoạch và Đầu tư'], target: 'Sở Tài chính' },
  { sources: ['Sở Lao động - Thương binh và Xã hội'], target: 'Sở Nội vụ' },
  { sources: ['Sở Giao thông vận tải'], target: 'Sở Xây dựng' },
  {
    sources: ['Sở Tài nguyên và Môi trường'],
    target: 'Sở Nông nghiệp và Phát triển nông thôn',
    newName: 'Sở Nông nghiệp và Môi trường',
  },
];

/** Large workplaces directly under LĐLĐ tỉnh. */
export const PROVINCE_DIRECT_UNITS: ProvinceUnitSeed[] = [
  {
    name: 'Công ty TNHH MTV Cấp thoát nước Lâm Đồng',
    sector: 'state_enterprise',
    district: 'DLT',
    provincial: true,
  },
  { name: 'Công ty Điện lực Lâm Đồng', sector: 'state_enterprise', district: 'DLT', provincial: true },
  { name: 'Công ty Cổ phần Du lịch Lâm Đồng', sector: 'state_enterprise', district: 'DLT', provincial: true },
  {
    name: 'Công ty TNHH MTV Xổ số kiến thiết Lâm Đồng',
    sector: 'state_enterprise',
    district: 'DLT',
    provincial: true,
  },
  {
    name: 'Chi nhánh Ngân hàng TMCP Công Thương Lâm Đồng',
    sector: 'state_enterprise',
    district: 'DLT',
    provincial: true,
  },
  { name: 'Công ty Cổ phần Chè Cầu Đất', sector: 'private_enterprise', district: 'DLT', provincial: true },
  {
    name: 'Công ty TNHH Hoa Cao Nguyên Việt Nam',
    sector: 'fdi_enterprise',
    district: 'DTR',
    provincial: true,
  },
  {
    name: 'Công ty TNHH Chế biến nông sản Phú Hội',
    sector: 'fdi_enterprise',
    district: 'DTR',
    provincial: true,
  },
  { name: 'Công ty TNHH Tơ lụa Bảo Lộc', sector: 'fdi_enterprise', district: 'BLC', provincial: true },
  {
    name: 'Công ty Cổ phần Thủy điện Đa Nhim - Hàm Thuận - Đa Mi',
    sector: 'state_enterprise',
    district: 'DDU',
    provincial: true,
  },
  {
    name: 'Công ty TNHH MTV Lâm nghiệp Bảo Lâm',
    sector: 'state_enterprise',
    district: 'BLA',
    provincial: true,
  },
  { name: 'Công ty Cổ phần Sữa Đà Lạt', sector: 'private_enterprise', district: 'DDU', provincial: true },
  {
    name: 'Công ty Cổ phần Vận tải ô tô Lâm Đồng',
    sector: 'private_enterprise',
    district: 'DLT',
    provincial: true,
  },
  {
    name: 'Liên hiệp Hợp tác xã Nông nghiệp Lâm Đồng',
    sector: 'cooperative',
    district: 'DLT',
    provincial: true,
  },
];
