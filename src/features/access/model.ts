/** Roles, permissions and the shape of a signed-in actor. */

export const ROLES = ['unit_admin', 'unit_officer', 'unit_viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role | 'system_admin', string> = {
  system_admin: 'Quản trị hệ thống',
  unit_admin: 'Quản trị đơn vị',
  unit_officer: 'Cán bộ đơn vị',
  unit_viewer: 'Xem thông tin đơn vị',
};

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'users.manage',
  'audit.read',
  'config.manage',
  'members.read',
  'members.write',
  'members.approve',
  'members.pii',
  'reports.read',
  'reports.write',
  'reports.approve',
  'reports.targets',
  'reports.catalogue',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each role may do on its unit and everything under it. `config.manage` belongs to system admins only. */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
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
    // Used only where the grant's unit is at the top of the tree (reporting/services/manage-catalogue.ts).
    'reports.catalogue',
  ],
  // Who may approve is still limited by the unit type's admit_members power: the grant must cover the approving unit.
  // Which unit approves a report is still limited by the unit type's approve_reports power (reporting/model.ts).
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
  // Viewers see members with CCCD and phone masked.
  unit_viewer: ['org.read', 'members.read', 'reports.read'],
};

/** The permissions that change something: a change is judged against today's tree (see scope.ts). */
const CHANGE_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'org.write',
  'users.manage',
  'members.write',
  'members.approve',
  'config.manage',
  'reports.write',
  'reports.approve',
  'reports.targets',
  'reports.catalogue',
]);

export function isWritePermission(permission: Permission): boolean {
  return CHANGE_PERMISSIONS.has(permission);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export interface Grant {
  id: string;
  role: Role;
  unitId: string;
}

export interface Actor {
  userId: string;
  username: string;
  fullName: string;
  isSystemAdmin: boolean;
  grants: Grant[];
  ip?: string | undefined;
}

/** The units from which the actor holds `permission` (their subtrees are the scope), or 'all'. */
export function scopeRoots(actor: Actor, permission: Permission): string[] | 'all' {
  if (actor.isSystemAdmin) return 'all';
  return [...new Set(actor.grants.filter((g) => roleAllows(g.role, permission)).map((g) => g.unitId))];
}

/** A role may be granted on a unit only by someone holding every permission of that role there. */
export function canGrant(held: ReadonlySet<Permission>, role: Role): boolean {
  return ROLE_PERMISSIONS[role].every((p) => held.has(p));
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
