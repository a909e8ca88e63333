/**
 * The approval queue on the real database: the reports an approving unit decides, by status (waiting, approved,
 * returned) with the count of each, narrowed to a form and a period; an approved report is reopened from it; a unit
 * dissolved after its period stays in the queue of the unit that approved it; no one else reads the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, call, foundAs, logIn, makeUser, testApp } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { dissolveUnit } from '../organisation/service';
import { actorWith, rejects, systemAdmin } from '../members/test-factories';
import * as service from './service';

let handle: DatabaseHandle;
let admin: Actor;

const FORM = 'SK6T';

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
});
afterAll(async () => handle.close());

async function fileReport(actor: Actor, unitId: string, period: string, values: Record<string, number>) {
  const saved = await service.saveReport(handle.db, actor, unitId, FORM, period, { version: null, values });
  return service.moveReport(handle.db, actor, unitId, FORM, period, 'submit', { version: saved.version });
}

const queue = (
  actor: Actor,
  unitId: string,
  status: 'submitted' | 'approved' | 'returned',
  filter: { formId?: string; periodCode?: string; page?: number; pageSize?: number } = {},
) =>
  service.listApprovals(handle.db, actor, unitId, {
    status,
    page: filter.page ?? 1,
    pageSize: filter.pageSize ?? 50,
    formId: filter.formId,
    periodCode: filter.periodCode,
  });

describe('the approval queue', () => {
  it('lists waiting, approved and returned reports with their counts; an approved one is reopened from it', async () => {
    const p = await buildProvince(handle);
    const district = await actorWith(handle, 'unit_officer', p.damRong);
    const phiLieng = await actorWith(handle, 'unit_officer', p.phiLieng);
    const clinic = await actorWith(handle, 'unit_officer', p.damRongClinic);
    await fileReport(phiLieng, p.phiLieng, '2023S1', { tet_gifts: 10 });
    await fileReport(phiLieng, p.phiLieng, '2022S2', { tet_gifts: 9 });
    await fileReport(clinic, p.damRongClinic, '2023S1', { tet_gifts: 3 });
    // Another district's report is not Đam Rông's to decide.
    const lamHa = await actorWith(handle, 'unit_officer', p.lamHaSchool);
    await fileReport(lamHa, p.lamHaSchool, '2023S1', { tet_gifts: 4 });

    const waiting = await queue(district, p.damRong, 'submitted');
    expect(waiting.counts).toEqual({ submitted: 3, approved: 0, returned: 0 });
    expect(waiting.reports.map((r) => [r.unitName, r.periodCode, r.status])).toEqual([
      ['CĐCS Trường THCS Phi Liêng', '2023S1', 'submitted'],
      ['CĐCS Trường THCS Phi Liêng', '2022S2', 'submitted'],
      ['CĐCS Trạm Y tế xã Đạ Rsal', '2023S1', 'submitted'],
    ]);
    expect(waiting.reports[0]).toMatchObject({
      formName: 'Báo cáo sơ kết công tác công đoàn 6 tháng',
      periodLabel: '6 tháng đầu năm 2023',
      deadline: '2023-07-05',
      unitEndedOn: null,
    });

    const approved = waiting.reports.find((r) => r.unitId === p.phiLieng && r.periodCode === '2023S1')!;
    await service.moveReport(handle.db, district, p.phiLieng, FORM, '2023S1', 'approve', {
      version: approved.version,
    });
    const returned = waiting.reports.find((r) => r.unitId === p.damRongClinic)!;
    await service.moveReport(handle.db, district, p.damRongClinic, FORM, '2023S1', 'return', {
      version: returned.version,
      comment: 'Thiếu số quà Tết',
    });

    // Filtered by period: the counts follow the filter.
    const s1 = (status: 'submitted' | 'approved' | 'returned') =>
      queue(district, p.damRong, status, { formId: FORM, periodCode: '2023S1' });
    const done = await s1('approved');
    expect(done.counts).toEqual({ submitted: 0, approved: 1, returned: 1 });
    expect(done.reports).toHaveLength(1);
    expect(done.reports[0]).toMatchObject({
      unitId: p.phiLieng,
      status: 'approved',
      decidedBy: 'Nguyễn Văn Thử',
    });
    expect(done.reports[0]!.decidedOn).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect((await s1('returned')).reports).toMatchObject([
      { unitId: p.damRongClinic, status: 'returned', comment: 'Thiếu số quà Tết' },
    ]);
    expect((await queue(district, p.damRong, 'submitted')).reports.map((r) => r.periodCode)).toEqual([
      '2022S2',
    ]);

    // Reopened from the approved list with the version it shows: it leaves "approved" for "returned".
    await service.moveReport(handle.db, district, p.phiLieng, FORM, '2023S1', 'reopen', {
      version: done.reports[0]!.version,
      comment: 'Số quà Tết chưa khớp sổ sách',
    });
    const after = await s1('returned');
    expect(after.counts).toEqual({ submitted: 0, approved: 0, returned: 2 });
    expect(after.reports.find((r) => r.unitId === p.phiLieng)).toMatchObject({
      comment: 'Số quà Tết chưa khớp sổ sách',
    });

    // Paged: one row a page, the counts the same on every page.
    const page2 = await queue(district, p.damRong, 'returned', { pageSize: 1, page: 2 });
    expect(page2.reports).toHaveLength(1);
    expect(page2.counts.returned).toBe(2);
    const page1 = await queue(district, p.damRong, 'returned', { pageSize: 1, page: 1 });
    expect(page1.reports[0]!.id).not.toBe(page2.reports[0]!.id);

    // The province decides the districts' reports, not the CĐCS's.
    const province = await actorWith(handle, 'unit_officer', p.province);
    expect((await queue(province, p.province, 'returned')).counts).toEqual({
      submitted: 0,
      approved: 0,
      returned: 0,
    });
    await rejects(queue(district, p.damRong, 'submitted', { formId: 'KHONG_CO' }), 'report_form_not_found');
  });

  it('keeps the report of a unit dissolved after its period in the queue of the unit that approved it', async () => {
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Đắk Nông');
    const gone = await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Nông trường Đạ Tông',
      parentId: p.damRong,
      effectiveOn: '2015-01-01',
    });
    const officer = await actorWith(handle, 'unit_officer', gone);
    await fileReport(officer, gone, '2023S1', { tet_gifts: 7 });
    await dissolveUnit(handle.db, admin, gone, [], { effectiveOn: '2024-01-01' });

    const district = await actorWith(handle, 'unit_officer', p.damRong);
    const waiting = await queue(district, p.damRong, 'submitted');
    expect(waiting.reports).toMatchObject([
      { unitId: gone, unitName: 'CĐCS Nông trường Đạ Tông', unitEndedOn: '2024-01-01' },
    ]);
    // Nobody else's queue holds it.
    const province = await actorWith(handle, 'unit_officer', p.province);
    expect((await queue(province, p.province, 'submitted')).reports).toEqual([]);
    const lamHa = await actorWith(handle, 'unit_officer', p.lamHa);
    expect((await queue(lamHa, p.lamHa, 'submitted')).reports).toEqual([]);
    // The district approves it from there, and it moves to the approved list.
    await service.moveReport(handle.db, district, gone, FORM, '2023S1', 'approve', {
      version: waiting.reports[0]!.version,
    });
    expect((await queue(district, p.damRong, 'approved')).reports.map((r) => r.unitId)).toEqual([gone]);
  });

  it('leaves the report of a unit whose approver has ended since to the nearest union above still in operation', async () => {
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Gia Nghĩa');
    const gone = await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Lâm trường Quảng Sơn',
      parentId: p.damRong,
      effectiveOn: '2015-01-01',
    });
    const officer = await actorWith(handle, 'unit_officer', gone);
    await fileReport(officer, gone, '2023S1', { tet_gifts: 3 });
    await dissolveUnit(handle.db, admin, gone, [], { effectiveOn: '2024-01-01' });
    // The district itself ends in the 2025 restructuring, its CĐCS placed under the province.
    await dissolveUnit(
      handle.db,
      admin,
      p.damRong,
      [p.phiLieng, p.damRongClinic].map((unitId) => ({ unitId, newParentId: p.province })),
      { effectiveOn: '2025-07-01' },
    );
    const province = await actorWith(handle, 'unit_officer', p.province);
    const waiting = await queue(province, p.province, 'submitted');
    expect(waiting.reports.map((r) => r.unitId)).toEqual([gone]);
    await service.moveReport(handle.db, province, gone, FORM, '2023S1', 'approve', {
      version: waiting.reports[0]!.version,
    });
    expect((await queue(province, p.province, 'approved')).reports.map((r) => r.unitId)).toEqual([gone]);
  });

  it('refuses the queue to a user without reports.approve over the unit (403)', async () => {
    const p = await buildProvince(handle, 'LĐLĐ tỉnh Bình Thuận');
    const viewer = await actorWith(handle, 'unit_viewer', p.damRong);
    await rejects(queue(viewer, p.damRong, 'submitted'), 'forbidden');
    const cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
    await rejects(queue(cdcs, p.damRong, 'approved'), 'out_of_scope');

    const app = await testApp(handle);
    try {
      const viewerUser = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }]);
      const otherDistrict = await makeUser(handle, [{ role: 'unit_officer', unitId: p.lamHa }]);
      for (const user of [viewerUser, otherDistrict]) {
        const session = await logIn(app, user.username);
        const res = await call(
          app,
          session,
          'GET',
          `/api/units/${p.damRong}/report-approvals?status=approved&formId=${FORM}&periodCode=2023S1`,
        );
        expect(res.statusCode, res.body).toBe(403);
      }
      const officer = await makeUser(handle, [{ role: 'unit_officer', unitId: p.damRong }]);
      const session = await logIn(app, officer.username);
      const ok = await call(app, session, 'GET', `/api/units/${p.damRong}/report-approvals?status=approved`);
      expect(ok.statusCode, ok.body).toBe(200);
      const bad = await call(app, session, 'GET', `/api/units/${p.damRong}/report-approvals?status=draft`);
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('chờ duyệt');
      // A period is read under a form: without one, or one the form does not have, is refused by name.
      const alone = await call(
        app,
        session,
        'GET',
        `/api/units/${p.damRong}/report-approvals?periodCode=2023S1`,
      );
      expect(alone.statusCode).toBe(400);
      expect(alone.body).toContain('Chọn biểu mẫu trước khi chọn kỳ báo cáo.');
      const wrong = await call(
        app,
        session,
        'GET',
        `/api/units/${p.damRong}/report-approvals?formId=${FORM}&periodCode=2023Q9`,
      );
      expect(wrong.statusCode).toBe(400);
      expect((wrong.json() as { code: string }).code).toBe('report_period_invalid');
    } finally {
      await app.close();
    }
  });
});
