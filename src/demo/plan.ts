/**
 * The demo federation as data: every unit to found, every event of its history before 2025 and the 1/7/2025
 * restructuring, and its people with their history (members.ts), all decided from a seed without touching a
 * database. The same seed gives the same plan, so tests can compare plans instead of loading twice, and `loadDemo`
 * only has to execute it.
 */
import type { EventKind } from '../features/organisation/model';
import type { UnitImportRow } from '../features/organisation/services/import-units';
import { foldVietnamese } from '../lib/text';
import { addDays, mulberry32, type Random } from './random';
import { buildMemberPlan, type DemoGrassroots, type DemoMembers, type WorkplaceKind } from './members';
import { blocsOf, publicSector, type Sector } from './workplaces';
import {
  CIVIL_SERVICE_UNITS,
  COMMUNE_UNIONS,
  COOPERATIVE_KINDS,
  DAM_RONG_SECTORS,
  DAM_RONG_UNITS,
  DEPARTMENT_MERGERS,
  DISTRICT_AGENCIES,
  DISTRICTS,
  EDUCATION_UNITS,
  ENTERPRISE_BRANDS,
  FDI_BRANDS,
  HEALTH_UNITS,
  KINDERGARTEN_NAMES,
  MANDATORY_AGENCIES,
  PROVINCE_DIRECT_UNITS,
  SCHOOL_PATRONS,
  type CommuneUnionSeed,
  type DistrictSeed,
  type OldCommune,
  type ProvinceUnitSeed,
} from './lam-dong';

export const DEFAULT_DEMO_SEED = 2025;
export const REFORM_DATE = '2025-07-01';
export const DEMO_PROVINCE = 'Lâm Đồng';

/** One event of the demo's history, naming units by code (resolved to ids when loaded). */
export interface DemoEvent {
  kind: EventKind;
  effectiveOn: string;
  decisionNo: string;
  decisionDate: string;
  note: string;
  found?: DemoFoundSpec[];
  renames?: { code: string; name: string; shortName: string }[];
  moves?: { code: string; newParentCode: string }[];
  dissolve?: string[];
  mergeTargetCode?: string;
  /** The CĐCS this event dissolves and the CĐCS each merges into: their members are transferred there that day. */
  mergers?: { code: string; intoCode: string }[];
}

export interface DemoFoundSpec {
  code: string;
  name: string;
  shortName: string;
  typeId: string;
  parentCode: string;
  commune: string;
  address: string;
}

export interface DemoUserSpec {
  username: string;
  fullName: string;
  password: string;
  role: 'system_admin' | 'unit_admin' | 'unit_officer' | 'unit_viewer';
  /** Which of the plan's `codes` the role is held on; null for the system administrator. */
  unit: keyof DemoPlan['codes'] | null;
  unitName: string;
}

export interface DemoPlan {
  seed: number;
  /** The tree as founded, parents first, for the bulk import. */
  units: UnitImportRow[];
  /** Renames, moves, mergers and dissolutions before 2025, in date order. */
  history: DemoEvent[];
  /** The 1/7/2025 restructuring: one plan, one transaction, one event. */
  restructuring: DemoEvent;
  /** Every CĐCS ever founded, with its kind, district and end, as the member generator saw them. */
  grassroots: DemoGrassroots[];
  /** The people and their history, admitted CĐCS by CĐCS (see members.ts). */
  members: DemoMembers;
  codes: {
    confederation: string;
    province: string;
    damRong: string;
    phiLieng: string;
    communeUnionDamRong1: string;
  };
}

/** Every demo login shares one password, a phrase the password rule (access/password-policy.ts) accepts. */
export const DEMO_PASSWORD = 'thong-reo-ho-tuyen-lam';

const CONFEDERATION = 'TLD';
const PROVINCE = 'LD';
const EDUCATION = 'LD-GD';
const HEALTH = 'LD-YT';
const CIVIL_SERVICE = 'LD-VC';
/** District education unions that existed until 2017 (seed 000: "giải thể Công đoàn Giáo dục huyện"). */
const DISTRICT_EDUCATION: Record<string, { code: string; foundedOn: string }> = {
  DLI: { code: 'LD-GDH-DLI', foundedOn: '1993-01-01' },
  DTR: { code: 'LD-GDH-DTR', foundedOn: '1993-01-01' },
};
const EDUCATION_UNIONS_END = '2017-07-01';
const BAO_LOC_CITY = '2010-05-01';

/** A unit as the generator tracks it while it writes the history. */
interface SimUnit {
  code: string;
  name: string;
  shortName: string;
  typeId: string;
  parent: string | null;
  foundedOn: string;
  ended: boolean;
  sector: Sector | null;
  /** Where the unit is, for the commune union that covers it after 1/7/2025. */
  district: string | null;
  commune: OldCommune | null;
  kind: WorkplaceKind;
  /** Big workplaces come directly under LĐLĐ tỉnh in 2025 instead of under a commune union. */
  big: boolean;
}

