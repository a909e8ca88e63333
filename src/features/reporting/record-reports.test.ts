/**
 * Reports recorded as history (recordReports): many units' reports of one period written at once with the day each
 * came in, counted on time or late from that day (a paper report from the day it was received), rolled up like
 * submitted ones, checked like a submission (every bad row named, nothing written); targets recorded for the tree of
 * the day they were assigned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { admitMember, personFixture, rejects, systemAdmin } from '../members/test-factories';
import { registryFiguresOf } from './registry-store';
import * as rollupStore from './rollup-store';
import * as service from './service';
import * as submissionStore from './submission-store';

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await systemAdmin(handle);
  p = await buildProvince(handle);
  await admitMember(handle.db, admin, p.phiLieng, personFixture({ gender: 'female' }), '2023-02-01');
  await admitMember(handle.db, admin, p.lamHaSchool, personFixture({ gender: 'male' }), '2023-03-01');
});
afterAll(async () => handle.close());

describe('recorded reports', () => {
  it('gives the registry figures of many units as it gives each alone', async () => {
    const ids = [p.province, p.damRong, p.phiLieng, p.lamHa, p.lamHaSchool];
    const many = await registryFiguresOf(handle.db, ids, '2023-01-01', '2023-06-30');
    for (const id of ids) {
      const one = (await registryFiguresOf(handle.db, [id], '2023-01-01', '2023-06-30')).get(id)!;
      const sort = ({ figures: f, federationIds, units }: typeof one) => ({
        ...f,
        grassroots: [...f.grassroots].sort((a, b) => a.alive - b.alive),
        federationIds: [...federationIds].sort(),
        units,
      });
      expect(sort(many.get(id)!)).toEqual(sort(one));
    }
    expect(many.get(p.province)!.figures.membersEnd).toBe(2);
  });

  it('records reports with their days: on time, late, on paper; rolled up and counted as such', async () => {
    const result = await service.recordReports(handle.db, admin, p.province, 'SK6T', '2023S1', [
      {
        unitId: p.phiLieng,
        values: { tet_gifts: 10, tet_gifts_value: '5.000.000', conference_held: 'Có' },
        status: 'approved',
        submittedOn: '2023-07-03',
        approvedOn: '2023-07-06',
      },
      {
        unitId: p.lamHaSchool,
        values: { tet_gifts: 4, assessment: 'Nộp muộn' },
        status: 'submitted',
        submittedOn: '2023-07-20',
        receivedOn: '2023-07-18',
      },
      {
        unitId: p.damRong,
        values: { tet_gifts: 20, month_gifts: 10 },
        status: 'approved',
        submittedOn: '2023-07-05',
      },
    ]);
    expect(result).toEqual({ recorded: 3, approved: 2 });
    const c = await service.getCompleteness(handle.db, admin, p.province, 'SK6T', '2023S1');
    expect(c.overall).toMatchObject({ submitted: 3, onTime: 2, late: 1, approved: 2 });
    const school = c.units.find((u) => u.unitId === p.lamHaSchool)!;
    expect(school).toMatchObject({ timeliness: 'late', submittedOn: '2023-07-20', receivedOn: '2023-07-18' });
    expect(c.units.find((u) => u.unitId === p.phiLieng)).toMatchObject({
      timeliness: 'on_time',
      status: 'approved',
    });
    expect(await rollupStore.totalsDrift(handle.db, 'SK6T', '2023S1', '2023-06-30')).toBe(0);
    const totals = await service.getTotals(handle.db, admin, p.province, 'SK6T', '2023S1', 'submitted');
    expect(totals.rows.find((r) => r.code === 'tet_gifts')).toMatchObject({ below: 34, total: 34 });
    const approved = await service.getTotals(handle.db, admin, p.damRong, 'SK6T', '2023S1', 'approved');
    expect(approved.rows.find((r) => r.code === 'tet_gifts')).toMatchObject({
      own: 20,
      below: 10,
      total: 30,
    });
    // The registry's figures and the formulas were fixed into the report, as at a submission.
    const report = await service.getReport(handle.db, admin, p.phiLieng, 'SK6T', '2023S1');
    const value = (code: string) => report.indicators.find((i) => i.code === code)!.value;
    expect(value('members_end')).toBe(1);
    expect(value('female_share')).toBe(100);
    expect(report.submission).toMatchObject({ status: 'approved', submittedOn: '2023-07-03' });
  });

  it('names every bad row and writes nothing when any is bad', async () => {
    const error = await rejects(
      service.recordReports(handle.db, admin, p.damRong, 'SK6T', '2023S2', [
        { unitId: p.phiLieng, values: { tet_gifts: 'nhiều' }, status: 'approved', submittedOn: '2024-01-03' },
        { unitId: p.lamHaSchool, values: {}, status: 'submitted', submittedOn: '2024-01-03' },
        {
          unitId: p.damRongClinic,
          values: { training_courses: 5, training_attendees: 2 },
          status: 'submitted',
          submittedOn: '2023-01-01',
        },
      ]),
      'report_import_invalid',
    );
    expect(error.problems.map((x) => x.field).sort()).toEqual([
      'reports.0.values.tet_gifts',
      'reports.1.unitId',
      'reports.2.submittedOn',
      'reports.2.values.training_courses',
    ]);
    const written = await submissionStore.submissionsOf(handle.db, 'SK6T', '2023S2', [
      p.phiLieng,
      p.damRongClinic,
    ]);
    expect(written).toEqual([]);
    // A unit with a report for the period is refused: its report moves through the entry form.
    const again = await rejects(
      service.recordReports(handle.db, admin, p.province, 'SK6T', '2023S1', [
        { unitId: p.phiLieng, values: {}, status: 'submitted', submittedOn: '2023-07-03' },
      ]),
      'report_import_invalid',
    );
    expect(again.problems.map((x) => x.field)).toEqual(['reports.0.unitId']);
  });

  it('sets targets for the units below on the day they were assigned', async () => {
    await service.setTargets(
      handle.db,
      admin,
      p.province,
      2023,
      [{ unitId: p.damRong, indicatorCode: 'tet_gifts', value: 60 }],
      undefined,
      { on: '2023-01-15' },
    );
    const totals = await service.getTotals(handle.db, admin, p.damRong, 'SK6T', '2023S1', 'approved');
    expect(totals.rows.find((r) => r.code === 'tet_gifts')).toMatchObject({ target: 60, rate: 0.5 });
    // Before the district was founded it was nobody's unit to give a target to.
    const refused = await rejects(
      service.setTargets(
        handle.db,
        admin,
        p.province,
        2009,
        [{ unitId: p.damRong, indicatorCode: 'tet_gifts', value: 60 }],
        undefined,
        { on: '2009-01-15' },
      ),
      'report_target_invalid',
    );
    expect(refused.problems.map((x) => x.field)).toEqual(['targets.0.unitId']);
  });
});
