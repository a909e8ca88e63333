/**
 * Tests only. Until access/model.ts grants the members.* permissions to the unit roles (the change is in the
 * members report), this wraps the access model so tests can act as ordinary unit users:
 *
 *   vi.mock('../access/model', async (original) =>
 *     (await import('./test-permissions')).withMemberPermissions(await original()));
 *
 * Once ROLE_PERMISSIONS lists them, the wrapper changes nothing and the vi.mock lines can go.
 */
import type * as AccessModel from '../access/model';

type AccessModule = typeof AccessModel;

const PENDING: Record<string, readonly string[]> = {
  unit_admin: ['members.read', 'members.write', 'members.approve', 'members.pii'],
  unit_officer: ['members.read', 'members.write', 'members.approve', 'members.pii'],
  unit_viewer: ['members.read'],
};

export function withMemberPermissions(original: AccessModule): AccessModule {
  const roleAllows: AccessModule['roleAllows'] = (role, permission) =>
    original.roleAllows(role, permission) || (PENDING[role]?.includes(permission) ?? false);
  const scopeRoots: AccessModule['scopeRoots'] = (actor, permission) =>
    actor.isSystemAdmin
      ? 'all'
      : [...new Set(actor.grants.filter((g) => roleAllows(g.role, permission)).map((g) => g.unitId))];
  return { ...original, roleAllows, scopeRoots };
}
