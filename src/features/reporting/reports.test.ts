/**
 * Periodic reports on the real database, as ordinary unit users: a CĐCS enters and submits, the district approves,
 * returns or reopens; the live roll-up follows every move at every level (checked against a fresh computation from
 * the raw values); an upper union's own figures stand beside those of the units below, never counted twice; registry
 * figures equal the registry's counts; a unit moved within the period rolls up where it stood on the period's last day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, foundAs } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { moveUnit } from '../organisation/service';
import { actorWith, admitMember, personFixture, rejects, systemAdmin } from '../members/test-factories';
import * as rollupStore from './rollup-store';
import * as service from './service';

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;

const FORM = 'SK6T';
const S1 = '2023S1';
const S1_END = '2023-06-30';

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
});
afterAll(async () => handle.close());

/** A row of a unit's totals, by indicator. */
async function totalRow(
  actor: Actor,
  unitId: string,
  code: string,
  basis: 'approved' | 'submitted' = 'approved',
) {
  const totals = await service.getTotals(handle.db, actor, unitId, FORM, S1, basis);
  return totals.rows.find((r) => r.code === code)!;
}

async function drift(periodCode = S1, periodEnd = S1_END) {
  return rollupStore.totalsDrift(handle.db, FORM, periodCode, periodEnd);
}

/** Saves values as a draft and submits, as the given officer. */
async function fileReport(
  actor: Actor,
  unitId: string,
  values: Record<string, number | string | null>,
  period = S1,
) {
  const saved = await service.saveReport(handle.db, actor, unitId, FORM, period, { version: null, values });
  return service.moveReport(handle.db, actor, unitId, FORM, period, 'submit', { version: saved.version });
}

