/**
 * The list totals kept in member_totals (services/tallies.ts `cachedTotal`): each equals the plain count of the
 * stays after admissions, transfers, leaves, a death and a restructuring, and a kept total is what a list answers
 * while nothing it was read from has changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, sql, type DatabaseHandle } from '../../platform/db';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, makeUser } from '../../../test/support/factories';
import type { Actor } from '../access/model';
import { loadActor } from '../access/service';
import * as organisation from '../organisation/service';
import * as service from './service';
import * as listStore from './list-store';
import { birthRangeForAges } from './model';
import { admitMember, personFixture } from './test-factories';

let handle: DatabaseHandle;
let admin: Actor;
let p: Awaited<ReturnType<typeof buildProvince>>;
const ids: string[] = [];

const narrowings: Partial<service.MemberSearch>[] = [
  {},
  { gender: 'female' },
  { gender: 'male' },
  { ethnicityCode: '01' },
  { ageFrom: 30, ageTo: 39 },
  { ageTo: 35 },
];
const DATES = ['2019-01-01', '2024-06-30', '2025-03-01', '2026-01-01'];

beforeAll(async () => {
  handle = await createTestDatabase();
  await service.ensureMemberReferenceData(handle.db);
  admin = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  p = await buildProvince(handle);
  const people: [string, Parameters<typeof personFixture>[0]][] = [
    [p.phiLieng, { birthDate: '1990-04-30' }],
    [p.phiLieng, { gender: 'male', birthDate: '1980-01-01' }],
    [p.damRongClinic, { birthDate: '1995-09-09', joinedOn: '2020-01-01' }],
    [p.damRongClinic, { gender: 'male', birthDate: '1970-03-03' }],
    [p.lamHaCoffee, { birthDate: '1993-03-03' }],
    [p.lamHaSchool, { gender: 'male', birthDate: '1988-08-08', ethnicityCode: '02' }],
  ];
  for (const [unit, person] of people)
    ids.push((await admitMember(handle.db, admin, unit, personFixture(person))).memberId);
});
afterAll(async () => handle.close());

/** Every root, date and narrowing: the list's total (kept or computed) against the stays counted plainly. */
async function expectTotalsAsCounted(step: string): Promise<number> {
  let compared = 0;
  for (const unitId of [p.province, p.damRong, p.lamHa, p.phiLieng])
    for (const at of DATES)
      for (const narrowing of narrowings) {
        const listed = await service.searchMembers(handle.db, admin, unitId, {
          page: 1,
          pageSize: 20,
          at,
          ...narrowing,
        });
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
          limit: 20,
        });
        expect(listed.total, `${step}: ${unitId} ${at} ${JSON.stringify(narrowing)}`).toBe(counted.total);
        compared += counted.total;
      }
  return compared;
}

const keptTotals = async () =>
  (await queryRows<{ n: number }>(handle.db, sql`SELECT count(*)::int AS n FROM member_totals`))[0]!.n;

describe('list totals kept between requests', () => {
  it('are what the list answers while nothing changed', async () => {
    expect(await expectTotalsAsCounted('first reading')).toBeGreaterThan(50);
    expect(await keptTotals()).toBe(4 * DATES.length * narrowings.length);
    // A kept total is used as it is: falsified on purpose, the list shows it.
    await handle.db.execute(
      sql`UPDATE member_totals SET persons = 999 WHERE root_id = ${p.province}::uuid AND on_date = '2026-01-01'
          AND narrowing = 'subtree|all'`,
    );
    const falsified = await service.searchMembers(handle.db, admin, p.province, {
      page: 1,
      pageSize: 20,
      at: '2026-01-01',
    });
    expect(falsified.total).toBe(999);
  });

  it('follow admissions, transfers, leaves, a death and a restructuring', async () => {
    ids.push(
      (await admitMember(handle.db, admin, p.lamHaSchool, personFixture({ birthDate: '1985-02-02' })))
        .memberId,
    );
    await expectTotalsAsCounted('after an admission');

    await service.transferMember(handle.db, admin, p.damRong, ids[0]!, {
      toUnitId: p.lamHaCoffee,
      effectiveOn: '2024-03-01',
    });
    await expectTotalsAsCounted('after a transfer to another district');

    await service.leaveMember(handle.db, admin, p.damRong, ids[1]!, {
      effectiveOn: '2025-01-01',
      reason: 'retired',
    });
    await service.recordDeath(handle.db, admin, p.damRong, ids[3]!, { effectiveOn: '2024-01-15' });
    await expectTotalsAsCounted('after a leave and a death');

    // The clinic, with its members, moves to Lâm Hà: no stay changes, the subtrees do.
    await organisation.moveUnit(handle.db, admin, p.damRongClinic, p.lamHa, { effectiveOn: '2024-06-01' });
    await expectTotalsAsCounted('after a CĐCS moved to another district');

    // Each reading above was computed again after the change, and kept.
    expect(await keptTotals()).toBe(4 * DATES.length * narrowings.length);
  });
});
