/**
 * Success paths over HTTP that no other test ran: merge, split, death, transfer of a whole unit's members, editing
 * and withdrawing a proposal, password changes, adding and removing a grant, unlocking a locked user, an import
 * that takes back a former member (by member code and by CCCD), and uploads refused with a clear Vietnamese 400
 * (not multipart, over the size limit). Each checks the resulting state through the API, not the response alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import type { App } from '../src/platform/http';
import type { Actor } from '../src/features/access/model';
import { loadActor } from '../src/features/access/service';
import type { MemberDetail } from '../src/features/members/contract';
import * as members from '../src/features/members/service';
import { admitMember, membersXlsx, personFixture, templateRow } from '../src/features/members/test-factories';
import { createTestDatabase } from './support/db';
import {
  buildProvince,
  call,
  foundAs,
  freshPassword,
  importJobEnd,
  logIn,
  makeUser,
  TEST_PASSWORD,
  testApp,
  uniqueCode,
  uploadFile,
  type Session,
} from './support/factories';

type ErrorBody = { code: string; message: string; problems: { field: string; message: string }[] };
type UnitRow = { id: string; code: string; name: string };

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let system: Actor;
let districtAdmin: Session;

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle, { LOGIN_RATE_PER_MINUTE: '1000' });
  system = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  districtAdmin = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username,
  );
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

async function get<T>(session: Session, url: string): Promise<T> {
  const res = await call(app, session, 'GET', url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return res.json<T>();
}

async function ok(res: Awaited<ReturnType<typeof call>>) {
  expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
  return res;
}

const childrenOf = async (unitId: string, at?: string) =>
  (await get<{ units: UnitRow[] }>(districtAdmin, `/api/units/${unitId}/children${at ? `?at=${at}` : ''}`))
    .units;

const memberDetail = (unitId: string, memberId: string) =>
  get<MemberDetail>(districtAdmin, `/api/units/${unitId}/members/${memberId}`);

/** Members of a unit (`within=unit`), or of its subtree with `within=subtree`. */
const unitMembers = async (unitId: string, query = '', within: 'unit' | 'subtree' = 'unit') =>
  get<{ total: number; members: { id: string; fullName: string }[] }>(
    districtAdmin,
    `/api/units/${unitId}/members?within=${within}${query}`,
  );

function freshCdcs(parentId: string, name = `CĐCS Thử ${uniqueCode()}`) {
  return foundAs(handle, {
    typeId: 'grassroots_union',
    name,
    parentId,
    effectiveOn: '2012-01-01',
    sector: 'public_service',
  });
}

async function member(unitId: string, overrides: Parameters<typeof personFixture>[0] = {}) {
  const person = personFixture(overrides);
  return { ...(await admitMember(handle.db, system, unitId, person)), person };
}

const importJob = (session: Session, unitId: string, jobId: string) =>
  importJobEnd(app, session, unitId, jobId);

describe('restructuring over HTTP', () => {
  it('a merge ends the merged unit, keeps it in the tree before the date, and moves its members', async () => {
    const source = await freshCdcs(p.damRong, 'CĐCS Trường Tiểu học Sáp Nhập');
    const target = await freshCdcs(p.damRong, 'CĐCS Trường Tiểu học Nhận');
    const moved = await member(source);
    await ok(
      await call(app, districtAdmin, 'POST', '/api/units/merge', {
        sourceIds: [source],
        targetId: target,
        effectiveOn: '2024-07-01',
        decisionNo: '15/QĐ-LĐLĐ',
      }),
    );
    const now = (await childrenOf(p.damRong)).map((u) => u.id);
    expect(now).toContain(target);
    expect(now).not.toContain(source);
    expect((await childrenOf(p.damRong, '2024-06-30')).map((u) => u.id)).toEqual(
      expect.arrayContaining([source, target]),
    );
    const ended = await get<{ unit: { endedOn: string } }>(
      districtAdmin,
      `/api/units/${source}?at=2024-06-30`,
    );
    expect(ended.unit.endedOn).toBe('2024-07-01');
    expect((await unitMembers(target)).members.map((m) => m.id)).toEqual([moved.memberId]);
    const detail = await memberDetail(p.damRong, moved.memberId);
    expect(detail.currentUnitId).toBe(target);
    expect(detail.memberships.map((s) => [s.unitId, s.validFrom, s.validTo])).toEqual([
      [source, '2015-03-01', '2024-07-01'],
      [target, '2024-07-01', '9999-12-31'],
    ]);
  });

  it('a split founds the new units under the same parent and ends the source', async () => {
    const source = await freshCdcs(p.damRong, 'CĐCS Trường Liên cấp Tách');
    const [a, b] = [uniqueCode('TACH-'), uniqueCode('TACH-')];
    const res = await ok(
      await call(app, districtAdmin, 'POST', `/api/units/${source}/split`, {
        effectiveOn: '2024-07-01',
        newUnits: [
          {
            code: a,
            name: 'CĐCS Trường Tiểu học Tách',
            typeId: 'grassroots_union',
            sector: 'public_service',
          },
          { code: b, name: 'CĐCS Trường THCS Tách', typeId: 'grassroots_union', sector: 'public_service' },
        ],
      }),
    );
    expect(res.json()).toMatchObject({ dissolved: 1 });
    const now = await childrenOf(p.damRong);
    expect(
      now
        .filter((u) => [a, b].includes(u.code))
        .map((u) => u.name)
        .sort(),
    ).toEqual(['CĐCS Trường THCS Tách', 'CĐCS Trường Tiểu học Tách']);
    expect(now.map((u) => u.id)).not.toContain(source);
    const before = await childrenOf(p.damRong, '2024-06-30');
    expect(before.map((u) => u.id)).toContain(source);
    expect(before.map((u) => u.code)).not.toContain(a);
  });
});