/** A CĐCS before it has a date: its name may depend on the date (thị xã → thành phố Bảo Lộc). */
interface Candidate {
  render: (date: string) => string;
  sector: Sector;
  commune: OldCommune | null;
  kind: SimUnit['kind'];
  big: boolean;
  earliest: string;
  latest: string;
}

const cap = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
const districtByCode = new Map(DISTRICTS.map((d) => [d.code, d]));
const unionByKey = new Map(COMMUNE_UNIONS.map((u) => [u.key, u]));

function districtKind(d: DistrictSeed, date: string): DistrictSeed['kind'] {
  return d.code === 'BLC' && date >= BAO_LOC_CITY ? 'thành phố' : d.kind;
}

/** "huyện Đam Rông", "thị xã Bảo Lộc" (before 2010), "thành phố Bảo Lộc". */
function districtLabel(d: DistrictSeed, date = REFORM_DATE): string {
  return `${districtKind(d, date)} ${d.place}`;
}

function districtShort(d: DistrictSeed, date = REFORM_DATE): string {
  const kind = districtKind(d, date);
  return kind === 'huyện' ? d.place : `${kind === 'thành phố' ? 'TP' : 'TX'} ${d.place}`;
}

function partyOffice(d: DistrictSeed, date: string): string {
  const kind = districtKind(d, date);
  return kind === 'huyện' ? 'Huyện ủy' : kind === 'thành phố' ? 'Thành ủy' : 'Thị ủy';
}

const numbered = (commune: OldCommune) => /^\d+$/.test(commune.name);

/** "xã Phi Liêng", "phường 1 - Đà Lạt", "thị trấn Liên Nghĩa". */
function communeLabel(commune: OldCommune, d: DistrictSeed): string {
  return `${commune.kind} ${commune.name}${numbered(commune) ? ` - ${d.place}` : ''}`;
}

function addressOf(commune: OldCommune | null, d: DistrictSeed): string {
  return [commune ? cap(`${commune.kind} ${commune.name}`) : null, districtLabel(d), `tỉnh ${DEMO_PROVINCE}`]
    .filter(Boolean)
    .join(', ');
}

function communeUnionCode(u: CommuneUnionSeed): string {
  return `${PROVINCE}-X-${foldVietnamese(u.name).toUpperCase().replace(/ +/g, '-')}`;
}

function communeUnionName(u: CommuneUnionSeed): string {
  return `Công đoàn ${u.kind} ${u.name}`;
}

const decision = (rng: Random, issuer = 'LĐLĐ') => `${rng.int(5, 480)}/QĐ-${issuer}`;

