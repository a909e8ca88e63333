/** The organisation API over HTTP: Vietnamese errors naming the field, nothing partially written, OpenAPI, health. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import type { App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, call, logIn, makeUser, testApp, type Session } from '../../../test/support/factories';
import * as treeStore from './tree-store';
import * as unitStore from './unit-store';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let admin: Session;

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle);
  admin = await logIn(app, (await makeUser(handle, [{ role: 'unit_admin', unitId: p.province }])).username);
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

type ErrorBody = { code: string; message: string; problems: { field: string; message: string }[] };

describe('organisation API', () => {
  it('serves health and the OpenAPI document', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok' });
    const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/units/{unitId}/move', '/api/restructurings', '/api/auth/login']),
    );
  });

  it('finds a receiving unit anywhere in the country for someone who records transfers', async () => {
    const officer = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_officer', unitId: p.lamHa }])).username,
    );
    const search = (session: Session, within?: string) =>
      call(app, session, 'GET', `/api/units/search?q=dam%20rong${within ? `&within=${within}` : ''}`);
    const ids = (res: Awaited<ReturnType<typeof search>>) =>
      (res.json() as { units: { id: string }[] }).units.map((u) => u.id);
    expect(ids(await search(officer))).not.toContain(p.damRong);
    const anywhere = await search(officer, 'country');
    expect(anywhere.statusCode).toBe(200);
    expect(ids(anywhere)).toContain(p.damRong);
    const viewer = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.lamHa }])).username,
    );
    const refused = await search(viewer, 'country');
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as ErrorBody).problems[0]?.field).toBe('within');
  });

  it('names each bad field in Vietnamese', async () => {
    const res = await call(app, admin, 'POST', '/api/units', {
      parentId: p.damRong,
      code: '',
      name: 'A',
      typeId: 'grassroots_union',
      effectiveOn: '31/02/2024',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json() as ErrorBody;
    expect(body.message).toBe('Dữ liệu nhập chưa hợp lệ.');
    const fields = Object.fromEntries(body.problems.map((x) => [x.field, x.message]));
    expect(fields.effectiveOn).toMatch(/Ngày không hợp lệ/);
    expect(fields.code).toBe('Không được để trống.');
    expect(fields.name).toMatch(/Cần ít nhất 3 ký tự/);
  });

  it('founds, moves and reads the tree as of a date', async () => {
    const found = await call(app, admin, 'POST', '/api/units', {
      parentId: p.damRong,
      code: 'LD-DR-0099',
      name: 'CĐCS Trường Mầm non Rô Men',
      typeId: 'grassroots_union',
      sector: 'public_service',
      effectiveOn: '2015-09-01',
      decisionNo: '88/QĐ-LĐLĐ',
    });
    expect(found.statusCode).toBe(200);
    const id = (found.json() as { founded: { id: string }[] }).founded[0]!.id;
    const moved = await call(app, admin, 'POST', `/api/units/${id}/move`, {
      newParentId: p.lamHa,
      effectiveOn: '2024-03-01',
      decisionNo: '12/QĐ-LĐLĐ',
    });
    expect(moved.statusCode).toBe(200);
    const before = (
      await call(app, admin, 'GET', `/api/units/${p.damRong}/children?at=2024-02-29`)
    ).json() as { units: { id: string; name: string }[] };
    expect(before.units.map((u) => u.id)).toContain(id);
    // Vietnamese order: Mầm non … before Trạm … before Trường
    expect(before.units.map((u) => u.name)).toEqual([
      'CĐCS Trạm Y tế xã Đạ Rsal',
      'CĐCS Trường Mầm non Rô Men',
      'CĐCS Trường THCS Phi Liêng',
    ]);
    const after = (
      await call(app, admin, 'GET', `/api/units/${p.damRong}/children?at=2024-03-01`)
    ).json() as { units: { id: string }[] };
    expect(after.units.map((u) => u.id)).not.toContain(id);
    const events = (await call(app, admin, 'GET', `/api/units/${id}/events`)).json() as {
      events: { kind: string; decisionNo: string; effectiveOn: string }[];
    };
    expect(events.events.map((e) => [e.kind, e.effectiveOn, e.decisionNo])).toEqual([
      ['move', '2024-03-01', '12/QĐ-LĐLĐ'],
      ['found', '2015-09-01', '88/QĐ-LĐLĐ'],
    ]);
    const detail = (await call(app, admin, 'GET', `/api/units/${id}?at=2020-01-01`)).json() as {
      ancestors: { name: string }[];
    };
    expect(detail.ancestors.map((a) => a.name)).toEqual(['LĐLĐ tỉnh Lâm Đồng', 'LĐLĐ huyện Đam Rông']);
  });

  it('a refused bulk restructuring writes nothing', async () => {
    const before = await treeStore.subtreeAtDate(handle.db, p.province, '2025-07-01');
    const res = await call(app, admin, 'POST', '/api/restructurings', {
      effectiveOn: '2025-07-01',
      decisionNo: '1/QĐ-TLĐ',
      found: [
        {
          key: 'x',
          parentId: p.province,
          code: 'LD-X-TEST',
          name: 'Công đoàn xã Thử',
          typeId: 'commune_union',
        },
      ],
      moves: [{ unitId: p.phiLieng, newParentKey: 'x' }],
      dissolve: [p.damRong],
    });
    expect(res.statusCode).toBe(422);
    const body = res.json() as ErrorBody;
    expect(body.code).toBe('has_active_children');
    expect(body.message).toContain('LĐLĐ huyện Đam Rông');
    expect(await unitStore.findUnitByCode(handle.db, 'LD-X-TEST')).toBeUndefined();
    expect(await treeStore.subtreeAtDate(handle.db, p.province, '2025-07-01')).toHaveLength(before.length);
  });

  it('only a system admin edits unit types', async () => {
    const res = await call(app, admin, 'PUT', '/api/unit-types/grassroots_union', {
      nameVi: 'Công đoàn cơ sở',
      nameEn: 'Grassroots union',
      shortVi: 'CĐCS',
      level: 4,
      powers: ['collect_fees'],
      validFrom: '1950-01-01',
      parents: [],
    });
    expect(res.statusCode).toBe(403);
    const sys = await logIn(app, (await makeUser(handle, [], { isSystemAdmin: true })).username);
    const types = (await call(app, sys, 'GET', '/api/unit-types')).json() as {
      types: { id: string; powers: string[] }[];
    };
    expect(types.types.find((t) => t.id === 'commune_union')?.powers).toEqual(['approve_reports']);
    const ok = await call(app, sys, 'PUT', '/api/unit-types/enterprise_union', {
      nameVi: 'Công đoàn doanh nghiệp',
      nameEn: 'Enterprise union',
      shortVi: 'CĐDN',
      level: 4,
      powers: ['collect_fees'],
      validFrom: '2026-01-01',
      parents: [{ parentTypeId: 'provincial_federation', validFrom: '2026-01-01' }],
    });
    expect(ok.statusCode).toBe(200);
    const refused = await call(app, sys, 'POST', '/api/units', {
      parentId: p.province,
      code: 'LD-DN-1',
      name: 'Công đoàn Doanh nghiệp Một',
      typeId: 'enterprise_union',
      effectiveOn: '2025-01-01',
    });
    expect(refused.statusCode).toBe(400);
    const accepted = await call(app, sys, 'POST', '/api/units', {
      parentId: p.province,
      code: 'LD-DN-1',
      name: 'Công đoàn Doanh nghiệp Một',
      typeId: 'enterprise_union',
      effectiveOn: '2026-02-01',
    });
    expect(accepted.statusCode).toBe(200);
  });

  it('a district user reads the history of a dissolved district, but not the present of its former units', async () => {
    const q = await buildProvince(handle, 'LĐLĐ tỉnh Lịch Sử');
    const districtUser = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_viewer', unitId: q.damRong }])).username,
    );
    const sys = await logIn(app, (await makeUser(handle, [], { isSystemAdmin: true })).username);
    const res = await call(app, sys, 'POST', `/api/units/${q.damRong}/dissolve`, {
      effectiveOn: '2025-06-01',
      childMoves: [
        { unitId: q.phiLieng, newParentId: q.lamHa },
        { unitId: q.damRongClinic, newParentId: q.lamHa },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect((await call(app, districtUser, 'GET', `/api/units/${q.phiLieng}?at=2025-05-31`)).statusCode).toBe(
      200,
    );
    expect(
      (await call(app, districtUser, 'GET', `/api/units/${q.damRong}/children?at=2025-05-31`)).json(),
    ).toMatchObject({ units: [{}, {}] });
    expect((await call(app, districtUser, 'GET', `/api/units/${q.phiLieng}`)).statusCode).toBe(403);
    expect((await call(app, districtUser, 'GET', `/api/units/${q.phiLieng}?at=2025-06-01`)).statusCode).toBe(
      403,
    );
  });

  it('tags units with groups that a system admin defines', async () => {
    const sys = await logIn(app, (await makeUser(handle, [], { isSystemAdmin: true })).username);
    expect(
      (await call(app, admin, 'PUT', '/api/unit-groups/tourism', { name: 'Khối du lịch' })).statusCode,
    ).toBe(403);
    expect(
      (await call(app, sys, 'PUT', '/api/unit-groups/tourism', { name: 'Khối du lịch' })).statusCode,
    ).toBe(200);
    const patch = await call(app, admin, 'PATCH', `/api/units/${p.lamHaCoffee}`, {
      groups: ['enterprise', 'tourism'],
      address: 'Thị trấn Đinh Văn, Lâm Hà',
    });
    expect(patch.statusCode).toBe(200);
    const detail = (await call(app, admin, 'GET', `/api/units/${p.lamHaCoffee}`)).json() as {
      groups: string[];
      unit: { address: string };
    };
    expect(detail.groups.sort()).toEqual(['enterprise', 'tourism']);
    expect(detail.unit.address).toBe('Thị trấn Đinh Văn, Lâm Hà');
  });
});
