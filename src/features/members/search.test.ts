/**
 * Search across a subtree on the real database: names without diacritics and with typos, CCCD, member code and
 * phone, Vietnamese name order paginated by the database, and the filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, makeUser } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { loadActor } from '../access/service';
import * as organisation from '../organisation/service';
import * as service from './service';
import * as listStore from './list-store';
import { admitMember, personFixture } from './test-factories';
import { birthRangeForAges } from './model';
import { totalFromTallies } from './services/search-members';

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;
const codes: Record<string, string> = {};
const ids: Record<string, string> = {};

const people: [string, string, Parameters<typeof personFixture>[0]][] = [
  ['thuy', 'phiLieng', { fullName: 'Trần Thị Thủy', birthDate: '1990-04-30', phone: '+84 912 345 678' }],
  ['thuy2', 'damRongClinic', { fullName: 'Trần Thị Thúy', birthDate: '1995-09-09' }],
  ['an', 'phiLieng', { fullName: 'Nguyễn Văn An', gender: 'male', birthDate: '1980-01-01' }],
  ['an2', 'phiLieng', { fullName: 'Lê Thị Ân', birthDate: '2001-06-06', joinedOn: '2020-01-01' }],
  ['binh', 'damRongClinic', { fullName: 'Phạm Văn Bình', gender: 'male', birthDate: '1970-03-03' }],
  ['dung', 'phiLieng', { fullName: 'Vũ Dũng', gender: 'male', birthDate: '1965-12-12', partyMember: true }],
  ['duc', 'damRongClinic', { fullName: 'Hoàng Đức', gender: 'male', birthDate: '1988-08-08' }],
  ['other', 'lamHaCoffee', { fullName: 'Trần Thị Thủy Tiên', birthDate: '1993-03-03' }],
];

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  p = await buildProvince(handle);
  await organisation.updateUnitAttributes(handle.db, admin, p.damRongClinic, { sector: 'state_enterprise' });
  for (const [key, unit, person] of people) {
    const admitted = await admitMember(handle.db, admin, p[unit as keyof typeof p], personFixture(person));
    codes[key] = admitted.code;
    ids[key] = admitted.memberId;
  }
});
afterAll(async () => handle.close());

async function search(query: Partial<service.MemberSearch> & { unitId?: string }) {
  const { unitId = p.damRong, ...rest } = query;
  return service.searchMembers(handle.db, admin, unitId, { page: 1, pageSize: 50, ...rest });
}
const names = async (query: Partial<service.MemberSearch> & { unitId?: string }) =>
  (await search(query)).members.map((m) => m.fullName);

describe('member search', () => {
  it('finds "tran thi thuy" without diacritics, and with typos', async () => {
    expect((await names({ q: 'tran thi thuy' })).slice(0, 2).sort()).toEqual([
      'Trần Thị Thúy',
      'Trần Thị Thủy',
    ]);
    for (const typo of ['tran thi thuyy', 'tran thj thuy', 'tan thi thuy', 'TRẦN THỊ THUỶ', 'thi thuy'])
      expect(await names({ q: typo }), typo).toContain('Trần Thị Thủy');
    expect(await names({ q: 'thuy' })).toEqual(expect.arrayContaining(['Trần Thị Thủy', 'Trần Thị Thúy']));
    expect(await names({ q: 'nguyen van binh' })).not.toContain('Trần Thị Thủy');
    // Only the subtree: Lâm Hà's "Trần Thị Thủy Tiên" is not found from Đam Rông, but is from the province.
    expect(await names({ q: 'tran thi thuy' })).not.toContain('Trần Thị Thủy Tiên');
    expect(await names({ q: 'tran thi thuy', unitId: p.province })).toContain('Trần Thị Thủy Tiên');
  });

  it('finds by CCCD, member code and phone number in any common form', async () => {
    const thuy = (await search({ q: 'Trần Thị Thủy' })).members.find((m) => m.fullName === 'Trần Thị Thủy')!;
    expect(await names({ q: thuy.cccd! })).toEqual(['Trần Thị Thủy']);
    expect(await names({ q: codes.thuy! })).toEqual(['Trần Thị Thủy']);
    expect(await names({ code: codes.binh! })).toEqual(['Phạm Văn Bình']);
    for (const phone of ['0912345678', '0912 345 678', '+84912345678', '84 912.345.678'])
      expect(await names({ q: phone }), phone).toEqual(['Trần Thị Thủy']);
  });

  it('validates the check digit of a member code on look-up', async () => {
    const code = codes.an!;
    const wrong = `${code.slice(0, 9)}${(Number(code[9]) + 3) % 10}`;
    try {
      await search({ code: wrong });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).problems).toEqual([
        {
          field: 'code',
          message: `Mã đoàn viên "${wrong}" sai chữ số kiểm tra; kiểm tra lại từng chữ số trên thẻ.`,
        },
      ]);
    }
  });

  it('lists in Vietnamese name order, paginated by the database', async () => {
    const expected = [
      'Nguyễn Văn An',
      'Lê Thị Ân',
      'Phạm Văn Bình',
      'Vũ Dũng',
      'Hoàng Đức',
      'Trần Thị Thủy',
      'Trần Thị Thúy',
    ];
    expect(await names({})).toEqual(expected);
    const pages = [];
    for (let page = 1; page <= 4; page += 1) {
      const result = await search({ page, pageSize: 2 });
      expect(result.total).toBe(7);
      pages.push(...result.members.map((m) => m.fullName));
    }
    expect(pages).toEqual(expected);
  });

  it('filters by unit, gender, age, sector, party membership and status, on any date', async () => {
    expect(await names({ within: 'unit', unitId: p.phiLieng })).toEqual([
      'Nguyễn Văn An',
      'Lê Thị Ân',
      'Vũ Dũng',
      'Trần Thị Thủy',
    ]);
    expect(await names({ gender: 'female' })).toEqual(['Lê Thị Ân', 'Trần Thị Thủy', 'Trần Thị Thúy']);
    // Aged 30–39 on 1/1/2025: Đức (36) and Thủy (34); Thúy is 29.
    expect(await names({ ageFrom: 30, ageTo: 39, at: '2025-01-01' })).toEqual(['Hoàng Đức', 'Trần Thị Thủy']);
    expect(await names({ ageFrom: 29, ageTo: 29, at: '2025-01-01' })).toEqual(['Trần Thị Thúy']);
    expect(await names({ sector: 'state_enterprise' })).toEqual([
      'Phạm Văn Bình',
      'Hoàng Đức',
      'Trần Thị Thúy',
    ]);
    expect(await names({ partyMember: true })).toEqual(['Vũ Dũng']);
    expect(await names({ at: '2019-12-31', unitId: p.phiLieng })).not.toContain('Lê Thị Ân');

    await service.leaveMember(handle.db, admin, p.damRong, ids.an!, {
      effectiveOn: '2024-01-01',
      reason: 'retired',
    });
    await service.recordDeath(handle.db, admin, p.damRong, ids.dung!, { effectiveOn: '2024-02-01' });
    await service.transferMember(handle.db, admin, p.damRong, ids.duc!, {
      toUnitId: p.lamHaSchool,
      effectiveOn: '2024-03-01',
    });
    expect(await names({ at: '2024-06-01' })).toEqual([
      'Lê Thị Ân',
      'Phạm Văn Bình',
      'Trần Thị Thủy',
      'Trần Thị Thúy',
    ]);
    expect(await names({ status: 'left', at: '2024-06-01' })).toEqual(['Nguyễn Văn An']);
    expect(await names({ status: 'deceased', at: '2024-06-01' })).toEqual(['Vũ Dũng']);
    const all = await search({ status: 'all', at: '2024-06-01' });
    expect(all.members.map((m) => [m.fullName, m.status])).toEqual([
      ['Nguyễn Văn An', 'left'],
      ['Lê Thị Ân', 'active'],
      ['Phạm Văn Bình', 'active'],
      ['Vũ Dũng', 'deceased'],
      ['Trần Thị Thủy', 'active'],
      ['Trần Thị Thúy', 'active'],
    ]);
    // Before the events, the same people were active where they were then.
    expect(await names({ at: '2023-12-31' })).toHaveLength(7);
    // A member reinstated is active again and no longer listed as having left.
    await service.reinstateMember(handle.db, admin, p.damRong, ids.an!, {
      toUnitId: p.phiLieng,
      effectiveOn: '2024-09-01',
    });
    expect(await names({ status: 'left' })).toEqual([]);
    const an = (await search({ q: 'nguyen van an' })).members[0]!;
    expect(an.units.map((u) => u.since)).toEqual(['2024-09-01']);
  });

  it('the whole list takes its total from the tallies, the same as counting the stays', async () => {
    let compared = 0;
    for (const unitId of [p.province, p.damRong, p.phiLieng, p.lamHa, p.damRongClinic])
      for (const at of ['2015-02-28', '2019-01-01', '2023-12-31', '2024-06-30', '2024-09-01', '2026-01-01'])
        for (const within of ['subtree', 'unit'] as const) {
          const listed = await search({ unitId, at, within });
          const counted = await listStore.listMembers(handle.db, {
            rootId: unitId,
            date: at,
            within,
            status: 'active',
            offset: 0,
            limit: 50,
          });
          expect(listed.total, `${unitId} ${at} ${within}`).toBe(counted.total);
          expect(listed.members.map((m) => m.id)).toEqual(counted.rows.map((r) => r.id));
          compared += counted.total;
        }
    expect(compared).toBeGreaterThan(20);
  });

  it('a list narrowed by gender, ethnic group or age takes its total from the tallies, exactly as counted', async () => {
    const narrowings: Partial<service.MemberSearch>[] = [
      { gender: 'female' },
      { gender: 'male' },
      { ethnicityCode: '01' },
      { ethnicityCode: '02' },
      { ageFrom: 30, ageTo: 39 },
      { ageFrom: 29, ageTo: 29 },
      { ageFrom: 40 },
      { ageTo: 35 },
      { ageFrom: 0, ageTo: 120 },
    ];
    let compared = 0;
    for (const unitId of [p.province, p.damRong, p.phiLieng])
      for (const at of ['2019-01-01', '2024-06-30', '2025-01-01', '2026-01-01'])
        for (const narrowing of narrowings) {
          const listed = await search({ unitId, at, ...narrowing });
          const known = await totalFromTallies(handle.db, unitId, at, 'subtree', narrowing);
          expect(known, JSON.stringify(narrowing)).toBe(listed.total);
          const born = birthRangeForAges(at, narrowing.ageFrom, narrowing.ageTo);
          const counted = await listStore.listMembers(handle.db, {
            rootId: unitId,
            date: at,
            within: 'subtree',
            status: 'active',
            gender: narrowing.gender,
            ethnicityCode: narrowing.ethnicityCode,
            bornAfter: born.after,
            bornUntil: born.until,
            offset: 0,
            limit: 50,
          });
          expect(listed.total, `${unitId} ${at} ${JSON.stringify(narrowing)}`).toBe(counted.total);
          expect(listed.members.map((m) => m.id)).toEqual(counted.rows.map((r) => r.id));
          compared += counted.total;
        }
    expect(compared).toBeGreaterThan(50);
    // Two narrowings at once are not in the tallies: the list counts them itself.
    expect(
      await totalFromTallies(handle.db, p.province, '2025-01-01', 'subtree', { gender: 'male', ageFrom: 30 }),
    ).toBe(undefined);
  });

  it('ranks the full name exactly as typed first', async () => {
    expect((await names({ q: 'Trần Thị Thúy' }))[0]).toBe('Trần Thị Thúy');
    expect((await names({ q: 'Trần Thị Thủy' }))[0]).toBe('Trần Thị Thủy');
    expect((await names({ q: 'trần thị thủy' }))[0]).toBe('Trần Thị Thủy');
    // The folded full name before a longer name that begins with it.
    const found = await names({ q: 'tran thi thuy', unitId: p.province });
    expect(found.indexOf('Trần Thị Thủy Tiên')).toBe(2);
  });

  it('finds by the first digits of a CCCD, phone or member code, for those who may see them', async () => {
    const thuy = (await search({ q: 'Trần Thị Thủy' })).members.find((m) => m.fullName === 'Trần Thị Thủy')!;
    expect(await names({ q: thuy.cccd!.slice(0, 11) })).toContain('Trần Thị Thủy');
    expect(await names({ q: '0912 345' })).toEqual(['Trần Thị Thủy']);
    expect(await names({ q: codes.binh!.slice(0, 9) })).toContain('Phạm Văn Bình');
    // The whole code first, then the codes it begins.
    const byCode = await search({ q: codes.binh!.slice(0, 8), unitId: p.province });
    expect(byCode.members.map((m) => m.code).every((c) => c.startsWith(codes.binh!.slice(0, 8)))).toBe(true);
    expect((await names({ q: codes.binh! }))[0]).toBe('Phạm Văn Bình');
    // A viewer without members.pii: member codes only, never a CCCD or phone, whole or in part.
    const viewer = (await loadActor(
      handle.db,
      (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }])).id,
    ))!;
    const asViewer = async (q: string) =>
      (await service.searchMembers(handle.db, viewer, p.damRong, { q, page: 1, pageSize: 50 })).members.map(
        (m) => m.fullName,
      );
    expect(await asViewer(thuy.cccd!.slice(0, 11))).toEqual([]);
    expect(await asViewer('0912 345')).toEqual([]);
    expect(await asViewer(codes.binh!.slice(0, 9))).toContain('Phạm Văn Bình');
  });

  it('a word typed twice must be there twice, with or without a typo', async () => {
    for (const fullName of ['Dương Thị Dương', 'Dương Thị Hoa', 'Lê Dương'])
      await admitMember(
        handle.db,
        admin,
        p.lamHaCoffee,
        personFixture({ fullName, birthDate: '1991-01-01', joinedOn: '2024-01-01' }),
      );
    const at = { unitId: p.lamHaCoffee };
    expect(await names({ q: 'duong thi duong', ...at })).toEqual(['Dương Thị Dương']);
    expect(await names({ q: 'Dương Dương', ...at })).toEqual(['Dương Thị Dương']);
    expect(await names({ q: 'duong', ...at })).toEqual(
      expect.arrayContaining(['Dương Thị Dương', 'Dương Thị Hoa', 'Lê Dương']),
    );
    // The typo's nearest variant is the other "duong": it must be a second one.
    expect(await names({ q: 'duong thi duogn', ...at })).toEqual(['Dương Thị Dương']);
    expect(await names({ q: 'duogn duong', ...at })).toEqual(['Dương Thị Dương']);
  });
});