/** The workplaces of one district, from which its CĐCS are drawn. */
function districtCandidates(rng: Random, d: DistrictSeed, usedNames: Set<string>): Candidate[] {
  /** A name not used yet in the province, or null when `generate` keeps repeating itself. */
  const fresh = (generate: () => string, first = generate()): string | null => {
    let name = first;
    for (let i = 0; usedNames.has(name) && i < 20; i += 1) name = generate();
    if (usedNames.has(name)) return null;
    usedNames.add(name);
    return name;
  };
  const fixed = (name: string) => () => name;
  const seat = d.communes[0]!;
  const pub = (
    render: (date: string) => string,
    commune: OldCommune,
    kind: Candidate['kind'],
    from: string,
    to: string,
  ): Candidate => ({
    render,
    sector: publicSector(kind),
    commune,
    kind,
    big: false,
    earliest: from,
    latest: to,
  });
  const agencies = DISTRICT_AGENCIES.map((template) =>
    pub(
      (date) =>
        template
          .replace('{party}', partyOffice(d, date))
          .replace('{l}', districtLabel(d, date))
          .replace('{p}', d.place),
      seat,
      'agency',
      '1995-01-01',
      '2010-12-31',
    ),
  );
  const mandatory = agencies.slice(0, MANDATORY_AGENCIES);
  const optional: Candidate[] = agencies.slice(MANDATORY_AGENCIES);
  const schoolName = (prefix: string, commune: OldCommune, pool: readonly string[]): string | null => {
    // Schools of communes carry the commune's name; in wards and towns they are named after people and flowers.
    const byPlace = commune.kind === 'xã' || (commune.kind === 'thị trấn' && rng.chance(0.5));
    const fromPool = () => `${prefix} ${rng.pick(pool)}`;
    return fresh(fromPool, byPlace ? `${prefix} ${commune.name}` : fromPool());
  };
  for (const commune of d.communes) {
    const label = communeLabel(commune, d);
    const add = (name: string | null, kind: Candidate['kind'], from: string, to: string) => {
      if (name) optional.push(pub(fixed(name), commune, kind, from, to));
    };
    add(
      fresh(() => `UBND ${label}`),
      'commune_office',
      '1995-01-01',
      '2008-12-31',
    );
    add(
      fresh(() => `Trạm Y tế ${label}`),
      'health_station',
      '1998-01-01',
      '2012-12-31',
    );
    add(schoolName('Trường Mầm non', commune, KINDERGARTEN_NAMES), 'school', '1995-01-01', '2016-12-31');
    add(schoolName('Trường Tiểu học', commune, SCHOOL_PATRONS), 'school', '1995-01-01', '2014-12-31');
    add(schoolName('Trường THCS', commune, SCHOOL_PATRONS), 'school', '1995-01-01', '2014-12-31');
  }
  const privateName = () =>
    `Công ty ${rng.pick(['TNHH', 'Cổ phần'])} ${rng.pick(d.products)} ${rng.pick(ENTERPRISE_BRANDS)}`;
  const kinds: { sector: Sector; share: number; name: () => string }[] = [
    { sector: 'private_enterprise', share: 0.5, name: privateName },
    {
      sector: 'state_enterprise',
      share: 0.18,
      name: () =>
        rng.pick([
          `Công ty Cổ phần Thủy điện ${rng.pick(d.rivers)}`,
          `Công ty TNHH MTV Lâm nghiệp ${rng.pick(d.communes).name}`,
          `Chi nhánh Ngân hàng Nông nghiệp và Phát triển nông thôn ${districtLabel(d)}`,
          `Bưu điện ${districtLabel(d)}`,
          `Điện lực ${d.place}`,
        ]),
    },
    { sector: 'fdi_enterprise', share: 0.14, name: () => `Công ty TNHH ${rng.pick(FDI_BRANDS)} Việt Nam` },
    {
      sector: 'cooperative',
      share: 0.18,
      name: () => `Hợp tác xã ${rng.pick(COOPERATIVE_KINDS)} ${rng.pick(d.communes).name}`,
    },
  ];
  const enterprises: Candidate[] = [];
  while (enterprises.length < d.enterprises) {
    const commune = rng.chance(0.5) ? seat : rng.pick(d.communes);
    let roll = rng.next();
    const kind = kinds.find((k) => (roll -= k.share) < 0) ?? kinds[0]!;
    const name = fresh(kind.name);
    if (!name) continue;
    const big = (kind.sector === 'state_enterprise' || kind.sector === 'fdi_enterprise') && rng.chance(0.4);
    enterprises.push({
      render: fixed(name),
      sector: kind.sector,
      commune,
      kind: 'enterprise',
      big,
      earliest: '2000-01-01',
      latest: '2020-12-31',
    });
  }
  const publicNeeded = d.cdcs - enterprises.length - mandatory.length;
  return [...mandatory, ...rng.shuffle(optional).slice(0, Math.max(0, publicNeeded)), ...enterprises];
}

/** Đam Rông as seed 002 describes it: a fixed list, so the 2023 figure (59 CĐCS) holds for every seed. */
function damRongCandidates(rng: Random, d: DistrictSeed): Candidate[] {
  const communes = new Map(d.communes.map((c) => [c.name, c]));
  return DAM_RONG_UNITS.map((u) => {
    const commune = u.commune ? communes.get(u.commune)! : d.communes[0]!;
    const enterprise = u.group === 'enterprise';
    return {
      render: () => u.name,
      sector: DAM_RONG_SECTORS[u.group],
      commune,
      kind: enterprise
        ? 'enterprise'
        : u.group === 'education'
          ? 'school'
          : u.commune
            ? 'commune_office'
            : 'agency',
      big: false,
      earliest: enterprise ? '2008-01-01' : '1995-01-01',
      latest: enterprise ? '2020-12-31' : '2016-12-31',
    };
  });
}