describe('member events over HTTP', () => {
  it('a death ends every open stay and the member is shown as deceased', async () => {
    const m = await member(p.phiLieng);
    await ok(
      await call(app, districtAdmin, 'POST', `/api/units/${p.damRong}/members/${m.memberId}/death`, {
        effectiveOn: '2024-03-01',
      }),
    );
    const detail = await memberDetail(p.damRong, m.memberId);
    expect(detail.member.status).toBe('deceased');
    expect(detail.memberships).toMatchObject([
      { unitId: p.phiLieng, validTo: '2024-03-01', endKind: 'death' },
    ]);
    expect((await unitMembers(p.phiLieng)).members.map((x) => x.id)).not.toContain(m.memberId);
  });

  it('transfer-all moves everyone of a unit to the receiving unit on the date', async () => {
    const from = await freshCdcs(p.damRong, 'CĐCS Công ty Sắp Giải thể');
    const people = [await member(from), await member(from)];
    const res = await ok(
      await call(app, districtAdmin, 'POST', `/api/units/${from}/members/transfer-all`, {
        toUnitId: p.damRongClinic,
        effectiveOn: '2024-03-01',
      }),
    );
    expect(res.json()).toEqual({ transferred: 2 });
    expect((await unitMembers(from)).total).toBe(0);
    const there = (await unitMembers(p.damRongClinic)).members.map((x) => x.id);
    for (const person of people) {
      expect(there).toContain(person.memberId);
      expect((await memberDetail(p.damRong, person.memberId)).currentUnitId).toBe(p.damRongClinic);
    }
    const counts = await get<{ memberships: number }>(
      districtAdmin,
      `/api/units/${from}/member-stats?at=2024-02-29&within=unit`,
    );
    expect(counts.memberships).toBe(2);
  });
});

