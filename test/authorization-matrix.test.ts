/**
 * The authorization matrix, generated from the app's route table: a user scoped to one district gets 403 or 404 on
 * every route for every unit outside that district, and nothing is written. A new route is covered because the
 * table is read from the app and every /api route must declare its access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { queryRows, sql } from '../src/platform/db';
import { routeTableOf, type App, type RouteAccess, type RouteInfo } from '../src/platform/http';
import { createTestDatabase } from './support/db';
import { buildProvince, call, logIn, makeUser, testApp, type Session } from './support/factories';
import { createUser } from '../src/features/access/service';
import { grantsOf } from '../src/features/access/store';
import { loadActor } from '../src/features/access/service';
import { admitMember, personFixture } from '../src/features/members/test-factories';

let handle: DatabaseHandle;
let app: App;
let session: Session;
let province: Awaited<ReturnType<typeof buildProvince>>;
let otherProvince: Awaited<ReturnType<typeof buildProvince>>;
let outsideUserId: string;
let outsideGrantId: string;
let insideMemberId: string;

const PUBLIC_ROUTES = new Set(['GET /api/health', 'POST /api/auth/login']);

beforeAll(async () => {
  handle = await createTestDatabase();
  province = await buildProvince(handle);
  otherProvince = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
  app = await testApp(handle);
  const districtAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: province.damRong }]);
  session = await logIn(app, districtAdmin.username);
  const outsider = await createUser(handle.db, null, {
    username: 'ngoai.pham.vi',
    fullName: 'Lê Thị Ngoài',
    password: 'ca-phe-sua-da-buoi-sang',
    grants: [{ role: 'unit_admin', unitId: province.lamHa }],
  });
  outsideUserId = outsider.id;
  outsideGrantId = (await grantsOf(handle.db, outsider.id))[0]!.id;
  const system = await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id);
  insideMemberId = (await admitMember(handle.db, system!, province.phiLieng, personFixture())).memberId;
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

/** Builds an object that holds `value` at every declared path ("body.moves[].unitId" → {moves: [{unitId}]}). */
function place(target: Record<string, unknown>, keys: string[], value: string): void {
  const [head = '', ...rest] = keys;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (rest.length === 0) {
    target[key] = isArray ? [value] : value;
    return;
  }
  if (isArray) {
    const item: Record<string, unknown> = {};
    place(item, rest, value);
    const list = (target[key] as Record<string, unknown>[] | undefined) ?? [{}];
    Object.assign(list[0]!, item);
    target[key] = list;
  } else {
    const child = (target[key] as Record<string, unknown> | undefined) ?? {};
    place(child, rest, value);
    target[key] = child;
  }
}

function requestFor(route: RouteInfo, access: RouteAccess, unitId: string) {
  const params: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = { effectiveOn: '2024-01-01' };
  if (access.kind === 'units') {
    for (const path of access.paths) {
      const [where = '', ...rest] = path.split('.');
      if (where === 'params') params[rest[0]!] = unitId;
      else place(where === 'query' ? query : body, rest, unitId);
    }
  }
  if (access.kind === 'user') params[access.param] = outsideUserId;
  if (access.kind === 'grant') params[access.param] = outsideGrantId;
  let url = route.url.replace(
    /:(\w+)/g,
    (_, name: string) =>
      params[name] ??
      (name === 'typeId' ? 'grassroots_union' : name === 'memberId' ? insideMemberId : unitId),
  );
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  if (search) url += `?${search}`;
  return { url, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : body };
}

/** Every `id` of every object in a response: the items it lists (a parent's id beside a unit is not an item). */
function idsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) idsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' && typeof inner === 'string') found.add(inner);
      else idsIn(inner, found);
    }
  }
  return found;
}

async function auditCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    handle.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action NOT LIKE 'auth.%'`,
  );
  return row!.n;
}

describe('authorization matrix', () => {
  it('every /api route declares its access', () => {
    const routes = routeTableOf(app).filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
    const publicOnes = routes.filter((r) => r.access?.kind === 'public').map((r) => `${r.method} ${r.url}`);
    expect(new Set(publicOnes)).toEqual(PUBLIC_ROUTES);
  });

  it('a route without an access declaration stops the app from starting', async () => {
    const { buildHttpApp } = await import('../src/platform/http');
    const { testConfig } = await import('./support/factories');
    const bare = await buildHttpApp(
      { db: handle.db, config: testConfig() },
      {
        resolveSession: async () => null,
        checkUnits: async () => {},
        checkUser: async () => {},
        checkGrant: async () => {},
      },
    );
    expect(() => bare.get('/api/forgotten', async () => ({}))).toThrow(/config.access/);
    await bare.close();
  });

  const outsideUnits = () => ({
    'another district (Lâm Hà)': province.lamHa,
    'a CĐCS of another district': province.lamHaCoffee,
    'the province above': province.province,
    'another province': otherProvince.province,
    'a CĐCS in another province': otherProvince.phiLieng,
  });

  it('a district user gets 403 or 404 on every route for every unit outside the district, and nothing is written', async () => {
    const before = await auditCount();
    const routes = routeTableOf(app).filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    const outcomes: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const access = route.access!;
      if (access.kind === 'public' || access.kind === 'authenticated') continue;
      for (const [label, unitId] of Object.entries(outsideUnits())) {
        const { url, body } = requestFor(route, access, unitId);
        const res = await call(app, session, route.method as 'GET', url, body);
        checked += 1;
        if (![403, 404].includes(res.statusCode))
          outcomes.push(
            `${route.method} ${route.url} [${label}] → ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        else expect((res.json() as { message: string }).message.length).toBeGreaterThan(5);
        if (access.kind !== 'units') break;
      }
    }
    expect(outcomes).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    expect(await auditCount()).toBe(before);
  });

  it('the same routes answer inside the district (the matrix is not vacuous)', async () => {
    // An import job's progress needs a job started by this user (exchange-routes.test.ts shows it answering).
    const routes = routeTableOf(app).filter(
      (r) => r.method === 'GET' && r.access?.kind === 'units' && !r.url.includes(':jobId'),
    );
    for (const route of routes) {
      const { url } = requestFor(route, route.access!, province.phiLieng);
      const res = await call(app, session, 'GET', url);
      expect(res.statusCode, `${route.url}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('lists filtered by scope never show units outside the district', async () => {
    const outside = Object.values(outsideUnits());
    const routes = routeTableOf(app).filter((r) => r.method === 'GET' && r.access?.kind === 'authenticated');
    for (const route of routes) {
      for (const url of [route.url, `${route.url}?q=cd&at=2024-01-01`, `${route.url}?q=lam ha`]) {
        const res = await call(app, session, 'GET', url);
        expect(res.statusCode, url).toBeLessThan(500);
        if (!String(res.headers['content-type']).includes('json')) continue;
        const listed = idsIn(res.json());
        for (const id of outside) expect(listed.has(id), `${url} lists ${id}`).toBe(false);
      }
    }
  });

  it('without a session every non-public route answers 401', async () => {
    for (const route of routeTableOf(app).filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.access?.kind !== 'public',
    )) {
      const url = route.url.replace(/:(\w+)/g, province.phiLieng);
      const res = await app.inject({
        method: route.method as 'GET',
        url,
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });
});