/** Builds the whole demo federation from a seed. Pure: no database, no clock. */
export function buildDemoPlan(seed = DEFAULT_DEMO_SEED): DemoPlan {
  const rng = mulberry32(seed);
  const units: UnitImportRow[] = [];
  const sim = new Map<string, SimUnit>();
  // Đam Rông's fixed names first, so that no other district repeats them.
  const usedNames = new Set<string>(DAM_RONG_UNITS.map((u) => u.name));

  const found = (
    row: Omit<UnitImportRow, 'rowNumber'>,
    extra: Omit<SimUnit, 'code' | 'name' | 'shortName' | 'typeId' | 'parent' | 'foundedOn' | 'ended'>,
  ) => {
    units.push({ rowNumber: units.length + 2, ...row });
    sim.set(row.code, {
      code: row.code,
      name: row.name,
      shortName: row.shortName ?? row.name,
      typeId: row.typeId,
      parent: row.parentCode ?? null,
      foundedOn: row.foundedOn,
      ended: false,
      ...extra,
    });
  };
  const upper = { sector: null, district: null, commune: null, kind: 'upper' as const, big: false };

  found(
    {
      code: CONFEDERATION,
      name: 'Tổng Liên đoàn Lao động Việt Nam',
      shortName: 'TLĐ',
      typeId: 'confederation',
      foundedOn: '1929-07-28',
      province: null,
      address: 'Hà Nội',
    },
    upper,
  );
  found(
    {
      code: PROVINCE,
      name: `LĐLĐ tỉnh ${DEMO_PROVINCE}`,
      shortName: `LĐLĐ ${DEMO_PROVINCE}`,
      typeId: 'provincial_federation',
      parentCode: CONFEDERATION,
      foundedOn: '1976-04-01',
      province: DEMO_PROVINCE,
      foundingDecisionNo: decision(rng, 'TLĐ'),
      address: `Thành phố Đà Lạt, tỉnh ${DEMO_PROVINCE}`,
    },
    upper,
  );
  for (const d of DISTRICTS) {
    found(
      {
        code: `${PROVINCE}-${d.code}`,
        name: `LĐLĐ ${districtLabel(d, d.foundedOn)}`,
        shortName: districtShort(d, d.foundedOn),
        typeId: 'district_federation',
        parentCode: PROVINCE,
        foundedOn: d.foundedOn,
        province: DEMO_PROVINCE,
        foundingDecisionNo: decision(rng),
        address: addressOf(d.communes[0]!, d),
      },
      { ...upper, district: d.code },
    );
  }
  const sectorUnions = [
    {
      code: EDUCATION,
      name: `Công đoàn ngành Giáo dục tỉnh ${DEMO_PROVINCE}`,
      shortName: 'CĐ ngành Giáo dục',
      foundedOn: '1990-01-01',
    },
    {
      code: HEALTH,
      name: `Công đoàn ngành Y tế tỉnh ${DEMO_PROVINCE}`,
      shortName: 'CĐ ngành Y tế',
      foundedOn: '1991-06-01',
    },
    {
      code: CIVIL_SERVICE,
      name: `Công đoàn Viên chức tỉnh ${DEMO_PROVINCE}`,
      shortName: 'CĐ Viên chức tỉnh',
      foundedOn: '1994-01-01',
    },
    ...Object.entries(DISTRICT_EDUCATION).map(([districtCode, e]) => {
      const d = districtByCode.get(districtCode)!;
      return {
        code: e.code,
        name: `Công đoàn Giáo dục huyện ${d.place}`,
        shortName: `CĐ Giáo dục ${d.place}`,
        foundedOn: e.foundedOn,
      };
    }),
  ];
  for (const s of sectorUnions) {
    found(
      {
        ...s,
        typeId: 'local_sector_union',
        parentCode: PROVINCE,
        province: DEMO_PROVINCE,
        foundingDecisionNo: decision(rng),
        address: `Thành phố Đà Lạt, tỉnh ${DEMO_PROVINCE}`,
      },
      upper,
    );
  }

  // CĐCS of the district federations, numbered per district in founding order.
  for (const d of DISTRICTS) {
    const districtCode = `${PROVINCE}-${d.code}`;
    const candidates = d.code === 'DRO' ? damRongCandidates(rng, d) : districtCandidates(rng, d, usedNames);
    const dated = candidates.map((c) => {
      // Đam Rông's CĐCS may predate the district: they sat under Lâm Hà until 2005.
      const parentFounded = d.code === 'DRO' ? '1987-06-01' : d.foundedOn;
      const from = [c.earliest, addDays(parentFounded, 30)].sort()[1]!;
      const date = rng.date(from, c.latest < from ? from : c.latest);
      return { c, date, name: `CĐCS ${c.render(date)}` };
    });
    dated.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
    dated.forEach(({ c, date, name }, i) => {
      let parentCode = districtCode;
      if (d.code === 'DRO' && date < d.foundedOn) parentCode = `${PROVINCE}-LHA`;
      const education = DISTRICT_EDUCATION[d.code];
      if (education && c.kind === 'school' && date < EDUCATION_UNIONS_END) parentCode = education.code;
      found(
        {
          code: `${districtCode}-${String(i + 1).padStart(4, '0')}`,
          name,
          shortName: name.replace(/^CĐCS /, ''),
          typeId: 'grassroots_union',
          parentCode,
          sector: c.sector,
          groups: blocsOf(c.sector),
          province: DEMO_PROVINCE,
          commune: c.commune ? cap(`${c.commune.kind} ${c.commune.name}`) : null,
          address: addressOf(c.commune, d),
          foundingDecisionNo: decision(rng),
          foundedOn: date,
        },
        { sector: c.sector, district: d.code, commune: c.commune, kind: c.kind, big: c.big },
      );
    });
  }

  // CĐCS of the local sector unions and those directly under the province.
  const provinceUnits = (prefix: string, parentCode: string, seeds: ProvinceUnitSeed[]) => {
    const dated = seeds.map((s) => {
      const parentFounded = sim.get(parentCode)!.foundedOn;
      const from = [addDays(parentFounded, 30), '1995-01-01'].sort()[1]!;
      return { s, date: rng.date(from, s.latest ?? '2012-12-31') };
    });
    dated.sort((a, b) => a.date.localeCompare(b.date) || a.s.name.localeCompare(b.s.name));
    dated.forEach(({ s, date }, i) => {
      const d = districtByCode.get(s.district)!;
      const name = `CĐCS ${s.name}`;
      found(
        {
          code: `${prefix}-${String(i + 1).padStart(4, '0')}`,
          name,
          shortName: s.name,
          typeId: 'grassroots_union',
          parentCode,
          sector: s.sector,
          groups: blocsOf(s.sector),
          province: DEMO_PROVINCE,
          commune: s.provincial ? null : cap(`${d.communes[0]!.kind} ${d.communes[0]!.name}`),
          address: addressOf(s.provincial ? null : d.communes[0]!, d),
          foundingDecisionNo: decision(rng),
          foundedOn: date,
        },
        {
          sector: s.sector,
          district: s.district,
          commune: d.communes[0]!,
          kind: s.provincial ? 'province_level' : 'agency',
          big: s.provincial,
        },
      );
    });
  };
  provinceUnits(EDUCATION, EDUCATION, EDUCATION_UNITS);
  provinceUnits(HEALTH, HEALTH, HEALTH_UNITS);
  provinceUnits(CIVIL_SERVICE, CIVIL_SERVICE, CIVIL_SERVICE_UNITS);
  provinceUnits(PROVINCE, PROVINCE, PROVINCE_DIRECT_UNITS);

  const history = buildHistory(rng, sim);
  const restructuring = buildRestructuring(rng, sim);
  const phiLieng = [...sim.values()].find((u) => u.name === 'CĐCS Trường THCS Phi Liêng')!;
  const damRong1 = communeUnionCode(unionByKey.get('DR1')!);
  const grassroots = grassrootsOf(units, sim, [...history, restructuring]);
  // The people have a generator of their own: the units planned from a seed stay the same whatever they draw.
  const members = buildMemberPlan(mulberry32(seed * 7919 + 104_729), grassroots, phiLieng.code);
  return {
    seed,
    units,
    history,
    restructuring,
    grassroots,
    members,
    codes: {
      confederation: CONFEDERATION,
      province: PROVINCE,
      damRong: `${PROVINCE}-DRO`,
      phiLieng: phiLieng.code,
      communeUnionDamRong1: damRong1,
    },
  };
}

