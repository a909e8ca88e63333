/** Signing in, sessions, CSRF, lock-out, rate limit, user management and the audit trail, over HTTP and the real database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { queryRows, sql } from '../../platform/db';
import { routeTableOf, type App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  call,
  logIn,
  makeUser,
  testApp,
  TEST_PASSWORD,
  type Session,
} from '../../../test/support/factories';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle, { LOGIN_MAX_FAILURES: '3', LOGIN_RATE_PER_MINUTE: '1000' });
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('signing in', () => {
  it('opens an httpOnly session and answers /me with the scope', async () => {
    const user = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cd_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `cd_session=${cookie.value}` },
    });
    const body = me.json() as { grants: { unitName: string; role: string }[]; permissions: string[] };
    expect(body.grants[0]).toMatchObject({ role: 'unit_officer', unitName: 'LĐLĐ huyện Đam Rông' });
    expect(body.permissions).toEqual([
      'org.read',
      'org.write',
      'members.read',
      'members.write',
      'members.approve',
      'members.pii',
      'reports.read',
      'reports.write',
      'reports.approve',
      'reports.targets',
    ]);
  });

  it('refuses a wrong password in Vietnamese and locks the account after repeated failures', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }]);
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: 'sai-mat-khau-1' },
      });
    const first = await attempt();
    expect(first.statusCode).toBe(401);
    expect(first.json()).toMatchObject({
      code: 'bad_credentials',
      message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    });
    await attempt();
    const third = await attempt();
    expect(third.statusCode).toBe(423);
    expect((third.json() as { message: string }).message).toContain('tạm khóa');
    // Even the right password is refused while locked.
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(locked.statusCode).toBe(423);
  });

  it('rate-limits login attempts', async () => {
    const limited = await testApp(handle, { LOGIN_RATE_PER_MINUTE: '3' });
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await limited.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'khong.co', password: 'x' },
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(codes[4]).toBe(429);
    await limited.close();
  });

  it('requires the CSRF token on every change, and logging out ends the session', async () => {
    const user = await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }]);
    const session = await logIn(app, user.username);
    const changes = async () =>
      (
        await queryRows<{ n: number }>(
          handle.db,
          sql`SELECT count(*)::int AS n FROM audit_log WHERE action NOT LIKE 'auth.%'`,
        )
      )[0]!.n;
    const before = await changes();
    // Every change the app offers, read from its route table, refused without the token and with a wrong one.
    const mutations = routeTableOf(app).filter(
      (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.url.startsWith('/api/'),
    );
    expect(mutations.length).toBeGreaterThan(25);
    for (const route of mutations) {
      const url = route.url.replace(/:\w+/g, p.phiLieng);
      for (const token of [undefined, `${session.csrf}x`]) {
        const res = await app.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie: session.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
          payload: { name: 'CĐCS Tên Mới', effectiveOn: '2024-01-01' },
        });
        expect(res.statusCode, `${route.method} ${route.url} (token ${token ?? 'none'})`).toBe(403);
        expect(res.json()).toMatchObject({ code: 'csrf_failed' });
      }
    }
    expect(await changes()).toBe(before);
    // The session itself is still good: only the changes without the token were refused.
    expect((await call(app, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    const out = await call(app, session, 'POST', '/api/auth/logout', {});
    expect(out.statusCode).toBe(200);
    const after = await call(app, session, 'GET', '/api/auth/me');
    expect(after.statusCode).toBe(401);
  });
});

describe('users and roles', () => {
  let districtAdmin: Session;
  beforeAll(async () => {
    const user = await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }]);
    districtAdmin = await logIn(app, user.username);
  });

  it('a district admin creates a user in the district, not outside it, and never a system admin', async () => {
    const ok = await call(app, districtAdmin, 'POST', '/api/users', {
      username: 'cdcs.philieng2',
      fullName: 'trần thị  thủy',
      password: TEST_PASSWORD,
      grants: [{ role: 'unit_officer', unitId: p.phiLieng }],
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ username: 'cdcs.philieng2', fullName: 'trần thị thủy' });
    const outside = await call(app, districtAdmin, 'POST', '/api/users', {
      username: 'ngoai.huyen',
      fullName: 'Ngoài Huyện',
      password: TEST_PASSWORD,
      grants: [{ role: 'unit_officer', unitId: p.lamHa }],
    });
    expect(outside.statusCode).toBe(403);
    const sysadmin = await call(app, districtAdmin, 'POST', '/api/users', {
      username: 'gia.mao',
      fullName: 'Giả Mạo',
      password: TEST_PASSWORD,
      isSystemAdmin: true,
      grants: [{ role: 'unit_admin', unitId: p.phiLieng }],
    });
    expect(sysadmin.statusCode).toBe(403);
    const weak = await call(app, districtAdmin, 'POST', '/api/users', {
      username: 'yeu',
      fullName: 'Mật Khẩu Yếu',
      password: 'abcdefgh',
      grants: [{ role: 'unit_viewer', unitId: p.phiLieng }],
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      problems: [{ field: 'password', message: 'Mật khẩu phải có ít nhất 10 ký tự.' }],
    });
    const list = await call(app, districtAdmin, 'GET', '/api/users');
    const names = (list.json() as { users: { username: string }[] }).users.map((u) => u.username);
    expect(names).toContain('cdcs.philieng2');
    expect(names).not.toContain('ngoai.huyen');
  });

  it('disabling a user ends their sessions; unlock clears a lock-out', async () => {
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    const theirs = await logIn(app, user.username);
    const res = await call(app, districtAdmin, 'PATCH', `/api/users/${user.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect((await call(app, theirs, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(login.json()).toMatchObject({ code: 'account_disabled' });

    // Unlock: a user locked out by wrong passwords signs in again at once.
    const locked = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    const attempt = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: locked.username, password },
      });
    for (let i = 0; i < 3; i += 1) await attempt(`${TEST_PASSWORD}-sai`);
    expect((await attempt(TEST_PASSWORD)).json()).toMatchObject({ code: 'account_locked' });
    const unlock = await call(app, districtAdmin, 'PATCH', `/api/users/${locked.id}`, { unlock: true });
    expect(unlock.statusCode).toBe(200);
    const view = await call(app, districtAdmin, 'GET', `/api/users/${locked.id}`);
    expect(view.json()).toMatchObject({ lockedUntil: null });
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });
});

describe('audit', () => {
  it('records who changed what, before and after, readable by admins of the subtree only', async () => {
    const admin = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username,
    );
    const res = await call(app, admin, 'POST', `/api/units/${p.damRongClinic}/rename`, {
      name: 'CĐCS Trạm Y tế xã Đạ Rsal (mới)',
      effectiveOn: '2024-02-01',
      decisionNo: '7/QĐ-LĐLĐ',
    });
    expect(res.statusCode).toBe(200);
    const audit = await call(app, admin, 'GET', `/api/audit?unitId=${p.damRongClinic}`);
    const rows = (
      audit.json() as {
        rows: {
          action: string;
          before: { name: string };
          after: { name: string; decisionNo: string };
          actorName: string;
        }[];
      }
    ).rows;
    expect(rows[0]).toMatchObject({
      action: 'unit.rename',
      actorName: 'Nguyễn Văn Thử',
      before: { name: 'CĐCS Trạm Y tế xã Đạ Rsal' },
      after: { name: 'CĐCS Trạm Y tế xã Đạ Rsal (mới)', decisionNo: '7/QĐ-LĐLĐ' },
    });
    const otherAdmin = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_admin', unitId: p.lamHa }])).username,
    );
    const theirs = await call(app, otherAdmin, 'GET', '/api/audit');
    const actions = (theirs.json() as { rows: { unitId: string }[] }).rows.map((r) => r.unitId);
    expect(actions).not.toContain(p.damRongClinic);
    const officer = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }])).username,
    );
    expect((await call(app, officer, 'GET', '/api/audit')).statusCode).toBe(403);
  });
});