describe('entry, submission and approval', () => {
  it('a CĐCS files its report; the district approves it; totals follow at the district and the province', async () => {
    const cdcs = await actorWith(handle, 'unit_officer', p.phiLieng);
    const district = await actorWith(handle, 'unit_officer', p.damRong);
    const province = await actorWith(handle, 'unit_viewer', p.province);

    const empty = await service.getReport(handle.db, cdcs, p.phiLieng, FORM, S1);
    expect(empty.submission).toBeNull();
    expect(empty.expected).toBe(true);
    expect(empty.deadline).toBe('2023-07-05');
    expect(empty.approver).toEqual({ id: p.damRong, name: 'LĐLĐ huyện Đam Rông' });
    expect(empty.canEdit).toBe(true);
    expect(empty.canApprove).toBe(false);

    const saved = await service.saveReport(handle.db, cdcs, p.phiLieng, FORM, S1, {
      version: null,
      values: {
        tet_gifts: '105',
        tet_gifts_value: '52.500.000',
        conference_held: 'Có',
        assessment: 'Hoàn thành tốt',
      },
    });
    expect(saved).toMatchObject({ status: 'draft', version: 2, changed: 4 });
    const draft = await service.getReport(handle.db, cdcs, p.phiLieng, FORM, S1);
    const value = (code: string) => draft.indicators.find((i) => i.code === code)?.value;
    expect([
      value('tet_gifts'),
      value('tet_gifts_value'),
      value('conference_held'),
      value('assessment'),
    ]).toEqual([105, 52_500_000, 1, 'Hoàn thành tốt']);
    // A draft is nobody's figure yet.
    expect((await totalRow(province, p.damRong, 'tet_gifts', 'submitted')).total).toBeNull();

    const submitted = await service.moveReport(handle.db, cdcs, p.phiLieng, FORM, S1, 'submit', {
      version: 2,
    });
    expect(submitted).toMatchObject({ status: 'submitted', version: 3 });
    expect(await totalRow(province, p.damRong, 'tet_gifts', 'submitted')).toMatchObject({
      below: 105,
      total: 105,
    });
    expect((await totalRow(province, p.damRong, 'tet_gifts', 'approved')).total).toBeNull();

    // The CĐCS cannot approve its own report: the district is above its scope.
    await rejects(
      service.moveReport(handle.db, cdcs, p.phiLieng, FORM, S1, 'approve', { version: 3 }),
      'out_of_scope',
    );
    const queue = await service.listApprovals(handle.db, district, p.damRong);
    expect(queue.reports.map((r) => [r.unitId, r.periodCode])).toEqual([[p.phiLieng, S1]]);
    await service.moveReport(handle.db, district, p.phiLieng, FORM, S1, 'approve', { version: 3 });
    expect(await totalRow(province, p.province, 'tet_gifts_value')).toMatchObject({ total: 52_500_000 });
    expect(await totalRow(province, p.damRong, 'conference_held')).toMatchObject({ total: 1, reported: 1 });
    expect(await drift()).toBe(0);

    // Approved values are locked until the district reopens the report with a reason.
    await rejects(
      service.saveReport(handle.db, cdcs, p.phiLieng, FORM, S1, { version: 4, values: { tet_gifts: 1 } }),
      'report_not_editable',
    );
    await rejects(
      service.moveReport(handle.db, district, p.phiLieng, FORM, S1, 'reopen', { version: 4, comment: '  ' }),
      'report_reason_required',
    );
    await service.moveReport(handle.db, district, p.phiLieng, FORM, S1, 'reopen', {
      version: 4,
      comment: 'Số quà Tết chưa khớp sổ sách',
    });
    expect((await totalRow(province, p.province, 'tet_gifts', 'submitted')).total).toBeNull();
    const reopened = await service.getReport(handle.db, cdcs, p.phiLieng, FORM, S1);
    expect(reopened.submission).toMatchObject({
      status: 'returned',
      comment: 'Số quà Tết chưa khớp sổ sách',
    });
    expect(await drift()).toBe(0);
  });

  it('an edit made meanwhile is refused with 409 and nothing is written', async () => {
    const a = await actorWith(handle, 'unit_officer', p.damRongClinic);
    const b = await actorWith(handle, 'unit_officer', p.damRongClinic);
    const first = await service.saveReport(handle.db, a, p.damRongClinic, FORM, S1, {
      version: null,
      values: { field_visits: 3 },
    });
    await service.saveReport(handle.db, b, p.damRongClinic, FORM, S1, {
      version: first.version,
      values: { field_visits: 4 },
    });
    await rejects(
      service.saveReport(handle.db, a, p.damRongClinic, FORM, S1, {
        version: first.version,
        values: { field_visits: 9 },
      }),
      'report_edited_meanwhile',
    );
    const now = await service.getReport(handle.db, a, p.damRongClinic, FORM, S1);
    expect(now.indicators.find((i) => i.code === 'field_visits')?.value).toBe(4);
  });

  it('bad values are refused by indicator; rule errors stop a submission, warnings do not', async () => {
    const officer = await actorWith(handle, 'unit_officer', p.lamHaSchool);
    const error = await rejects(
      service.saveReport(handle.db, officer, p.lamHaSchool, FORM, S1, {
        version: null,
        values: {
          tet_gifts: '-3',
          tet_gifts_value: '12,5',
          members_end: 40,
          nonsense: 1,
          conference_held: 'có lẽ',
        },
      }),
      'report_invalid_values',
    );
    expect(Object.fromEntries(error.problems.map((x) => [x.field, x.message]))).toEqual({
      'values.tet_gifts': '"Quà Tết cho đoàn viên, người lao động khó khăn" phải là số nguyên không âm.',
      'values.tet_gifts_value':
        '"Trị giá quà Tết" phải là số tiền (đồng), số nguyên không âm, ví dụ 52.500.000.',
      'values.members_end':
        '"Tổng số đoàn viên cuối kỳ" được tính tự động (từ sổ đoàn viên và cây tổ chức), không nhập.',
      'values.nonsense': 'Biểu mẫu không có chỉ tiêu "nonsense".',
      'values.conference_held':
        '"Đã tổ chức hội nghị CBCCVC / hội nghị người lao động" chỉ nhận "Có" hoặc "Không".',
    });
    const saved = await service.saveReport(handle.db, officer, p.lamHaSchool, FORM, S1, {
      version: null,
      values: { training_courses: 5, training_attendees: 2 },
    });
    const refused = await rejects(
      service.moveReport(handle.db, officer, p.lamHaSchool, FORM, S1, 'submit', { version: saved.version }),
      'report_invalid_values',
    );
    expect(refused.problems[0]).toMatchObject({ field: 'values.training_courses' });
    expect((await service.getReport(handle.db, officer, p.lamHaSchool, FORM, S1)).submission?.status).toBe(
      'draft',
    );
  });
});