/** Every CĐCS founded, as founded, with the end its history gives it (every CĐCS that ends is merged somewhere). */
function grassrootsOf(
  units: readonly UnitImportRow[],
  sim: Map<string, SimUnit>,
  events: readonly DemoEvent[],
): DemoGrassroots[] {
  const ends = new Map<string, { on: string; into: string }>();
  for (const event of events) {
    for (const m of event.mergers ?? []) ends.set(m.code, { on: event.effectiveOn, into: m.intoCode });
    for (const code of event.dissolve ?? []) {
      if (sim.get(code)?.typeId === 'grassroots_union' && !ends.has(code))
        throw new Error(`demo: CĐCS ${code} ends on ${event.effectiveOn} without a CĐCS to take its members`);
    }
  }
  return units
    .filter((row) => row.typeId === 'grassroots_union')
    .map((row) => {
      const unit = sim.get(row.code)!;
      return {
        code: row.code,
        name: row.name,
        sector: unit.sector ?? 'other',
        kind: unit.kind,
        district: unit.district,
        foundedOn: row.foundedOn,
        big: unit.big,
        end: ends.get(row.code) ?? null,
      };
    });
}

/** Children of `parent` still under it in the simulation. */
const childrenOf = (sim: Map<string, SimUnit>, parent: string) =>
  [...sim.values()].filter((u) => !u.ended && u.parent === parent);

function byName(sim: Map<string, SimUnit>, name: string): SimUnit {
  const unit = [...sim.values()].find((u) => u.name === name);
  if (!unit) throw new Error(`demo: no unit named ${name}`);
  return unit;
}

