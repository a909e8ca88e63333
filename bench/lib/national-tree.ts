/**
 * A national-scale organisation for the benchmark: the confederation, 34 province federations (the provinces after
 * the 2025 merger, sized unevenly as their workforces are), about 700 direct upper unions and about 130,000 CĐCS,
 * all founded before 2025. Deterministic from a seed.
 */
import type { UnitImportRow } from '../../src/features/organisation/services/import-units';
import { mulberry32, type Random } from '../../src/demo/random';

/** Relative size of each province (≈ its share of CĐCS), the 34 provinces and cities from 1/7/2025. */
const PROVINCES: [string, number][] = [
  ['TP Hồ Chí Minh', 16],
  ['Hà Nội', 12],
  ['Hải Phòng', 5],
  ['Đồng Nai', 5],
  ['Bắc Ninh', 4.5],
  ['Đà Nẵng', 3],
  ['Thanh Hóa', 3],
  ['Nghệ An', 3],
  ['Phú Thọ', 3],
  ['Tây Ninh', 3],
  ['Hưng Yên', 2.5],
  ['Ninh Bình', 2.5],
  ['Cần Thơ', 2.2],
  ['Lâm Đồng', 2],
  ['Vĩnh Long', 2],
  ['Đồng Tháp', 2],
  ['An Giang', 2],
  ['Quảng Ninh', 1.8],
  ['Gia Lai', 1.8],
  ['Đắk Lắk', 1.8],
  ['Thái Nguyên', 1.6],
  ['Khánh Hòa', 1.5],
  ['Hà Tĩnh', 1.3],
  ['Lào Cai', 1.3],
  ['Quảng Ngãi', 1.3],
  ['Huế', 1.2],
  ['Tuyên Quang', 1.2],
  ['Quảng Trị', 1.2],
  ['Cà Mau', 1.2],
  ['Sơn La', 0.9],
  ['Lạng Sơn', 0.8],
  ['Cao Bằng', 0.6],
  ['Điện Biên', 0.5],
  ['Lai Châu', 0.4],
];

export interface NationalTreeOptions {
  grassroots: number;
  upperUnions: number;
  seed: number;
}

export interface ProvinceTree {
  code: string;
  name: string;
  /** Province row, its upper unions and its CĐCS, parents first. */
  rows: UnitImportRow[];
  grassroots: number;
}

export interface NationalTree {
  root: UnitImportRow;
  provinces: ProvinceTree[];
  units: number;
  upperUnions: number;
  grassroots: number;
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k += 1) parts[order[k]![1]]! += 1;
  return parts;
}

/** A skewed weight, so that some districts are several times bigger than others. */
const skewed = (rng: Random) => Math.exp(rng.next() * 2.2 - 1.1);

export function buildNationalTree(options: NationalTreeOptions): NationalTree {
  const rng = mulberry32(options.seed);
  const root: UnitImportRow = {
    rowNumber: 2,
    code: 'VN',
    name: 'Tổng Liên đoàn Lao động Việt Nam',
    shortName: 'TLĐ',
    typeId: 'confederation',
    foundedOn: '1929-07-28',
  };
  const weights = PROVINCES.map(([, w]) => w);
  const grassroots = apportion(options.grassroots, weights);
  // Every province has at least 8 upper unions; the rest follow size.
  const uppers = apportion(options.upperUnions - 8 * PROVINCES.length, weights).map((n) => n + 8);
  let rowNumber = 3;
  const provinces = PROVINCES.map(([place, weight], p) => {
    const code = `P${String(p + 1).padStart(2, '0')}`;
    const rows: UnitImportRow[] = [];
    const add = (row: Omit<UnitImportRow, 'rowNumber'>) => rows.push({ rowNumber: rowNumber++, ...row });
    add({
      code,
      name: `LĐLĐ ${place.startsWith('TP ') || place === 'Hà Nội' ? 'thành phố' : 'tỉnh'} ${place.replace(/^TP /, '')}`,
      typeId: 'provincial_federation',
      parentCode: root.code,
      province: place,
      foundedOn: rng.date('1976-01-01', '1997-12-31'),
    });
    const provinceFounded = rows[0]!.foundedOn;
    const upperCount = uppers[p]!;
    const zones = weight >= 4 ? 2 : weight >= 2 ? 1 : 0;
    const sectors = 3;
    const districts = upperCount - zones - sectors;
    const upperUnits: { code: string; typeId: string; weight: number }[] = [];
    for (let i = 0; i < upperCount; i += 1) {
      const typeId =
        i < districts
          ? 'district_federation'
          : i < districts + sectors
            ? 'local_sector_union'
            : 'industrial_zone_union';
      const upperCode = `${code}-U${String(i + 1).padStart(3, '0')}`;
      const label =
        typeId === 'district_federation'
          ? `LĐLĐ huyện số ${i + 1} - ${place}`
          : typeId === 'local_sector_union'
            ? `Công đoàn ngành ${['Giáo dục', 'Y tế', 'Viên chức'][i - districts]} - ${place}`
            : `Công đoàn các khu công nghiệp ${i - districts - sectors + 1} - ${place}`;
      add({
        code: upperCode,
        name: label,
        typeId,
        parentCode: code,
        province: place,
        foundedOn: rng.date(provinceFounded > '1990-01-01' ? provinceFounded : '1990-01-01', '1998-12-31'),
      });
      // Industrial zones hold a quarter of a big province's CĐCS; sector unions a tenth between them.
      const share =
        typeId === 'industrial_zone_union'
          ? 0.25 / zones
          : typeId === 'local_sector_union'
            ? 0.1 / sectors
            : 0;
      upperUnits.push({ code: upperCode, typeId, weight: share });
    }
    // About 6% sit directly under the province; the districts share the rest unevenly.
    const districtShare = 1 - 0.06 - upperUnits.reduce((a, u) => a + u.weight, 0);
    const districtWeights = upperUnits
      .filter((u) => u.typeId === 'district_federation')
      .map(() => skewed(rng));
    const districtSum = districtWeights.reduce((a, b) => a + b, 0);
    let d = 0;
    for (const u of upperUnits)
      if (u.typeId === 'district_federation')
        u.weight = (districtShare * districtWeights[d++]!) / districtSum;
    const parents = [{ code, weight: 0.06 }, ...upperUnits];
    const perParent = apportion(
      grassroots[p]!,
      parents.map((u) => u.weight),
    );
    let n = 0;
    parents.forEach((parent, i) => {
      for (let k = 0; k < perParent[i]!; k += 1) {
        n += 1;
        add({
          code: `${code}-${String(n).padStart(6, '0')}`,
          name: `CĐCS Đơn vị ${n} - ${place}`,
          typeId: 'grassroots_union',
          parentCode: parent.code,
          sector: rng.pick([
            'public_service',
            'public_service',
            'private_enterprise',
            'private_enterprise',
            'state_enterprise',
            'fdi_enterprise',
            'cooperative',
          ]),
          province: place,
          foundedOn: rng.date('1999-01-01', '2024-12-31'),
        });
      }
    });
    return { code, name: rows[0]!.name, rows, grassroots: grassroots[p]! };
  });
  const total = provinces.reduce((a, p) => a + p.grassroots, 0);
  const units = 1 + provinces.reduce((a, p) => a + p.rows.length, 0);
  return { root, provinces, units, upperUnions: units - 1 - provinces.length - total, grassroots: total };
}