describe('proposals over HTTP', () => {
  type Listed = { id: string; fullName: string; status: string; round: number; version: number };
  const proposals = async () =>
    (
      await get<{ proposals: Listed[] }>(
        districtAdmin,
        `/api/units/${p.phiLieng}/member-proposals?pageSize=200`,
      )
    ).proposals;

  it('editing a waiting proposal changes it; editing a returned one proposes it again', async () => {
    const person = personFixture({ fullName: 'Đinh Thị Viết Sai' });
    const proposed = await ok(
      await call(app, districtAdmin, 'POST', `/api/units/${p.phiLieng}/member-proposals`, {
        people: [person],
      }),
    );
    const id = proposed.json<{ proposals: { id: string }[] }>().proposals[0]!.id;
    const edited = await ok(
      await call(app, districtAdmin, 'PUT', `/api/units/${p.phiLieng}/member-proposals/${id}`, {
        ...person,
        fullName: 'Đinh Thị Viết Đúng',
        version: (await proposals()).find((x) => x.id === id)!.version,
      }),
    );
    expect(edited.json()).toEqual({ id, status: 'proposed', round: 1 });
    expect((await proposals()).find((x) => x.id === id)).toMatchObject({
      fullName: 'Đinh Thị Viết Đúng',
      status: 'proposed',
      round: 1,
    });

    await ok(
      await call(app, districtAdmin, 'POST', `/api/units/${p.damRong}/member-proposals/decisions`, {
        decisions: [{ proposalId: id, decision: 'return', reason: 'Sai ngày sinh' }],
      }),
    );
    expect((await proposals()).find((x) => x.id === id)).toMatchObject({ status: 'returned' });
    const again = await ok(
      await call(app, districtAdmin, 'PUT', `/api/units/${p.phiLieng}/member-proposals/${id}`, {
        ...person,
        fullName: 'Đinh Thị Viết Đúng',
        birthDate: '1990-06-17',
        version: (await proposals()).find((x) => x.id === id)!.version,
      }),
    );
    expect(again.json()).toEqual({ id, status: 'proposed', round: 2 });
    expect((await proposals()).find((x) => x.id === id)).toMatchObject({ status: 'proposed', round: 2 });
  });

  it('withdrawing a proposal leaves it withdrawn, no longer waiting, and it cannot be approved', async () => {
    const proposed = await ok(
      await call(app, districtAdmin, 'POST', `/api/units/${p.phiLieng}/member-proposals`, {
        people: [personFixture({ fullName: 'Mai Thị Rút' })],
      }),
    );
    const id = proposed.json<{ proposals: { id: string }[] }>().proposals[0]!.id;
    const withdrawn = await ok(
      await call(app, districtAdmin, 'DELETE', `/api/units/${p.phiLieng}/member-proposals/${id}`),
    );
    expect(withdrawn.json()).toEqual({ id, status: 'withdrawn', round: 1 });
    expect((await proposals()).find((x) => x.id === id)).toMatchObject({ status: 'withdrawn' });
    const waiting = await get<{ proposals: Listed[] }>(
      districtAdmin,
      `/api/units/${p.phiLieng}/member-proposals?status=proposed&pageSize=200`,
    );
    expect(waiting.proposals.map((x) => x.id)).not.toContain(id);
    const approve = await call(
      app,
      districtAdmin,
      'POST',
      `/api/units/${p.damRong}/member-proposals/decisions`,
      {
        decisions: [{ proposalId: id, decision: 'approve' }],
      },
    );
    // A refusal naming the proposal's state (400 today; the typed 409 state_conflict once proposals use it).
    expect([400, 409]).toContain(approve.statusCode);
    expect(approve.json<ErrorBody>().problems[0]!.message).toMatch(/Mai Thị Rút.*Đã rút.*không chờ duyệt/);
  });
});

