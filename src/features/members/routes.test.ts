/**
 * The member API over HTTP as unit users: a district user cannot see or touch another district's members (403/404
 * on every member route, walked from the route table), personal data is masked without members.pii, every view and
 * export of a record is logged, and bad input is named field by field in Vietnamese.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { queryRows, sql } from '../../platform/db';
import { contentDisposition, routeTableOf, type App } from '../../platform/http';
import { XLSX_TYPE } from '../../platform/spreadsheet';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, call, logIn, makeUser, type Session } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { loadActor } from '../access/service';
import * as service from './service';
import { admitMember, membersTestApp, personFixture } from './test-factories';

type ErrorBody = { code: string; message: string; problems: { field: string; message: string }[] };

let handle: DatabaseHandle;
let app: App;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;
let other: Awaited<ReturnType<typeof buildProvince>>;
let districtAdmin: Session;
let districtViewer: Session;
let inside: { memberId: string; code: string };
let outside: { memberId: string; code: string };
const thuy = personFixture({
  fullName: 'Trần Thị Thủy',
  birthDate: '1990-04-30',
  cccd: '068190012345',
  phone: '0912345678',
});

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  p = await buildProvince(handle);
  other = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
  inside = await admitMember(handle.db, admin, p.phiLieng, thuy);
  outside = await admitMember(handle.db, admin, p.lamHaCoffee, personFixture({ fullName: 'Lê Văn Ngoài' }));
  app = await membersTestApp(handle.db);
  districtAdmin = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username,
  );
  districtViewer = await logIn(
    app,
    (await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }])).username,
  );
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

async function auditCount(action?: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    handle.db,
    action
      ? sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`
      : sql`SELECT count(*)::int AS n FROM audit_log WHERE action NOT LIKE 'auth.%'`,
  );
  return row!.n;
}

describe('member API', () => {
  it('lists the district members with personal data for an admin, masked for a viewer', async () => {
    const full = await call(app, districtAdmin, 'GET', `/api/units/${p.damRong}/members?q=tran thi thuy`);
    expect(full.statusCode, full.body).toBe(200);
    const row = (full.json() as { members: { fullName: string; cccd: string; phone: string }[] }).members[0]!;
    expect(row).toMatchObject({ fullName: 'Trần Thị Thủy', cccd: '068190012345', phone: '0912345678' });
    const masked = await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/members`);
    const body = masked.json() as { personalDataShown: boolean; members: { cccd: string; phone: string }[] };
    expect(body.personalDataShown).toBe(false);
    expect(body.members[0]).toMatchObject({ cccd: '068******345', phone: '091****678' });
  });

  it('logs every view of a record, and the export of a member’s own data', async () => {
    const views = await auditCount('member.view');
    const res = await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/members/${inside.memberId}`);
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json() as {
      member: { code: string; cccd: string; status: string };
      events: { label: string }[];
    };
    expect(detail.member).toMatchObject({ code: inside.code, cccd: '068******345', status: 'active' });
    expect(detail.events.map((e) => e.label)).toEqual(['Kết nạp']);
    expect(await auditCount('member.view')).toBe(views + 1);

    expect(
      (await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/members/${inside.memberId}/export`))
        .statusCode,
    ).toBe(403);
    const exported = await call(
      app,
      districtAdmin,
      'GET',
      `/api/units/${p.damRong}/members/${inside.memberId}/export`,
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe(XLSX_TYPE);
    expect(exported.headers['content-disposition']).toBe(
      contentDisposition(`Dữ liệu cá nhân - Trần Thị Thủy - ${inside.code}.xlsx`),
    );
    expect(await auditCount('member.export_self')).toBe(1);
  });

  it('exports a member’s own data as a readable .xlsx: personal data, history, corrections', async () => {
    const exports = await auditCount('member.export_self');
    const before = (await service.getMember(handle.db, admin, p.damRong, inside.memberId)).member;
    await service.updateMember(handle.db, admin, p.damRong, inside.memberId, {
      occupation: 'Kế toán',
      version: before.version,
    });
    const exported = await call(
      app,
      districtAdmin,
      'GET',
      `/api/units/${p.damRong}/members/${inside.memberId}/export`,
    );
    expect(exported.statusCode, exported.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Thông tin cá nhân',
      'Quá trình sinh hoạt',
      'Sửa thông tin cá nhân',
    ]);
    const valueOf = new Map(
      workbook
        .getWorksheet('Thông tin cá nhân')!
        .getSheetValues()
        .slice(2)
        .map((row) => [(row as string[])[1], (row as string[])[2]]),
    );
    expect(Object.fromEntries(valueOf)).toMatchObject({
      'Mã đoàn viên': inside.code,
      'Họ và tên': 'Trần Thị Thủy',
      'Ngày sinh': '30/04/1990',
      'Giới tính': 'Nữ',
      'Số CCCD': '068190012345',
      'Số điện thoại': '0912345678',
      'Nghề nghiệp': 'Kế toán',
    });
    expect(valueOf.get('Ngày vào công đoàn')).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const history = workbook.getWorksheet('Quá trình sinh hoạt')!;
    expect(history.getRow(1).values).toEqual([
      undefined,
      'Nội dung',
      'Đơn vị',
      'Từ ngày',
      'Đến ngày',
      'Ghi chú',
    ]);
    const kinds = history
      .getSheetValues()
      .slice(2)
      .map((row) => (row as string[])[1]);
    expect(kinds).toEqual(['Sinh hoạt', 'Kết nạp']);
    expect(history.getCell('B2').value).toBe(history.getCell('B3').value);
    expect(history.getCell('C2').value).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const correction = workbook.getWorksheet('Sửa thông tin cá nhân')!;
    expect(correction.getRow(2).values).toEqual([
      undefined,
      expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/) as string,
      admin.fullName,
      'Nghề nghiệp',
      '(trống)',
      'Kế toán',
    ]);
    expect(await auditCount('member.export_self')).toBe(exports + 1);
  });

  it('refuses another district’s members: 403 through their unit, 404 through one’s own', async () => {
    const lamHa = await call(app, districtAdmin, 'GET', `/api/units/${p.lamHa}/members`);
    expect(lamHa.statusCode).toBe(403);
    expect((lamHa.json() as ErrorBody).message).toBe('Đơn vị này nằm ngoài phạm vi quản lý của bạn.');
    expect(
      (await call(app, districtAdmin, 'GET', `/api/units/${p.lamHa}/members/${outside.memberId}`)).statusCode,
    ).toBe(403);
    expect(
      (await call(app, districtAdmin, 'GET', `/api/units/${p.damRong}/members/${outside.memberId}`))
        .statusCode,
    ).toBe(404);
    const transfer = await call(
      app,
      districtAdmin,
      'POST',
      `/api/units/${p.damRong}/members/${outside.memberId}/transfer`,
      {
        toUnitId: p.phiLieng,
        effectiveOn: '2024-01-01',
      },
    );
    expect(transfer.statusCode).toBe(404);
    const search = await call(app, districtAdmin, 'GET', `/api/units/${p.damRong}/members?q=${outside.code}`);
    expect((search.json() as { total: number }).total).toBe(0);
  });

  it('answers 403 or 404 on every member route for units outside the district, and writes nothing', async () => {
    const before = await auditCount();
    const routes = routeTableOf(app).filter((r) => /\/api\/units\/:unitId\/member/.test(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const outsideUnits = [p.lamHa, p.lamHaCoffee, p.province, other.province, other.phiLieng];
    const failures: string[] = [];
    for (const route of routes) {
      for (const unitId of outsideUnits) {
        const url = route.url
          .replace(':unitId', unitId)
          .replace(':memberId', outside.memberId)
          .replace(':proposalId', outside.memberId);
        const body =
          route.method === 'GET' || route.method === 'DELETE'
            ? undefined
            : { effectiveOn: '2024-01-01', toUnitId: unitId, decisions: [], people: [], reason: 'other' };
        const res = await call(app, districtAdmin, route.method as 'GET', url, body);
        if (![403, 404].includes(res.statusCode))
          failures.push(`${route.method} ${route.url} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await auditCount()).toBe(before);
    // …and the same GET routes answer inside the district (the walk is not vacuous).
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const url = route.url.replace(':unitId', p.phiLieng).replace(':memberId', inside.memberId);
      const res = await call(app, districtAdmin, 'GET', url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('names each bad field of a proposal in Vietnamese', async () => {
    const res = await call(app, districtAdmin, 'POST', `/api/units/${p.phiLieng}/member-proposals`, {
      people: [{ fullName: 'A', birthDate: '30/04/1990', gender: 'nu', joinedOn: '2024-01-01' }],
    });
    expect(res.statusCode).toBe(400);
    const fields = Object.fromEntries((res.json() as ErrorBody).problems.map((x) => [x.field, x.message]));
    expect(fields['people.0.fullName']).toBe('Cần ít nhất 2 ký tự.');
    expect(fields['people.0.birthDate']).toMatch(/Ngày không hợp lệ/);
    expect(fields['people.0.gender']).toBe('Giới tính phải là Nam (male) hoặc Nữ (female).');

    const rules = await call(app, districtAdmin, 'POST', `/api/units/${p.phiLieng}/member-proposals`, {
      people: [{ ...thuy, cccd: '068190012345', phone: '+84 212 345 678' }],
    });
    expect(rules.statusCode).toBe(400);
    expect((rules.json() as ErrorBody).problems).toEqual([
      expect.objectContaining({ field: 'people.0.phone' }),
      {
        field: 'people.0.cccd',
        message: 'Số CCCD 068190012345: người này đã là đoàn viên tại "CĐCS Trường THCS Phi Liêng".',
      },
    ]);
  });

  it('runs the approval flow, counts and events over HTTP', async () => {
    const proposed = await call(
      app,
      districtAdmin,
      'POST',
      `/api/units/${p.damRongClinic}/member-proposals`,
      {
        proposedOn: '2025-05-05',
        people: [
          personFixture({
            fullName: 'Bùi Văn Mới',
            gender: 'male',
            birthDate: '1999-09-09',
            joinedOn: '2025-05-01',
          }),
        ],
      },
    );
    expect(proposed.statusCode, proposed.body).toBe(200);
    const proposalId = (proposed.json() as { proposals: { id: string }[] }).proposals[0]!.id;
    const decided = await call(
      app,
      districtAdmin,
      'POST',
      `/api/units/${p.damRong}/member-proposals/decisions`,
      {
        decisions: [{ proposalId, decision: 'approve' }],
      },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const { memberId, code } = (decided.json() as { approved: { memberId: string; code: string }[] })
      .approved[0]!;
    const byCode = await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/members?code=${code}`);
    expect((byCode.json() as { members: { id: string }[] }).members.map((m) => m.id)).toEqual([memberId]);
    const badCode = await call(
      app,
      districtViewer,
      'GET',
      `/api/units/${p.damRong}/members?code=${code.slice(0, 9)}${(Number(code[9]) + 1) % 10}`,
    );
    expect(badCode.statusCode).toBe(400);
    expect((badCode.json() as ErrorBody).problems[0]?.message).toMatch(/sai chữ số kiểm tra/);

    const stats = await call(
      app,
      districtViewer,
      'GET',
      `/api/units/${p.damRong}/member-stats?at=2025-06-01`,
    );
    expect(stats.json()).toMatchObject({ memberships: 2, persons: 2 });

    const leave = await call(
      app,
      districtAdmin,
      'POST',
      `/api/units/${p.damRong}/members/${memberId}/leave`,
      {
        effectiveOn: '2025-06-15',
        reason: 'job_ended',
      },
    );
    expect(leave.statusCode, leave.body).toBe(200);
    const viewerWrite = await call(
      app,
      districtViewer,
      'POST',
      `/api/units/${p.damRong}/members/${memberId}/reinstate`,
      {
        toUnitId: p.phiLieng,
        effectiveOn: '2025-09-01',
      },
    );
    expect(viewerWrite.statusCode).toBe(403);
    expect(
      (await call(app, districtViewer, 'GET', `/api/units/${p.damRong}/member-stats?at=2025-07-01`)).json(),
    ).toMatchObject({
      memberships: 1,
    });

    // The record's version travels with the edit form and comes back with the change.
    const detail = await call(
      app,
      districtAdmin,
      'GET',
      `/api/units/${p.damRong}/members/${inside.memberId}`,
    );
    const { version } = (detail.json() as { member: { version: number } }).member;
    expect(version).toBeGreaterThanOrEqual(1);
    const patch = await call(
      app,
      districtViewer,
      'PATCH',
      `/api/units/${p.damRong}/members/${inside.memberId}`,
      {
        occupation: 'Giáo viên',
        version,
      },
    );
    expect(patch.statusCode).toBe(403);
    const patched = await call(
      app,
      districtAdmin,
      'PATCH',
      `/api/units/${p.damRong}/members/${inside.memberId}`,
      {
        occupation: '  Giáo viên  ',
        phone: '+84 98 765 4321',
        version,
      },
    );
    expect(patched.json()).toEqual({
      id: inside.memberId,
      changed: ['phone', 'occupation'],
      version: version + 1,
    });
    // A second change made on the same load finds the record changed: 409, in Vietnamese, nothing written.
    const stale = await call(
      app,
      districtAdmin,
      'PATCH',
      `/api/units/${p.damRong}/members/${inside.memberId}`,
      {
        education: 'Cao đẳng',
        version,
      },
    );
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as ErrorBody).message).toBe(
      'Đã có người sửa hồ sơ đoàn viên trong lúc bạn làm việc; hãy tải lại để xem bản mới rồi sửa tiếp.',
    );
    const unversioned = await call(
      app,
      districtAdmin,
      'PATCH',
      `/api/units/${p.damRong}/members/${inside.memberId}`,
      { education: 'Cao đẳng' },
    );
    expect(unversioned.statusCode).toBe(400);
  });

  it('answers 401 without a session', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/units/${p.damRong}/members` });
    expect(res.statusCode).toBe(401);
  });
});
