/**
 * The audit log as its readers see it: filtered by action, person and unit (the unit's subtree on the day), the
 * names of the units, members and users the rows name, and an account whose unit has ended told so by /me.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import type { App } from '../../platform/http';
import { createTestDatabase } from '../../../test/support/db';
import {
  buildProvince,
  call,
  foundAs,
  logIn,
  makeUser,
  testApp,
  type Session,
} from '../../../test/support/factories';
import { applyPlan } from '../organisation/service';
import { personFixture } from '../members/test-factories';
import { AUDIT_ACTIONS } from './audit-actions';

let handle: DatabaseHandle;
let app: App;
let p: Awaited<ReturnType<typeof buildProvince>>;
let admin: Session;

interface AuditPage {
  total: number;
  rows: { action: string; unitId: string | null; actorName: string | null; entityId: string | null }[];
  names: Record<string, string>;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  app = await testApp(handle);
  const provinceAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: p.province }]);
  admin = await logIn(app, provinceAdmin.username);
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

const audit = async (session: Session, query: string) => {
  const res = await call(app, session, 'GET', `/api/audit?pageSize=200&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AuditPage>();
};

describe('the audit log', () => {
  it('filters by unit (with the units under it), action and person, and names every unit and user it shows', async () => {
    // Two district admins, each changing a CĐCS of their own district.
    const damRongAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }]);
    const lamHaAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: p.lamHa }]);
    const damRong = await logIn(app, damRongAdmin.username);
    const lamHa = await logIn(app, lamHaAdmin.username);
    await call(app, damRong, 'PATCH', `/api/units/${p.phiLieng}`, { address: 'Thôn 3, xã Phi Liêng' });
    await call(app, lamHa, 'PATCH', `/api/units/${p.lamHaCoffee}`, { address: 'Thôn 5, Nam Ban' });

    const underDamRong = await audit(admin, `unitId=${p.damRong}&action=unit.update`);
    expect(underDamRong.rows.map((r) => r.unitId)).toEqual([p.phiLieng]);
    expect(underDamRong.names[p.phiLieng]).toBe('CĐCS Trường THCS Phi Liêng');

    // The person filter: part of the name, diacritics and case ignored, or the user name.
    await call(app, lamHa, 'PATCH', `/api/users/${lamHaAdmin.id}`, { fullName: 'Trần Thị Hậu' });
    const renames = await audit(admin, 'action=user.update');
    expect(renames.rows.map((r) => [r.action, r.entityId])).toEqual([['user.update', lamHaAdmin.id]]);
    await call(app, lamHa, 'PATCH', `/api/units/${p.lamHaSchool}`, { address: 'Thôn 6, Nam Ban' });
    const byName = await audit(admin, `actor=${encodeURIComponent('tran THI hau')}&action=unit.update`);
    expect(byName.rows.map((r) => r.unitId)).toEqual([p.lamHaSchool]);
    const byUsername = await audit(admin, `actor=${damRongAdmin.username}&action=unit.update`);
    expect(byUsername.rows.map((r) => r.unitId)).toEqual([p.phiLieng]);
    expect(byUsername.names[damRongAdmin.id]).toBe('Nguyễn Văn Thử');
  });

  it('keeps the unit filter inside the reader’s scope and refuses an unknown action in Vietnamese', async () => {
    const damRongAdmin = await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }]);
    const damRong = await logIn(app, damRongAdmin.username);
    const outside = await call(app, damRong, 'GET', `/api/audit?unitId=${p.lamHa}`);
    expect(outside.statusCode).toBe(403);
    const unknown = await call(app, damRong, 'GET', '/api/audit?action=unit.explode');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ problems: unknown[] }>().problems).toEqual([
      expect.objectContaining({ field: 'querystring.action', message: 'Thao tác không hợp lệ.' }),
    ]);
  });

  it('names the person of a proposal: its creation, its return and the admission it became', async () => {
    const [approve, giveBack] = [
      personFixture({ fullName: 'Vũ Thị Duyệt' }),
      personFixture({ fullName: 'Lò Văn Trả' }),
    ];
    const damRongAdmin = await logIn(
      app,
      (await makeUser(handle, [{ role: 'unit_admin', unitId: p.damRong }])).username,
    );
    const proposed = await call(app, damRongAdmin, 'POST', `/api/units/${p.phiLieng}/member-proposals`, {
      people: [approve, giveBack],
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const [first, second] = proposed.json<{ proposals: { id: string }[] }>().proposals;
    const decided = await call(
      app,
      damRongAdmin,
      'POST',
      `/api/units/${p.damRong}/member-proposals/decisions`,
      {
        decisions: [
          { proposalId: first!.id, decision: 'approve' },
          { proposalId: second!.id, decision: 'return', reason: 'Thiếu ảnh' },
        ],
      },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const page = await audit(admin, `unitId=${p.phiLieng}`);
    const admitted = page.rows.find((r) => r.action === 'member.admit')!;
    const returned = page.rows.find((r) => r.action === 'member_proposal.return')!;
    expect(returned.entityId).toBe(second!.id);
    expect(page.names[second!.id]).toBe('Lò Văn Trả');
    // The admission's record carries the proposal it came from: named, not "không rõ tên".
    expect((admitted as unknown as { after: { proposalId: string } }).after.proposalId).toBe(first!.id);
    expect(page.names[first!.id]).toBe('Vũ Thị Duyệt');
  });

  it('lists each action once', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});

describe('the session at load', () => {
  it('answers a visitor 200 with no one, and a signed-in user with their profile', async () => {
    const visitor = await app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json()).toEqual({ me: null });
    const user = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.phiLieng }]);
    const session = await logIn(app, user.username);
    const res = await call(app, session, 'GET', '/api/auth/session');
    expect(res.json<{ me: { id: string; csrfToken: string } }>().me).toMatchObject({
      id: user.id,
      csrfToken: session.csrf,
    });
  });
});

describe('an account whose unit has ended', () => {
  it('is told which unit ended and when, and can still read that unit’s history', async () => {
    const district = await foundAs(handle, {
      typeId: 'district_federation',
      name: 'LĐLĐ huyện Đạ Tẻh',
      parentId: p.province,
      effectiveOn: '2012-01-01',
    });
    await handle.db.transaction((tx) =>
      applyPlan(tx, null, { kind: 'dissolve', effectiveOn: '2025-07-01', dissolve: [district] }),
    );
    const user = await makeUser(handle, [{ role: 'unit_admin', unitId: district }]);
    const session = await logIn(app, user.username);
    const me = await call(app, session, 'GET', '/api/auth/me');
    expect(me.json<{ grants: unknown[] }>().grants).toEqual([
      expect.objectContaining({ unitId: district, unitName: 'LĐLĐ huyện Đạ Tẻh', unitEndedOn: '2025-07-01' }),
    ]);
    const roots = await call(app, session, 'GET', '/api/units/roots');
    expect(roots.json<{ units: unknown[] }>().units).toEqual([]);
    const history = await call(app, session, 'GET', `/api/units/${district}/events`);
    expect(history.statusCode).toBe(200);

    // A live unit's grant carries no end.
    const live = await makeUser(handle, [{ role: 'unit_viewer', unitId: p.damRong }]);
    const liveMe = await call(app, await logIn(app, live.username), 'GET', '/api/auth/me');
    expect(liveMe.json<{ grants: unknown[] }>().grants).toEqual([
      expect.objectContaining({ unitId: p.damRong, unitEndedOn: null }),
    ]);
  });
});
