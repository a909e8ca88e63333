/**
 * The one scope API on the real database: permissions per role over a unit, reads judged on their date (a dissolved
 * unit on its last day), changes judged on today through live grants and also on their effective date, the batch
 * question, the tree questions, and the request's memory.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../platform/db';
import { applyPlan } from '../organisation/service';
import { buildProvince, foundAs, makeUser } from '../../../test/support/factories';
import { createTestDatabase } from '../../../test/support/db';
import { rejects } from '../../../test/support/errors';
import { todayIso } from '../../lib/dates';
import { PERMISSIONS, type Actor, type Role } from './model';
import { loadActor } from './service';
import {
  accessOver,
  accessOverUnits,
  holdsOver,
  isUnder,
  requireAnyGrant,
  requireSystemAdmin,
  requireUnit,
  requireWithinScope,
  startRequestScope,
  topUnits,
  unitsWithPermission,
} from './scope';

let handle: DatabaseHandle;
let p: Awaited<ReturnType<typeof buildProvince>>;
let other: Awaited<ReturnType<typeof buildProvince>>;
let commune: string;
let closedSchool: string;

const REFORM = '2025-07-01';

async function actor(grants: { role: Role; unitId: string }[], isSystemAdmin = false): Promise<Actor> {
  return (await loadActor(handle.db, (await makeUser(handle, grants, { isSystemAdmin })).id))!;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  p = await buildProvince(handle);
  other = await buildProvince(handle, 'LĐLĐ tỉnh Gia Lai');
  commune = await foundAs(handle, {
    typeId: 'commune_union',
    name: 'Công đoàn xã Đạ Rsal',
    parentId: p.province,
    effectiveOn: REFORM,
  });
  // On 1/7/2025 Đam Rông ends: Phi Liêng goes to the commune, the clinic is dissolved with it.
  await handle.db.transaction((tx) =>
    applyPlan(tx, null, {
      kind: 'restructure',
      effectiveOn: REFORM,
      moves: [{ unitId: p.phiLieng, newParent: { id: commune } }],
      dissolve: [p.damRongClinic, p.damRong],
    }),
  );
  closedSchool = p.damRongClinic;
});

afterAll(async () => {
  await handle.close();
});

describe('what each role holds over its subtree', () => {
  it('an administrator, an officer and a viewer of a district hold their role’s permissions on a CĐCS below', async () => {
    const expected: Record<Role, string[]> = {
      unit_admin: [
        'org.read',
        'org.write',
        'users.manage',
        'audit.read',
        'members.read',
        'members.write',
        'members.approve',
        'members.pii',
        'reports.read',
        'reports.write',
        'reports.approve',
        'reports.targets',
        'reports.catalogue',
      ],
      unit_officer: [
        'org.read',
        'org.write',
        'members.read',
        'members.write',
        'members.approve',
        'members.pii',
        'reports.read',
        'reports.write',
        'reports.approve',
        'reports.targets',
      ],
      unit_viewer: ['org.read', 'members.read', 'reports.read'],
    };
    for (const role of Object.keys(expected) as Role[]) {
      const who = await actor([{ role, unitId: p.lamHa }]);
      const access = await accessOver(handle.db, who, p.lamHaCoffee);
      expect([...access.permissions].sort(), role).toEqual([...expected[role]].sort());
      expect(access.inScope).toBe(true);
      expect(access.unit).toMatchObject({ id: p.lamHaCoffee, name: 'CĐCS Công ty Cà phê Lâm Hà' });
    }
  });

  it('two grants add up: a viewer above and an officer below give the officer’s permissions below only', async () => {
    const who = await actor([
      { role: 'unit_viewer', unitId: p.province },
      { role: 'unit_officer', unitId: p.lamHa },
    ]);
    expect(await holdsOver(handle.db, who, 'members.write', p.lamHaSchool)).toBe(true);
    expect(await holdsOver(handle.db, who, 'members.write', p.eduSchool1)).toBe(false);
    expect(await holdsOver(handle.db, who, 'members.read', p.eduSchool1)).toBe(true);
  });

  it('a unit outside every grant is out of scope (403 out_of_scope); inside without the permission, forbidden', async () => {
    const viewer = await actor([{ role: 'unit_viewer', unitId: p.lamHa }]);
    await rejects(requireUnit(handle.db, viewer, 'members.read', p.eduSchool1), 'out_of_scope');
    await rejects(requireUnit(handle.db, viewer, 'org.write', p.lamHaCoffee), 'forbidden');
    expect(await requireUnit(handle.db, viewer, 'org.read', p.lamHaCoffee)).toMatchObject({
      id: p.lamHaCoffee,
    });
    await rejects(requireUnit(handle.db, viewer, 'config.manage', p.lamHaCoffee), 'forbidden');
    const unknown = '00000000-0000-4000-8000-000000000000';
    await rejects(requireUnit(handle.db, viewer, 'org.read', unknown), 'not_found');
    expect(await holdsOver(handle.db, viewer, 'org.read', unknown)).toBe(false);
  });

  it('a system administrator holds everything on every unit, and configuration', async () => {
    const admin = await actor([], true);
    const access = await accessOver(handle.db, admin, other.phiLieng);
    expect([...access.permissions].sort()).toEqual([...PERMISSIONS].sort());
    expect(access.inScope).toBe(true);
    await requireUnit(handle.db, admin, 'config.manage', other.phiLieng);
    expect(() => requireSystemAdmin(admin)).not.toThrow();
    expect(requireAnyGrant(admin, 'users.manage')).toBe('all');
  });

  it('requireAnyGrant gives the units where the actor holds the permission, 403 when none', async () => {
    const viewer = await actor([{ role: 'unit_viewer', unitId: p.lamHa }]);
    expect(() => requireAnyGrant(viewer, 'users.manage')).toThrow(/quyền/);
    expect(requireAnyGrant(viewer, 'org.read')).toEqual([p.lamHa]);
    expect(() => requireSystemAdmin(viewer)).toThrow(/quyền/);
  });

  it('configuration is refused as forbidden to anyone but a system administrator, on any unit or none', async () => {
    const admin = await actor([{ role: 'unit_admin', unitId: p.province }]);
    await rejects(requireUnit(handle.db, admin, 'config.manage', p.lamHaCoffee), 'forbidden');
    await rejects(requireUnit(handle.db, admin, 'config.manage', other.lamHaCoffee), 'forbidden');
    await rejects(
      requireUnit(handle.db, admin, 'config.manage', '00000000-0000-4000-8000-000000000000'),
      'forbidden',
    );
  });

  it('an unknown unit is a 404 naming the unit, from every question that takes one', async () => {
    const officer = await actor([{ role: 'unit_officer', unitId: p.lamHa }]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const refused of [
      await rejects(accessOver(handle.db, officer, unknown), 'not_found'),
      await rejects(requireUnit(handle.db, officer, 'members.write', unknown), 'not_found'),
      await rejects(requireWithinScope(handle.db, officer, [p.lamHaSchool, unknown], {}), 'not_found'),
    ]) {
      expect(refused.params).toEqual({ what: 'đơn vị' });
      expect(refused.message).toBe('Không tìm thấy đơn vị.');
    }
    expect(await unitsWithPermission(handle.db, officer, 'org.read', [unknown, p.lamHaSchool])).toEqual(
      new Set([p.lamHaSchool]),
    );
  });

  it('the unit comes back as it is recorded, for a system administrator too', async () => {
    const admin = await actor([], true);
    const officer = await actor([{ role: 'unit_officer', unitId: p.province }]);
    for (const who of [admin, officer]) {
      expect((await accessOver(handle.db, who, closedSchool)).unit).toEqual({
        id: closedSchool,
        name: 'CĐCS Trạm Y tế xã Đạ Rsal',
        foundedOn: '2010-01-01',
        endedOn: REFORM,
        federationId: p.province,
      });
    }
  });
});

describe('reads are judged on their date, changes on today', () => {
  it('a district that ended reads its past, not today, and changes nothing', async () => {
    const officer = await actor([{ role: 'unit_officer', unitId: p.damRong }]);
    expect(await holdsOver(handle.db, officer, 'org.read', p.phiLieng, '2024-05-01')).toBe(true);
    expect(await holdsOver(handle.db, officer, 'org.read', p.phiLieng)).toBe(false);
    expect(await holdsOver(handle.db, officer, 'org.write', p.phiLieng, '2024-05-01')).toBe(false);
    await rejects(requireUnit(handle.db, officer, 'org.write', p.phiLieng, '2024-05-01'), 'out_of_scope');
  });

  it('a dissolved unit is judged on its last day: read by the scope that held it, changed only through a live grant', async () => {
    const ended = await actor([{ role: 'unit_officer', unitId: p.damRong }]);
    const province = await actor([{ role: 'unit_officer', unitId: p.province }]);
    // Today the clinic is judged on 30/6/2025, under Đam Rông.
    expect(await holdsOver(handle.db, ended, 'org.read', closedSchool)).toBe(true);
    const access = await accessOver(handle.db, ended, closedSchool, { write: true });
    expect(access.permissions.has('org.write')).toBe(false);
    expect(access.inScope).toBe(false);
    expect(await holdsOver(handle.db, province, 'org.write', closedSchool)).toBe(true);
  });

  it('a back-dated change needs the unit in scope on both days; a change dated today on today only', async () => {
    const communeOfficer = await actor([{ role: 'unit_officer', unitId: commune }]);
    expect(await holdsOver(handle.db, communeOfficer, 'org.write', p.phiLieng)).toBe(true);
    expect(await holdsOver(handle.db, communeOfficer, 'org.write', p.phiLieng, todayIso())).toBe(true);
    expect(await holdsOver(handle.db, communeOfficer, 'org.write', p.phiLieng, '2025-08-01')).toBe(true);
    expect(await holdsOver(handle.db, communeOfficer, 'org.write', p.phiLieng, '2025-06-30')).toBe(false);
    const both = await accessOver(handle.db, communeOfficer, p.phiLieng, {
      write: true,
      effectiveOn: '2025-06-30',
    });
    expect(both.inScope).toBe(false);
    expect(both.permissions.size).toBe(0);
    // A read asks only its own day, whatever else is passed.
    const read = await accessOver(handle.db, communeOfficer, p.phiLieng, {
      at: '2025-06-30',
      effectiveOn: todayIso(),
    });
    expect(read.inScope).toBe(false);
  });

  it('a read on its own day ignores an effective date; a change ignores the day asked for reads', async () => {
    const communeOfficer = await actor([{ role: 'unit_officer', unitId: commune }]);
    const read = await accessOver(handle.db, communeOfficer, p.phiLieng, { effectiveOn: '2025-06-30' });
    expect(read.inScope).toBe(true);
    expect(read.permissions.has('org.read')).toBe(true);
    // A change passed a past day to read on is still judged on today, where the commune holds Phi Liêng.
    const change = await accessOver(handle.db, communeOfficer, p.phiLieng, { write: true, at: '2025-06-30' });
    expect(change.inScope).toBe(true);
    expect(change.permissions.has('org.write')).toBe(true);
  });

  it('requireUnit, holdsOver and unitsWithPermission judge a read on its day, a change on today and its date', async () => {
    const ended = await actor([{ role: 'unit_officer', unitId: p.damRong }]);
    const communeOfficer = await actor([{ role: 'unit_officer', unitId: commune }]);
    // Reads: Phi Liêng was Đam Rông's in 2024, not today; the clinic is judged on its last day, still Đam Rông's.
    expect(await requireUnit(handle.db, ended, 'org.read', p.phiLieng, '2024-05-01')).toMatchObject({
      id: p.phiLieng,
    });
    await rejects(requireUnit(handle.db, ended, 'org.read', p.phiLieng), 'out_of_scope');
    const listed = [p.phiLieng, closedSchool, p.lamHaSchool];
    expect(await unitsWithPermission(handle.db, ended, 'org.read', listed, '2024-05-01')).toEqual(
      new Set([p.phiLieng, closedSchool]),
    );
    expect(await unitsWithPermission(handle.db, ended, 'org.read', listed)).toEqual(new Set([closedSchool]));
    // Changes: never through the ended district, although a read of the clinic today is allowed.
    await rejects(requireUnit(handle.db, ended, 'org.write', closedSchool), 'out_of_scope');
    expect(await holdsOver(handle.db, ended, 'org.write', closedSchool)).toBe(false);
    expect(await unitsWithPermission(handle.db, ended, 'org.write', listed)).toEqual(new Set());
    expect(await unitsWithPermission(handle.db, ended, 'org.write', listed, '2024-05-01')).toEqual(new Set());
    // A change dated before the commune held Phi Liêng is refused; dated after, allowed.
    await rejects(
      requireUnit(handle.db, communeOfficer, 'org.write', p.phiLieng, '2025-06-30'),
      'out_of_scope',
    );
    expect(await requireUnit(handle.db, communeOfficer, 'org.write', p.phiLieng, '2025-08-01')).toMatchObject(
      {
        id: p.phiLieng,
      },
    );
    expect(
      await unitsWithPermission(handle.db, communeOfficer, 'org.write', [p.phiLieng], '2025-06-30'),
    ).toEqual(new Set());
    expect(
      await unitsWithPermission(handle.db, communeOfficer, 'org.write', [p.phiLieng], '2025-08-01'),
    ).toEqual(new Set([p.phiLieng]));
  });

  it('a back-dated change is judged on its date through live grants only: one on the ended district gives none', async () => {
    // Today the commune (alive) holds Phi Liêng; on 30/6/2025 Đam Rông (ended since) held it.
    const both = await actor([
      { role: 'unit_officer', unitId: commune },
      { role: 'unit_officer', unitId: p.damRong },
    ]);
    expect(await holdsOver(handle.db, both, 'org.read', p.phiLieng, '2025-06-30')).toBe(true);
    const change = await accessOver(handle.db, both, p.phiLieng, { write: true, effectiveOn: '2025-06-30' });
    expect(change.inScope).toBe(false);
    expect([...change.permissions]).toEqual([]);
    expect(await holdsOver(handle.db, both, 'org.write', p.phiLieng, '2025-06-30')).toBe(false);
    // A live grant above both owners (the province) covers the unit on both days.
    const province = await actor([{ role: 'unit_officer', unitId: p.province }]);
    expect(await holdsOver(handle.db, province, 'org.write', p.phiLieng, '2025-06-30')).toBe(true);
  });
});

describe('many units at once, and the tree questions', () => {
  it('unitsWithPermission answers a list; requireWithinScope refuses the first unit outside', async () => {
    const officer = await actor([{ role: 'unit_officer', unitId: p.lamHa }]);
    const allowed = await unitsWithPermission(handle.db, officer, 'members.write', [
      p.lamHaCoffee,
      p.lamHaSchool,
      p.eduSchool1,
      other.lamHaCoffee,
    ]);
    expect([...allowed].sort()).toEqual([p.lamHaCoffee, p.lamHaSchool].sort());
    await requireWithinScope(handle.db, officer, [p.lamHaCoffee, p.lamHa], { write: true });
    await rejects(
      requireWithinScope(handle.db, officer, [p.lamHaCoffee, p.eduSchool1], { write: true }),
      'out_of_scope',
    );
    await rejects(
      requireWithinScope(handle.db, officer, ['00000000-0000-4000-8000-000000000000'], { write: false }),
      'not_found',
    );
    const answers = await accessOverUnits(handle.db, officer, [
      p.lamHaCoffee,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect([...answers.keys()]).toEqual([p.lamHaCoffee]);
  });

  it('isUnder and topUnits follow the tree of the date', async () => {
    expect(await isUnder(handle.db, p.damRong, p.phiLieng, '2024-01-01')).toBe(true);
    expect(await isUnder(handle.db, p.damRong, p.phiLieng, REFORM)).toBe(false);
    expect(await isUnder(handle.db, commune, p.phiLieng, REFORM)).toBe(true);
    expect(await isUnder(handle.db, p.phiLieng, p.phiLieng, REFORM)).toBe(true);
    expect(await topUnits(handle.db, [p.phiLieng, p.damRong, p.lamHaCoffee], '2024-01-01')).toEqual([
      p.damRong,
      p.lamHaCoffee,
    ]);
    // After the reform Phi Liêng is no longer under Đam Rông (which ended: dropping dead units is the caller's).
    expect(await topUnits(handle.db, [p.phiLieng, p.damRong, p.lamHaCoffee], REFORM)).toEqual([
      p.phiLieng,
      p.damRong,
      p.lamHaCoffee,
    ]);
  });

  it('one closure query per date asked: a change dated another day asks two, dated today one', async () => {
    const officer = await actor([{ role: 'unit_officer', unitId: p.lamHa }]);
    const execute = vi.spyOn(handle.db, 'execute');
    try {
      const units = [p.lamHaSchool, p.lamHa, p.eduSchool1];
      const counted = async (options: Parameters<typeof accessOverUnits>[3]) => {
        execute.mockClear();
        const answers = await accessOverUnits(handle.db, officer, units, options);
        expect([...answers.keys()]).toEqual(units);
        return execute.mock.calls.length;
      };
      expect(await counted({})).toBe(1);
      expect(await counted({})).toBe(1); // no request's memory: asked again
      expect(await counted({ at: '2024-05-01' })).toBe(1);
      expect(await counted({ write: true })).toBe(1);
      expect(await counted({ write: true, effectiveOn: todayIso() })).toBe(1);
      expect(await counted({ write: true, effectiveOn: '2025-08-01' })).toBe(2);
      expect(await counted({ at: '2024-05-01', effectiveOn: '2025-08-01' })).toBe(1);
    } finally {
      execute.mockRestore();
    }
  });

  it('the request’s memory keeps each unit on each date apart and asks only for what it has not seen', async () => {
    const ended = await actor([{ role: 'unit_officer', unitId: p.damRong }]);
    startRequestScope(ended);
    const execute = vi.spyOn(handle.db, 'execute');
    try {
      const inScope = async (
        unitIds: string[],
        options: Parameters<typeof accessOverUnits>[3],
        queries: number,
      ) => {
        execute.mockClear();
        const answers = await accessOverUnits(handle.db, ended, unitIds, options);
        expect(execute.mock.calls.length, JSON.stringify(options)).toBe(queries);
        return unitIds.map((id) => answers.get(id)?.inScope);
      };
      expect(await inScope([p.phiLieng, p.lamHaSchool], { at: '2024-05-01' }, 1)).toEqual([true, false]);
      expect(await inScope([p.phiLieng, p.lamHaSchool], { at: '2024-05-01' }, 0)).toEqual([true, false]);
      expect(await inScope([p.phiLieng], {}, 1)).toEqual([false]);
      expect(await inScope([p.lamHaSchool, closedSchool, p.phiLieng], { at: '2024-05-01' }, 1)).toEqual([
        false,
        true,
        true,
      ]);
      // A change dated 1/5/2024 asks for today only: the effective date is already known.
      expect(await inScope([p.phiLieng], { write: true, effectiveOn: '2024-05-01' }, 0)).toEqual([false]);
      expect(await inScope([p.phiLieng, p.lamHa], { write: true, effectiveOn: '2024-05-01' }, 2)).toEqual([
        false,
        false,
      ]);
    } finally {
      execute.mockRestore();
    }
  });

  it('within one request, a unit asked twice is looked up once; a new request looks again', async () => {
    const officer = await actor([{ role: 'unit_officer', unitId: p.lamHa }]);
    startRequestScope(officer);
    const first = await accessOverUnits(handle.db, officer, [p.lamHaCoffee]);
    // The tree changes under the request: the answer it already has stands until the request ends.
    const moved = await foundAs(handle, {
      typeId: 'grassroots_union',
      name: 'CĐCS Trường Mầm non Tân Hà',
      parentId: p.lamHa,
      effectiveOn: '2010-01-01',
    });
    await handle.db.transaction((tx) =>
      applyPlan(tx, null, {
        kind: 'move',
        effectiveOn: '2020-01-01',
        moves: [{ unitId: p.lamHaCoffee, newParent: { id: p.education } }],
      }),
    );
    const again = await accessOverUnits(handle.db, officer, [p.lamHaCoffee, moved]);
    expect(again.get(p.lamHaCoffee)!.inScope).toBe(first.get(p.lamHaCoffee)!.inScope);
    expect(again.get(moved)!.inScope).toBe(true);
    const fresh = (await loadActor(handle.db, officer.userId))!;
    expect((await accessOver(handle.db, fresh, p.lamHaCoffee)).inScope).toBe(false);
  });
});