describe('passwords, grants and locks over HTTP', () => {
  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('changing one’s own password: the old one stops working, the new one signs in', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    const session = await logIn(app, user.username);
    const password = freshPassword();
    await ok(
      await call(app, session, 'POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, password }),
    );
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.username, password)).statusCode).toBe(200);
  });

  it('an administrator sets a user’s password: their sessions end and the new password signs in', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    const theirs = await logIn(app, user.username);
    const password = freshPassword();
    await ok(await call(app, districtAdmin, 'POST', `/api/users/${user.id}/password`, { password }));
    expect((await call(app, theirs, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.username, password)).statusCode).toBe(200);
  });

  it('a grant added gives access to the unit; removed, takes it away', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRongClinic }]);
    const theirs = await logIn(app, user.username);
    expect((await call(app, theirs, 'GET', `/api/units/${p.phiLieng}`)).statusCode).toBe(403);
    await ok(
      await call(app, districtAdmin, 'POST', `/api/users/${user.id}/grants`, {
        role: 'unit_officer',
        unitId: p.phiLieng,
      }),
    );
    const view = await get<{ grants: { id: string; role: string; unitId: string }[] }>(
      districtAdmin,
      `/api/users/${user.id}`,
    );
    const added = view.grants.find((g) => g.unitId === p.phiLieng);
    expect(added).toMatchObject({ role: 'unit_officer' });
    expect((await call(app, theirs, 'GET', `/api/units/${p.phiLieng}`)).statusCode).toBe(200);
    const me = await get<{ permissions: string[] }>(theirs, '/api/auth/me');
    expect(me.permissions).toContain('members.write');

    await ok(await call(app, districtAdmin, 'DELETE', `/api/grants/${added!.id}`));
    const after = await get<{ grants: { unitId: string }[] }>(districtAdmin, `/api/users/${user.id}`);
    expect(after.grants.map((g) => g.unitId)).toEqual([p.damRongClinic]);
    expect((await call(app, theirs, 'GET', `/api/units/${p.phiLieng}`)).statusCode).toBe(403);
  });

  it('unlocking a locked user lets them sign in again at once', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    for (let i = 0; i < 5; i += 1) await login(user.username, `${TEST_PASSWORD}-sai`);
    const locked = await login(user.username, TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json<ErrorBody>().message).toMatch(/tạm khóa/);
    const before = await get<{ lockedUntil: string | null }>(districtAdmin, `/api/users/${user.id}`);
    expect(before.lockedUntil).not.toBeNull();

    await ok(await call(app, districtAdmin, 'PATCH', `/api/users/${user.id}`, { unlock: true }));
    const after = await get<{ lockedUntil: string | null }>(districtAdmin, `/api/users/${user.id}`);
    expect(after.lockedUntil).toBeNull();
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('imports over HTTP', () => {
  const row = (person: ReturnType<typeof personFixture>, extra: Record<string, string> = {}) =>
    templateRow({
      fullName: person.fullName,
      birthDate: person.birthDate.split('-').reverse().join('/'),
      gender: person.gender === 'female' ? 'Nữ' : 'Nam',
      cccd: person.cccd ?? '',
      joinedOn: '01/06/2024',
      ...extra,
    });

  for (const by of ['member code', 'CCCD'] as const) {
    it(`takes back a former member by ${by}: the same record and code, a new stay, no new person`, async () => {
      const former = await member(p.phiLieng, {
        fullName: `Quách Thị Trở Lại ${by === 'CCCD' ? 'Hai' : 'Một'}`,
      });
      await members.leaveMember(handle.db, system, p.damRong, former.memberId, {
        effectiveOn: '2023-01-01',
        reason: 'job_ended',
      });
      expect((await memberDetail(p.damRong, former.memberId)).member.status).toBe('left');
      const file = await membersXlsx([
        row(former.person, by === 'member code' ? { memberCode: former.code } : {}),
      ]);
      const started = await uploadFile(
        app,
        districtAdmin,
        `/api/units/${p.damRongClinic}/member-imports`,
        file,
        'Kết nạp lại.xlsx',
        { mode: 'register' },
      );
      expect(started.statusCode, started.body).toBe(202);
      const job = await importJob(districtAdmin, p.damRongClinic, started.json<{ jobId: string }>().jobId);
      expect(job, JSON.stringify(job.error)).toMatchObject({ state: 'done', result: { created: 1 } });

      const detail = await memberDetail(p.damRong, former.memberId);
      expect(detail.member).toMatchObject({ code: former.code, status: 'active' });
      expect(detail.currentUnitId).toBe(p.damRongClinic);
      expect(detail.memberships.map((s) => [s.unitId, s.validFrom, s.validTo])).toEqual([
        [p.phiLieng, '2015-03-01', '2023-01-01'],
        [p.damRongClinic, '2024-06-01', '9999-12-31'],
      ]);
      const found = await unitMembers(
        p.damRong,
        `&q=${encodeURIComponent(former.person.fullName)}`,
        'subtree',
      );
      expect(found.members.map((m) => m.id)).toEqual([former.memberId]);
    });
  }

  it('refuses a request that is not multipart with a Vietnamese 400, on both import routes', async () => {
    for (const url of [`/api/units/${p.phiLieng}/member-imports`, `/api/units/${p.damRong}/import`]) {
      const res = await call(app, districtAdmin, 'POST', url, { file: 'danh-sach.xlsx' });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<ErrorBody>()).toMatchObject({
        code: 'import_bad_file',
        message: 'Tệp không đọc được: cần gửi tệp dạng multipart/form-data, trường "file".',
      });
    }
  });

  it('refuses a file over 50 MB with a Vietnamese 400 and writes nothing', async () => {
    const before = await unitMembers(p.damRongClinic);
    const huge = Buffer.alloc(50 * 1024 * 1024 + 4096, 0x41);
    for (const url of [`/api/units/${p.damRongClinic}/member-imports`, `/api/units/${p.damRong}/import`]) {
      const res = await uploadFile(app, districtAdmin, url, huge, 'Danh sách lớn.csv');
      expect(res.statusCode, url).toBe(400);
      expect(res.json<ErrorBody>()).toMatchObject({
        code: 'import_bad_file',
        message: 'Tệp không đọc được: tệp vượt quá 50 MB; hãy chia thành nhiều tệp nhỏ hơn.',
      });
    }
    expect((await unitMembers(p.damRongClinic)).total).toBe(before.total);
  });
});
