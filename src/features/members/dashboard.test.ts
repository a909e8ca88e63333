/** The dashboard's member figures, over HTTP: a district sees its subtree, a CĐCS officer its own figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import type { App } from '../../platform/http';
import { todayIso } from '../../lib/dates';
import { createTestDatabase } from '../../../test/support/db';
import { buildProvince, call, logIn, makeUser, testApp } from '../../../test/support/factories';
import { proposeMembers } from './service';
import { admitMember, personFixture, systemAdmin } from './test-factories';
import type { DashboardView } from './dashboard-contract';
import { monthsBefore } from './services/dashboard';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle);
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('the member dashboard', () => {
  it('counts members, women, admissions this year and proposals waiting, with a trend over the past year', async () => {
    const admin = await systemAdmin(handle);
    const today = todayIso();
    const year = today.slice(0, 4);
    const lastYear = `${Number(year) - 1}-06-15`;
    // Phi Liêng: two women long ago, a man last year, a woman this year (1 January); the clinic: one man this year.
    await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ gender: 'female', joinedOn: '2020-03-01' }),
      '2020-03-01',
    );
    await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ gender: 'female', joinedOn: '2020-03-01' }),
      '2020-03-01',
    );
    await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ gender: 'male', joinedOn: lastYear }),
      lastYear,
    );
    await admitMember(
      handle.db,
      admin,
      p.phiLieng,
      personFixture({ gender: 'female', joinedOn: `${year}-01-01` }),
      `${year}-01-01`,
    );
    await admitMember(
      handle.db,
      admin,
      p.damRongClinic,
      personFixture({ gender: 'male', joinedOn: `${year}-01-01` }),
      `${year}-01-01`,
    );
    await proposeMembers(handle.db, admin, p.phiLieng, { people: [personFixture()] });

    const district = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }]);
    const res = await call(
      app,
      await logIn(app, district.username),
      'GET',
      `/api/units/${p.damRong}/dashboard`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<DashboardView>();
    expect(view).toMatchObject({ at: today, members: 5, women: 3, admittedThisYear: 2, pendingApprovals: 1 });
    expect(view.trend.map((t) => t.at)).toEqual([12, 9, 6, 3, 0].map((m) => monthsBefore(today, m)));
    expect(view.trend.at(-1)!.members).toBe(5);
    // A year ago: the two admitted in 2020, and the man of last June if that was before the day a year ago.
    expect(view.trend[0]!.members).toBe(lastYear <= monthsBefore(today, 12) ? 3 : 2);

    // The CĐCS officer sees the CĐCS's own figures, not the district's; the district is out of reach.
    const officer = await makeUser(handle, [{ role: 'unit_officer', unitId: p.phiLieng }]);
    const session = await logIn(app, officer.username);
    const own = await call(app, session, 'GET', `/api/units/${p.phiLieng}/dashboard`);
    expect(own.json<DashboardView>()).toMatchObject({
      members: 4,
      women: 3,
      admittedThisYear: 1,
      pendingApprovals: 1,
    });
    expect((await call(app, session, 'GET', `/api/units/${p.damRong}/dashboard`)).statusCode).toBe(403);

    // As of a day before everything: nothing.
    const past = await call(app, session, 'GET', `/api/units/${p.phiLieng}/dashboard?at=2019-12-31`);
    expect(past.json<DashboardView>()).toMatchObject({ members: 0, women: 0, admittedThisYear: 0 });
  });

  it('steps back by months, keeping the day or the month’s last day', () => {
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2024-05-31', 3)).toBe('2024-02-29');
    expect(monthsBefore('2026-01-15', 12)).toBe('2025-01-15');
    expect(monthsBefore('2026-03-10', 3)).toBe('2025-12-10');
  });
});