/** Renames, moves, mergers and dissolutions from 2005 to 1/3/2025, applied to the simulation as they are written. */
function buildHistory(rng: Random, sim: Map<string, SimUnit>): DemoEvent[] {
  const events: DemoEvent[] = [];
  const meta = (effectiveOn: string, note: string, issuer = 'LĐLĐ') => ({
    effectiveOn,
    decisionNo: decision(rng, issuer),
    decisionDate: addDays(effectiveOn, -rng.int(3, 20)),
    note,
  });
  const move = (code: string, newParentCode: string) => {
    sim.get(code)!.parent = newParentCode;
    return { code, newParentCode };
  };
  const end = (code: string) => {
    sim.get(code)!.ended = true;
    return code;
  };
  const rename = (unit: SimUnit, name: string, shortName: string) => {
    unit.name = name;
    unit.shortName = shortName;
    return { code: unit.code, name, shortName };
  };

  // 2005: huyện Đam Rông is formed from part of Lâm Hà; its CĐCS follow.
  const damRong = `${PROVINCE}-DRO`;
  const early = [...sim.values()].filter((u) => u.district === 'DRO' && u.parent === `${PROVINCE}-LHA`);
  if (early.length) {
    events.push({
      kind: 'split',
      ...meta(
        '2005-03-01',
        'Thành lập huyện Đam Rông từ một phần huyện Lâm Hà: chuyển các CĐCS trên địa bàn về LĐLĐ huyện Đam Rông.',
      ),
      moves: early.map((u) => move(u.code, damRong)),
    });
  }

  // 2010: thị xã Bảo Lộc becomes thành phố Bảo Lộc; the federation and the agencies named after it follow.
  const baoLoc = DISTRICTS.find((d) => d.code === 'BLC')!;
  const renames = [...sim.values()]
    .filter((u) => !u.ended && u.foundedOn < BAO_LOC_CITY && /thị xã Bảo Lộc|Thị ủy Bảo Lộc/.test(u.name))
    .map((u) => {
      const name = u.name
        .replace('thị xã Bảo Lộc', 'thành phố Bảo Lộc')
        .replace('Thị ủy Bảo Lộc', 'Thành ủy Bảo Lộc');
      const shortName =
        u.typeId === 'district_federation' ? districtShort(baoLoc) : name.replace(/^CĐCS /, '');
      return rename(u, name, shortName);
    });
  events.push({
    kind: 'rename',
    ...meta(
      BAO_LOC_CITY,
      'Thị xã Bảo Lộc trở thành thành phố Bảo Lộc: đổi tên LĐLĐ và các CĐCS mang tên địa danh.',
    ),
    renames,
  });

  // 2011–2016: a few workplaces move their seat to another district, one grows big enough to sit under the province.
  const moves: { from: string; to: string; window: [string, string] }[] = [
    { from: 'DTR', to: 'DLT', window: ['2011-03-01', '2011-12-31'] },
    { from: 'LHA', to: 'DTR', window: ['2012-03-01', '2013-12-31'] },
    { from: 'DLI', to: 'BLC', window: ['2014-03-01', '2014-12-31'] },
    { from: 'DTR', to: '', window: ['2015-03-01', '2016-12-31'] },
  ];
  for (const m of moves) {
    const date = rng.date(m.window[0], m.window[1]);
    const candidates = childrenOf(sim, `${PROVINCE}-${m.from}`).filter(
      (u) => u.kind === 'enterprise' && u.foundedOn < addDays(date, -30),
    );
    if (candidates.length === 0) continue;
    const unit = rng.pick(candidates);
    const target = m.to ? `${PROVINCE}-${m.to}` : PROVINCE;
    const targetName = sim.get(target)!.name;
    events.push({
      kind: 'move',
      ...meta(
        date,
        m.to
          ? `${unit.name} chuyển trụ sở về địa bàn ${districtLabel(districtByCode.get(m.to)!, date)}; chuyển về ${targetName}.`
          : `${unit.name} mở rộng quy mô; chuyển về trực thuộc ${targetName}.`,
      ),
      moves: [move(unit.code, target)],
    });
    if (m.to) {
      unit.district = m.to;
      unit.commune = districtByCode.get(m.to)!.communes[0]!;
    } else unit.big = true;
  }

  // 1/7/2017: the district education unions are dissolved; their schools go to the district federations.
  for (const [districtCode, e] of Object.entries(DISTRICT_EDUCATION)) {
    const union = sim.get(e.code)!;
    const districtUnit = `${PROVINCE}-${districtCode}`;
    events.push({
      kind: 'dissolve',
      ...meta(
        EDUCATION_UNIONS_END,
        `Giải thể ${union.name}; các CĐCS trường học chuyển về ${sim.get(districtUnit)!.name}.`,
      ),
      moves: childrenOf(sim, e.code).map((u) => move(u.code, districtUnit)),
      dissolve: [end(e.code)],
    });
  }

  // 1/1/2018: district hospitals merge into the district health centres.
  for (const place of ['Đức Trọng', 'Di Linh']) {
    const source = byName(sim, `CĐCS Bệnh viện Đa khoa huyện ${place}`);
    const target = byName(sim, `CĐCS Trung tâm Y tế huyện ${place}`);
    events.push({
      kind: 'merge',
      ...meta(
        '2018-01-01',
        `Sáp nhập Bệnh viện Đa khoa huyện ${place} vào Trung tâm Y tế huyện ${place}; hợp nhất công đoàn cơ sở.`,
      ),
      dissolve: [end(source.code)],
      mergeTargetCode: target.code,
      mergers: [{ code: source.code, intoCode: target.code }],
    });
  }

  // 2018: two companies are equitized and renamed.
  const companies = [...sim.values()].filter(
    (u) =>
      !u.ended &&
      u.sector === 'private_enterprise' &&
      u.district !== 'DRO' &&
      u.name.startsWith('CĐCS Công ty TNHH ') &&
      u.foundedOn < '2017-06-30',
  );
  const equitized = rng.shuffle(companies).slice(0, 2);
  const dates = equitized.map(() => rng.date('2018-03-01', '2018-12-31')).sort();
  equitized.forEach((u, i) => {
    const name = u.name.replace('Công ty TNHH ', 'Công ty Cổ phần ');
    events.push({
      kind: 'rename',
      ...meta(dates[i]!, `Cổ phần hóa doanh nghiệp: đổi tên thành ${name}.`),
      renames: [rename(u, name, name.replace(/^CĐCS /, ''))],
    });
  });

  // 1/8/2019: a primary and a lower-secondary school of one commune merge into a TH&THCS school.
  const alive = [...sim.values()].filter((u) => !u.ended);
  const mergers = alive.filter((u) => {
    if (u.kind !== 'school' || u.district === 'DRO' || u.commune?.kind !== 'xã') return false;
    if (u.name !== `CĐCS Trường Tiểu học ${u.commune.name}` || u.foundedOn >= '2019-07-01') return false;
    const partner = alive.find((p) => p.name === `CĐCS Trường THCS ${u.commune!.name}`);
    return partner !== undefined && partner.parent === u.parent && partner.foundedOn < '2019-07-01';
  });
  if (mergers.length) {
    const primary = rng.pick(mergers);
    const secondary = byName(sim, `CĐCS Trường THCS ${primary.commune!.name}`);
    const name = `CĐCS Trường TH&THCS ${primary.commune!.name}`;
    events.push({
      kind: 'merge',
      ...meta(
        '2019-08-01',
        `Sáp nhập Trường THCS ${primary.commune!.name} vào Trường Tiểu học ${primary.commune!.name} thành ${name.replace(/^CĐCS /, '')}.`,
      ),
      renames: [rename(primary, name, name.replace(/^CĐCS /, ''))],
      dissolve: [end(secondary.code)],
      mergeTargetCode: primary.code,
      mergers: [{ code: secondary.code, intoCode: primary.code }],
    });
  }

  // 2024: huyện Đạ Huoai, Đạ Tẻh and Cát Tiên become one huyện Đạ Huoai.
  const daHuoai = `${PROVINCE}-DHU`;
  const merged = [`${PROVINCE}-DTE`, `${PROVINCE}-CTI`];
  events.push({
    kind: 'merge',
    ...meta(
      '2024-12-01',
      'Sắp xếp đơn vị hành chính cấp huyện: huyện Đạ Huoai, Đạ Tẻh và Cát Tiên hợp nhất thành huyện Đạ Huoai; hợp nhất LĐLĐ ba huyện.',
    ),
    moves: merged.flatMap((code) => childrenOf(sim, code).map((u) => move(u.code, daHuoai))),
    dissolve: merged.map(end),
    mergeTargetCode: daHuoai,
  });

  // 1/3/2025: provincial departments merge; so do their CĐCS.
  for (const m of DEPARTMENT_MERGERS) {
    const target = byName(sim, `CĐCS ${m.target}`);
    const sources = m.sources.map((s) => byName(sim, `CĐCS ${s}`));
    events.push({
      kind: 'merge',
      ...meta(
        '2025-03-01',
        `Hợp nhất ${m.sources.join(', ')} vào ${m.target}${m.newName ? ` thành ${m.newName}` : ''}; hợp nhất công đoàn cơ sở.`,
      ),
      ...(m.newName ? { renames: [rename(target, `CĐCS ${m.newName}`, m.newName)] } : {}),
      dissolve: sources.map((s) => end(s.code)),
      mergeTargetCode: target.code,
      mergers: sources.map((s) => ({ code: s.code, intoCode: target.code })),
    });
  }
  return events;
}

