/**
 * The holes found when the product was tried as an attacker, each shown closed through the HTTP API on the real
 * database: changes judged on today's tree (not on `?at=`), a member owned by the unit where they are now, grants
 * that check the user given the role, personal data that search cannot recover, and audit rows seen by the scope of
 * the day of the action.
 *
 * The tree: province A with districts Đam Rông and Lâm Hà (2010). On 1/7/2025 the commune union X is founded, Phi
 * Liêng and the clinic move under it and Đam Rông ends. On 1/9/2025 the clinic moves to province B's commune Y.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db';
import { queryRows, sql } from '../src/platform/db';
import type { App } from '../src/platform/http';
import { loadActor } from '../src/features/access/service';
import type { Actor } from '../src/features/access/model';
import { applyPlan, type RestructurePlan } from '../src/features/organisation/service';
import { admitMember, personFixture } from '../src/features/members/test-factories';
import { transferMember } from '../src/features/members/service';
import { createTestDatabase } from './support/db';
import { buildProvince, call, foundAs, logIn, makeUser, testApp, type Session } from './support/factories';

const REFORM = '2025-07-01';
const CLINIC_MOVES = '2025-09-01';

let handle: DatabaseHandle;
let app: App;
let system: Actor;
let a: Awaited<ReturnType<typeof buildProvince>>;
let b: Awaited<ReturnType<typeof buildProvince>>;
let communeX: string;
let communeY: string;
let clinicMember: { memberId: string };

async function plan(p: RestructurePlan) {
  return handle.db.transaction((tx) => applyPlan(tx, null, p));
}

async function sessionFor(role: 'unit_admin' | 'unit_officer' | 'unit_viewer', unitId: string) {
  const user = await makeUser(handle, [{ role, unitId }]);
  return { id: user.id, session: await logIn(app, user.username) };
}

async function count(table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(handle.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
  return row!.n;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  a = await buildProvince(handle);
  b = await buildProvince(handle, 'LĐLĐ tỉnh Khánh Hòa');
  app = await testApp(handle);
  system = (await loadActor(handle.db, (await makeUser(handle, [], { isSystemAdmin: true })).id))!;
  clinicMember = await admitMember(handle.db, system, a.damRongClinic, personFixture(), '2024-03-01');
  communeX = await foundAs(handle, {
    typeId: 'commune_union',
    name: 'Công đoàn xã Phi Liêng',
    parentId: a.province,
    effectiveOn: REFORM,
  });
  communeY = await foundAs(handle, {
    typeId: 'commune_union',
    name: 'Công đoàn xã Cam Lâm',
    parentId: b.province,
    effectiveOn: REFORM,
  });
  await plan({
    kind: 'restructure',
    effectiveOn: REFORM,
    moves: [
      { unitId: a.phiLieng, newParent: { id: communeX } },
      { unitId: a.damRongClinic, newParent: { id: communeX } },
    ],
    dissolve: [a.damRong],
  });
  await plan({
    kind: 'move',
    effectiveOn: CLINIC_MOVES,
    moves: [{ unitId: a.damRongClinic, newParent: { id: communeY } }],
  });
});

afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('a change is judged on today’s tree, whatever ?at= says', () => {
  it('an officer of commune X cannot rename, propose into or record a leave at the clinic it lost to province B', async () => {
    const { session } = await sessionFor('unit_officer', communeX);
    const member = clinicMember;
    const before = { members: await count('members'), proposals: await count('member_proposals') };
    const at = '2025-08-01';
    const rename = await call(app, session, 'POST', `/api/units/${a.damRongClinic}/rename?at=${at}`, {
      name: 'CĐCS Trạm Y tế đã đổi tên',
      effectiveOn: at,
    });
    expect(rename.statusCode, rename.body).toBe(403);
    const propose = await call(
      app,
      session,
      'POST',
      `/api/units/${a.damRongClinic}/member-proposals?at=${at}`,
      {
        proposedOn: at,
        people: [personFixture()],
      },
    );
    expect(propose.statusCode, propose.body).toBe(403);
    const leave = await call(
      app,
      session,
      'POST',
      `/api/units/${a.damRongClinic}/members/${member.memberId}/leave?at=${at}`,
      { effectiveOn: at, reason: 'resigned' },
    );
    expect(leave.statusCode, leave.body).toBe(403);
    expect({ members: await count('members'), proposals: await count('member_proposals') }).toEqual(before);
    // Not a refusal of everything: the same officer renames Phi Liêng, still under X today, on the same date.
    const own = await call(app, session, 'POST', `/api/units/${a.phiLieng}/rename?at=${at}`, {
      name: 'CĐCS Trường THCS xã Phi Liêng',
      effectiveOn: at,
    });
    expect(own.statusCode, own.body).toBe(200);
  });

  it('an officer of a district federation that ended on 1/7/2025 reads its past but changes nothing', async () => {
    const { session } = await sessionFor('unit_officer', a.damRong);
    const read = await call(app, session, 'GET', `/api/units/${a.phiLieng}?at=2025-01-01`);
    expect(read.statusCode, read.body).toBe(200);
    const rename = await call(app, session, 'POST', `/api/units/${a.phiLieng}/rename?at=2025-01-01`, {
      name: 'CĐCS bị đổi tên trái phép',
      effectiveOn: '2025-01-01',
    });
    expect(rename.statusCode, rename.body).toBe(403);
  });

  it('a back-dated change also needs the unit in scope on its effective date', async () => {
    const { session } = await sessionFor('unit_officer', communeY);
    const early = await call(app, session, 'POST', `/api/units/${a.damRongClinic}/rename`, {
      name: 'CĐCS Trạm Y tế (trước khi về Y)',
      effectiveOn: '2025-08-01',
    });
    expect(early.statusCode, early.body).toBe(403);
    const later = await call(app, session, 'POST', `/api/units/${a.damRongClinic}/rename`, {
      name: 'CĐCS Trạm Y tế xã Cam Lâm',
      effectiveOn: '2025-10-01',
    });
    expect(later.statusCode, later.body).toBe(200);
  });

  it('an effective date far in the future is refused, naming the field', async () => {
    const { session } = await sessionFor('unit_admin', a.province);
    const res = await call(app, session, 'POST', `/api/units/${a.lamHaSchool}/rename`, {
      name: 'CĐCS Trường Tiểu học Nam Ban mới',
      effectiveOn: '9999-12-30',
    });
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { problems: { field: string; message: string }[] };
    expect(body.problems[0]!.field).toBe('effectiveOn');
    expect(body.problems[0]!.message).toMatch(/không được sau/);
    const unit = await call(app, session, 'GET', `/api/units/${a.lamHaSchool}`);
    expect((unit.json() as { unit: { name: string } }).unit.name).toBe('CĐCS Trường Tiểu học Nam Ban');
  });
});

describe('a member belongs to the unit where they are now', () => {
  it('after a transfer the sending unit keeps the history line, not the record', async () => {
    const sender = await sessionFor('unit_admin', communeX);
    const receiver = await sessionFor('unit_admin', b.province);
    const member = await admitMember(handle.db, system, a.phiLieng, personFixture(), '2025-08-01');
    const seen = await call(app, sender.session, 'GET', `/api/units/${communeX}/members/${member.memberId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const version = (seen.json() as { member: { version?: number } }).member.version;
    await transferMember(handle.db, system, a.phiLieng, member.memberId, {
      toUnitId: b.eduSchool1,
      effectiveOn: '2026-01-10',
    });
    const base = `/api/units/${communeX}/members/${member.memberId}`;
    expect((await call(app, sender.session, 'GET', base)).statusCode).toBe(404);
    expect((await call(app, sender.session, 'GET', `${base}/export`)).statusCode).toBe(404);
    const edit = await call(app, sender.session, 'PATCH', base, { phone: '0912345678', version });
    expect(edit.statusCode, edit.body).toBe(404);
    // The stay it had is still in its list as of a day of that stay.
    const history = await call(
      app,
      sender.session,
      'GET',
      `/api/units/${communeX}/members?at=2025-12-01&q=${encodeURIComponent(member.code)}`,
    );
    expect((history.json() as { members: { id: string }[] }).members.map((m) => m.id)).toEqual([
      member.memberId,
    ]);
    // The new owner edits, and the audit row is filed under the unit the member belongs to now.
    const fresh = await call(
      app,
      receiver.session,
      'GET',
      `/api/units/${b.province}/members/${member.memberId}`,
    );
    expect(fresh.statusCode, fresh.body).toBe(200);
    const res = await call(
      app,
      receiver.session,
      'PATCH',
      `/api/units/${b.province}/members/${member.memberId}`,
      {
        phone: '0987654321',
        version: (fresh.json() as { member: { version?: number } }).member.version,
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await queryRows<{ unitId: string }>(
      handle.db,
      sql`SELECT unit_id AS "unitId" FROM audit_log WHERE action = 'member.update' AND entity_id = ${member.memberId}
          ORDER BY id DESC LIMIT 1`,
    );
    expect(row!.unitId).toBe(b.eduSchool1);
  });
});

describe('grants and users', () => {
  it('a district administrator cannot give roles to another province’s administrator or to a system administrator', async () => {
    const districtAdmin = await sessionFor('unit_admin', a.lamHa);
    const foreign = await makeUser(handle, [{ role: 'unit_admin', unitId: b.province }]);
    const sysadmin = await makeUser(handle, [], { isSystemAdmin: true });
    const grantsBefore = await count('role_grants');
    for (const target of [foreign.id, sysadmin.id]) {
      const res = await call(app, districtAdmin.session, 'POST', `/api/users/${target}/grants`, {
        role: 'unit_viewer',
        unitId: a.lamHaCoffee,
      });
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await count('role_grants')).toBe(grantsBefore);
    // A system administrator gives the foreign user a role inside Lâm Hà: they still are not Lâm Hà's to manage.
    await call(app, await logIn(app, sysadmin.username), 'POST', `/api/users/${foreign.id}/grants`, {
      role: 'unit_viewer',
      unitId: a.lamHaCoffee,
    });
    const list = await call(app, districtAdmin.session, 'GET', '/api/users');
    const ids = (list.json() as { users: { id: string }[] }).users.map((u) => u.id);
    expect(ids).not.toContain(foreign.id);
    expect(ids).not.toContain(sysadmin.id);
    expect(ids).toContain(districtAdmin.id);
    expect((await call(app, districtAdmin.session, 'GET', `/api/users/${foreign.id}`)).statusCode).toBe(403);
  });

  it('an officer cannot hand out the administrator role, an administrator can give a role inside its scope', async () => {
    const admin = await sessionFor('unit_admin', a.lamHa);
    const helper = await makeUser(handle, [{ role: 'unit_viewer', unitId: a.lamHaSchool }]);
    const ok = await call(app, admin.session, 'POST', `/api/users/${helper.id}/grants`, {
      role: 'unit_officer',
      unitId: a.lamHaSchool,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const officer = await makeUser(handle, [{ role: 'unit_officer', unitId: a.lamHa }]);
    // An officer does not manage users at all.
    const res = await call(
      app,
      await logIn(app, officer.username),
      'POST',
      `/api/users/${helper.id}/grants`,
      {
        role: 'unit_admin',
        unitId: a.lamHaSchool,
      },
    );
    expect(res.statusCode, res.body).toBe(403);
  });
});

describe('personal data cannot be recovered by search', () => {
  it('a viewer finds a member by code but not by CCCD or phone; an officer’s look-up by CCCD is logged', async () => {
    const person = personFixture({ phone: '0911222333' });
    const member = await admitMember(handle.db, system, a.lamHaSchool, person, '2024-01-10');
    const viewer = await sessionFor('unit_viewer', a.lamHa);
    const search = async (session: Session, q: string) => {
      const res = await call(app, session, 'GET', `/api/units/${a.lamHa}/members?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { total: number; members: { id: string; cccd: string | null }[] };
    };
    expect((await search(viewer.session, person.cccd!)).total).toBe(0);
    expect((await search(viewer.session, '0911222333')).total).toBe(0);
    const byCode = await search(viewer.session, member.code);
    expect(byCode.members.map((m) => m.id)).toEqual([member.memberId]);
    expect(byCode.members[0]!.cccd).not.toBe(person.cccd);

    const officer = await sessionFor('unit_officer', a.lamHa);
    const auditBefore = await count(`audit_log WHERE action = 'member.search_identifier'`);
    const found = await search(officer.session, person.cccd!);
    expect(found.members.map((m) => m.id)).toEqual([member.memberId]);
    const [row] = await queryRows<{ actorId: string; after: { query: string; results: number } }>(
      handle.db,
      sql`SELECT actor_id AS "actorId", after FROM audit_log WHERE action = 'member.search_identifier'
          ORDER BY id DESC LIMIT 1`,
    );
    expect(await count(`audit_log WHERE action = 'member.search_identifier'`)).toBe(auditBefore + 1);
    expect(row!.actorId).toBe(officer.id);
    expect(row!.after.results).toBe(1);
    expect(row!.after.query).not.toContain(person.cccd!.slice(3, 9));
  });

  it('deciding another province’s proposal does not name its person', async () => {
    const person = personFixture({ fullName: 'Trần Thị Bí Mật' });
    const proposal = await call(
      app,
      await logIn(app, (await makeUser(handle, [{ role: 'unit_officer', unitId: b.lamHaSchool }])).username),
      'POST',
      `/api/units/${b.lamHaSchool}/member-proposals`,
      {
        people: [person],
      },
    );
    expect(proposal.statusCode, proposal.body).toBe(200);
    const proposalId = (proposal.json() as { proposals: { id: string }[] }).proposals[0]!.id;
    const approver = await sessionFor('unit_admin', a.province);
    const res = await call(
      app,
      approver.session,
      'POST',
      `/api/units/${a.province}/member-proposals/decisions`,
      {
        decisions: [{ proposalId, decision: 'approve' }],
      },
    );
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).not.toContain('Bí Mật');
    expect(res.body).toContain('Không tìm thấy hồ sơ');
  });
});

describe('the audit list', () => {
  it('shows a row to the scope that held its unit on the day of the action', async () => {
    const oldOwner = await sessionFor('unit_admin', communeX);
    const newOwner = await sessionFor('unit_admin', b.province);
    // Today the clinic is province B's: B's rename is B's to read, not X's.
    const rename = await call(app, newOwner.session, 'POST', `/api/units/${a.damRongClinic}/rename`, {
      name: 'CĐCS Trạm Y tế Cam Lâm',
      effectiveOn: '2026-02-01',
    });
    expect(rename.statusCode, rename.body).toBe(200);
    const actions = async (session: Session) => {
      const res = await call(app, session, 'GET', `/api/audit?pageSize=200`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { rows: { id: number; unitId: string | null; actorId: string | null }[] }).rows;
    };
    const seenByOld = await actions(oldOwner.session);
    expect(seenByOld.some((r) => r.actorId === newOwner.id)).toBe(false);
    expect((await actions(newOwner.session)).some((r) => r.actorId === newOwner.id)).toBe(true);
    // An action on the clinic on 15/8/2025, when it was X's: X reads it, B does not.
    const [row] = await queryRows<{ id: number }>(
      handle.db,
      sql`SELECT id FROM audit_log WHERE actor_id = ${newOwner.id} ORDER BY id DESC LIMIT 1`,
    );
    await queryRows(handle.db, sql`UPDATE audit_log SET at = '2025-08-15T10:00:00+07' WHERE id = ${row!.id}`);
    const id = Number(row!.id);
    expect((await actions(oldOwner.session)).map((r) => Number(r.id))).toContain(id);
    expect((await actions(newOwner.session)).map((r) => Number(r.id))).not.toContain(id);
  });
});
