/** Roles and permissions (access/model.ts): what each role may do, whose scope it makes, who may grant it. */
import { describe, expect, it } from 'vitest';
import {
  canGrant,
  isWritePermission,
  normalizeUsername,
  PERMISSIONS,
  ROLE_LABELS,
  roleAllows,
  ROLES,
  scopeRoots,
  type Actor,
  type Permission,
  type Role,
} from './model';

/** Every permission a role gives, read through roleAllows. */
const permissionsOf = (role: Role): Permission[] => PERMISSIONS.filter((p) => roleAllows(role, p));

describe('roles', () => {
  it('are named in Vietnamese, the system administrator too', () => {
    expect(ROLES).toEqual(['unit_admin', 'unit_officer', 'unit_viewer']);
    expect(ROLE_LABELS).toEqual({
      system_admin: 'Quản trị hệ thống',
      unit_admin: 'Quản trị đơn vị',
      unit_officer: 'Cán bộ đơn vị',
      unit_viewer: 'Xem thông tin đơn vị',
    });
  });

  it('give exactly these permissions on the unit and its subtree', () => {
    expect(permissionsOf('unit_admin')).toEqual([
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
    ]);
    expect(permissionsOf('unit_officer')).toEqual([
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
    ]);
    expect(permissionsOf('unit_viewer')).toEqual(['org.read', 'members.read', 'reports.read']);
  });

  it('never give the configuration of the system, and a viewer never sees personal data', () => {
    for (const role of ROLES) expect(roleAllows(role, 'config.manage'), role).toBe(false);
    expect(roleAllows('unit_viewer', 'members.pii')).toBe(false);
    expect(roleAllows('unit_officer', 'users.manage')).toBe(false);
    expect(roleAllows('unit_officer', 'audit.read')).toBe(false);
  });

  it('each permission is held by some role, except the configuration', () => {
    const held = new Set(ROLES.flatMap(permissionsOf));
    expect(PERMISSIONS.filter((p) => !held.has(p))).toEqual(['config.manage']);
  });
});

describe('changes and reads', () => {
  it('tells the permissions that change something from those that read', () => {
    expect(PERMISSIONS.filter(isWritePermission)).toEqual([
      'org.write',
      'users.manage',
      'config.manage',
      'members.write',
      'members.approve',
      'reports.write',
      'reports.approve',
      'reports.targets',
      'reports.catalogue',
    ]);
    expect(PERMISSIONS.filter((p) => !isWritePermission(p))).toEqual([
      'org.read',
      'audit.read',
      'members.read',
      'members.pii',
      'reports.read',
    ]);
  });
});

describe('scope roots', () => {
  const actor = (grants: [Role, string][], isSystemAdmin = false): Actor => ({
    userId: 'u1',
    username: 'lan',
    fullName: 'Nguyễn Thị Lan',
    isSystemAdmin,
    grants: grants.map(([role, unitId], i) => ({ id: `g${i}`, role, unitId })),
  });

  it('are the units of the grants whose role gives the permission, each once', () => {
    const lan = actor([
      ['unit_viewer', 'province'],
      ['unit_officer', 'district'],
      ['unit_admin', 'commune'],
      ['unit_officer', 'commune'],
    ]);
    expect(scopeRoots(lan, 'org.read')).toEqual(['province', 'district', 'commune']);
    expect(scopeRoots(lan, 'members.write')).toEqual(['district', 'commune']);
    expect(scopeRoots(lan, 'users.manage')).toEqual(['commune']);
    expect(scopeRoots(lan, 'config.manage')).toEqual([]);
  });

  it('are empty without grants, and everything for a system administrator', () => {
    expect(scopeRoots(actor([]), 'org.read')).toEqual([]);
    expect(scopeRoots(actor([], true), 'config.manage')).toBe('all');
    expect(scopeRoots(actor([['unit_viewer', 'x']], true), 'members.pii')).toBe('all');
  });
});

describe('granting a role', () => {
  const holding = (...roles: Role[]) => new Set(roles.flatMap(permissionsOf));

  it('needs every permission of that role, held on the unit', () => {
    expect(canGrant(holding('unit_admin'), 'unit_admin')).toBe(true);
    expect(canGrant(holding('unit_admin'), 'unit_officer')).toBe(true);
    expect(canGrant(holding('unit_admin'), 'unit_viewer')).toBe(true);
    expect(canGrant(holding('unit_officer'), 'unit_officer')).toBe(true);
    expect(canGrant(holding('unit_officer'), 'unit_viewer')).toBe(true);
    expect(canGrant(holding('unit_officer'), 'unit_admin')).toBe(false);
    expect(canGrant(holding('unit_viewer'), 'unit_officer')).toBe(false);
    expect(canGrant(holding('unit_viewer'), 'unit_viewer')).toBe(true);
    expect(canGrant(new Set(), 'unit_viewer')).toBe(false);
  });

  it('is refused when a single permission of the role is missing', () => {
    const almostAdmin = holding('unit_admin');
    almostAdmin.delete('audit.read');
    expect(canGrant(almostAdmin, 'unit_admin')).toBe(false);
    expect(canGrant(new Set<Permission>(['org.read']), 'unit_viewer')).toBe(false);
  });
});

describe('user names', () => {
  it('ignore case and the spaces around a user name', () => {
    expect(normalizeUsername('  NguyenLan ')).toBe('nguyenlan');
  });
});