/**
 * 1/7/2025: commune unions are founded; the CĐCS of the district federations, of Công đoàn ngành Y tế and of Công
 * đoàn Viên chức move to the commune union of their area, or directly under the province for provincial agencies
 * and big enterprises; those federations and unions end. Công đoàn ngành Giáo dục is kept. The people's committees
 * of the old communes end with them: in each new commune their CĐCS merge into one, renamed after the new commune.
 */
function buildRestructuring(rng: Random, sim: Map<string, SimUnit>): DemoEvent {
  const ending = [...sim.values()].filter(
    (u) => !u.ended && (u.typeId === 'district_federation' || u.code === HEALTH || u.code === CIVIL_SERVICE),
  );
  const offices = new Map<string, SimUnit[]>();
  for (const parent of ending) {
    for (const u of childrenOf(sim, parent.code)) {
      if (u.kind === 'commune_office' && u.commune)
        offices.set(u.commune.union, [...(offices.get(u.commune.union) ?? []), u]);
    }
  }
  const renames: NonNullable<DemoEvent['renames']> = [];
  const mergers: NonNullable<DemoEvent['mergers']> = [];
  for (const [key, group] of [...offices.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (group.length < 2) continue;
    const union = unionByKey.get(key)!;
    const [receiver, ...merged] = [...group].sort((a, b) => a.code.localeCompare(b.code));
    receiver!.name = `CĐCS Cơ quan Đảng ủy - HĐND - UBND ${union.kind} ${union.name}`;
    receiver!.shortName = receiver!.name.replace(/^CĐCS /, '');
    renames.push({ code: receiver!.code, name: receiver!.name, shortName: receiver!.shortName });
    for (const m of merged) {
      m.ended = true;
      mergers.push({ code: m.code, intoCode: receiver!.code });
    }
  }
  const found: DemoFoundSpec[] = COMMUNE_UNIONS.map((u) => ({
    code: communeUnionCode(u),
    name: communeUnionName(u),
    shortName: `CĐ ${u.kind} ${u.name}`,
    typeId: 'commune_union',
    parentCode: PROVINCE,
    commune: cap(`${u.kind} ${u.name}`),
    address: `${cap(u.kind)} ${u.name}, tỉnh ${DEMO_PROVINCE}`,
  }));
  const moves = ending.flatMap((parent) =>
    childrenOf(sim, parent.code).map((u) => {
      const union = u.commune ? unionByKey.get(u.commune.union) : undefined;
      const toProvince = u.big || u.kind === 'province_level' || !union;
      return { code: u.code, newParentCode: toProvince ? PROVINCE : communeUnionCode(union) };
    }),
  );
  const decisionNo = `${rng.int(1100, 1900)}/QĐ-TLĐ`;
  return {
    kind: 'restructure',
    effectiveOn: REFORM_DATE,
    decisionNo,
    decisionDate: '2025-06-27',
    note:
      'Sắp xếp tổ chức công đoàn theo chính quyền địa phương hai cấp: kết thúc hoạt động các LĐLĐ huyện, thành phố, ' +
      'Công đoàn ngành Y tế và Công đoàn Viên chức tỉnh; thành lập công đoàn xã, phường; chuyển CĐCS về công đoàn ' +
      'xã, phường hoặc trực thuộc LĐLĐ tỉnh; hợp nhất CĐCS cơ quan các xã, phường cũ thành CĐCS cơ quan Đảng ủy - ' +
      'HĐND - UBND xã, phường mới.',
    found,
    renames,
    moves,
    // The merged CĐCS first: a district federation ends only once none of its CĐCS is left under it.
    dissolve: [...mergers.map((m) => m.code), ...ending.map((u) => u.code)],
    mergers,
  };
}

/** The demo logins, the same for every seed; `unit` names one of the plan's `codes`. */
export const DEMO_USERS: DemoUserSpec[] = [
  {
    username: 'admin',
    fullName: 'Quản trị hệ thống',
    password: DEMO_PASSWORD,
    role: 'system_admin',
    unit: null,
    unitName: 'Toàn hệ thống',
  },
  {
    username: 'tinh.lamdong',
    fullName: 'Trần Văn Hùng',
    password: DEMO_PASSWORD,
    role: 'unit_admin',
    unit: 'province',
    unitName: `LĐLĐ tỉnh ${DEMO_PROVINCE}`,
  },
  // A district federation ended on 1/7/2025 gives no one a unit to work in today: the province's logins read its
  // history (as of a date before the reform). A viewer shows what a read-only role sees (CCCD and phone masked).
  {
    username: 'xem.lamdong',
    fullName: 'Nguyễn Văn Cương',
    password: DEMO_PASSWORD,
    role: 'unit_viewer',
    unit: 'province',
    unitName: `LĐLĐ tỉnh ${DEMO_PROVINCE}`,
  },
  {
    username: 'xa.damrong1',
    fullName: 'Ka Thị Nguyệt',
    password: DEMO_PASSWORD,
    role: 'unit_admin',
    unit: 'communeUnionDamRong1',
    unitName: 'Công đoàn xã Đam Rông 1',
  },
  {
    username: 'cdcs.philieng',
    fullName: 'Phạm Thị Lan',
    password: DEMO_PASSWORD,
    role: 'unit_officer',
    unit: 'phiLieng',
    unitName: 'CĐCS Trường THCS Phi Liêng',
  },
];