describe('roll-up', () => {
  it("an upper union's own figures stand beside the roll-up of the units below, never counted twice", async () => {
    const district = await actorWith(handle, 'unit_officer', p.lamHa);
    const cdcs = await actorWith(handle, 'unit_officer', p.lamHaCoffee);
    const province = await actorWith(handle, 'unit_officer', p.province);
    await fileReport(cdcs, p.lamHaCoffee, { month_gifts: 4, month_gifts_value: 1_200_000 });
    // The district's own 10 gifts "từ nguồn tài chính của LĐLĐ huyện".
    await fileReport(district, p.lamHa, { month_gifts: 10, month_gifts_value: 3_000_000 });
    expect(await totalRow(district, p.lamHa, 'month_gifts', 'submitted')).toMatchObject({
      own: 10,
      below: 4,
      total: 14,
    });
    expect(await totalRow(province, p.province, 'month_gifts', 'submitted')).toMatchObject({
      own: null,
      below: 14,
      total: 14,
    });
    expect(await drift()).toBe(0);
  });

  it('registry figures are computed from the registry for the period, never typed', async () => {
    const p2 = await buildProvince(handle, 'LĐLĐ tỉnh Đắk Nông');
    const officer = await actorWith(handle, 'unit_officer', p2.phiLieng);
    for (const [fullName, gender, joinedOn] of [
      ['Nguyễn Thị Hoa', 'female', '2023-02-01'],
      ['Trần Văn Bình', 'male', '2023-03-01'],
      ['Lê Thị Mai', 'female', '2022-05-01'],
    ] as const)
      await admitMember(
        handle.db,
        admin,
        p2.phiLieng,
        personFixture({ fullName, gender, joinedOn }),
        joinedOn,
      );
    const report = await service.getReport(handle.db, officer, p2.phiLieng, FORM, S1);
    const figure = (code: string) => report.indicators.find((i) => i.code === code)?.value;
    expect([figure('members_end'), figure('members_female_end'), figure('admitted')]).toEqual([3, 2, 2]);
    expect(figure('female_share')).toBeCloseTo(66.67, 1);
    const viewer = await actorWith(handle, 'unit_viewer', p2.province);
    const totals = await service.getTotals(handle.db, viewer, p2.province, FORM, S1, 'approved');
    const row = (code: string) => totals.rows.find((r) => r.code === code)!;
    expect([
      row('members_end').total,
      row('admitted').total,
      row('cdcs_end').total,
      row('cdcs_end_public').total,
    ]).toEqual([3, 2, 6, 6]);
  });

  it('a CĐCS moved within the period rolls up under the union it stood under on the last day', async () => {
    const p3 = await buildProvince(handle, 'LĐLĐ tỉnh Bình Thuận');
    const moved = await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Công ty Thủy điện Đa Nhim',
      parentId: p3.damRong,
      effectiveOn: '2015-01-01',
      sector: 'state_enterprise',
    });
    await moveUnit(handle.db, admin, moved, p3.lamHa, { effectiveOn: '2023-04-01' });
    const officer = await actorWith(handle, 'unit_officer', moved);
    const viewer = await actorWith(handle, 'unit_viewer', p3.province);
    await fileReport(officer, moved, { sports_events: 2 });
    expect(
      (await service.getTotals(handle.db, viewer, p3.lamHa, FORM, S1, 'submitted')).rows.find(
        (r) => r.code === 'sports_events',
      )?.total,
    ).toBe(2);
    expect(
      (await service.getTotals(handle.db, viewer, p3.damRong, FORM, S1, 'submitted')).rows.find(
        (r) => r.code === 'sports_events',
      )?.total,
    ).toBeNull();
    // The report of the half before the move rolls up under the old district.
    await fileReport(officer, moved, { sports_events: 1 }, '2022S2');
    const before = await service.getTotals(handle.db, viewer, p3.damRong, FORM, '2022S2', 'submitted');
    expect(before.rows.find((r) => r.code === 'sports_events')?.total).toBe(1);
    expect(await drift('2022S2', '2022-12-31')).toBe(0);
  });
});

describe('completeness', () => {
  it('expects the units alive on the last day, of an assigned type; on time, late and missing; never above 100%', async () => {
    const p4 = await buildProvince(handle, 'LĐLĐ tỉnh Ninh Thuận');
    // Founded after the period: not expected. Dissolved before its end (merged away): not expected.
    await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Mới',
      parentId: p4.damRong,
      effectiveOn: '2023-07-01',
    });
    const gone = await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Cũ',
      parentId: p4.damRong,
      effectiveOn: '2015-01-01',
    });
    const { dissolveUnit } = await import('../organisation/service');
    await dissolveUnit(handle.db, admin, gone, [], { effectiveOn: '2023-03-01' });
    const phiLieng = await actorWith(handle, 'unit_officer', p4.phiLieng);
    await fileReport(phiLieng, p4.phiLieng, { field_visits: 1 });
    const viewer = await actorWith(handle, 'unit_viewer', p4.province);
    const c = await service.getCompleteness(handle.db, viewer, p4.province, FORM, S1);
    // 3 upper unions + 6 CĐCS, the one filed (today, long after the deadline: late).
    expect(c.overall).toMatchObject({ expected: 9, submitted: 1, onTime: 0, late: 1, missing: 8 });
    expect(c.overall.rate).toBeCloseTo(1 / 9);
    expect(c.units.map((u) => u.name)).not.toContain('CĐCS Mới');
    expect(c.units.map((u) => u.name)).not.toContain('CĐCS Cũ');
    const damRong = c.byBranch.find((b) => b.unitId === p4.damRong)!;
    expect(damRong).toMatchObject({ expected: 3, submitted: 1 });
    for (const level of c.byLevel) expect(level.rate ?? 0).toBeLessThanOrEqual(1);
  });
});
