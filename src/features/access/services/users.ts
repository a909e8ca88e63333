/** Managing users and their roles on units. */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { todayIso } from '../../../lib/dates';
import { normalizeText } from '../../../lib/text';
import * as store from '../store';
import { canGrant, normalizeUsername, roleAllows, type Actor, type Permission, type Role } from '../model';
import { accessOver, requireAnyGrant, requireSystemAdmin, requireUnit, unitsWithPermission } from '../scope';
import { recordAudit } from './audit';
import { requireStrongPassword } from './password-strength';
import { confirmCurrentPassword, hashPassword, type SessionPolicy } from './sessions';

export interface CreateUserInput {
  username: string;
  fullName: string;
  password: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  isSystemAdmin?: boolean | undefined;
  grants: { role: Role; unitId: string }[];
}

/** A role may be given on a unit by someone who manages users there and holds every permission of that role there. */
async function requireGrantable(db: Database, actor: Actor, role: Role, unitId: string): Promise<void> {
  await requireUnit(db, actor, 'users.manage', unitId);
  if (actor.isSystemAdmin) return;
  const { permissions } = await accessOver(db, actor, unitId, { write: true });
  if (!canGrant(permissions, role)) throw new AppError('forbidden');
}

/** Creates a user with roles on units; `actor` null means the command line acting as the system. */
export async function createUser(db: Database, actor: Actor | null, input: CreateUserInput) {
  await requireStrongPassword(db, input.password, {
    username: input.username,
    fullName: input.fullName,
    unitIds: input.grants.map((g) => g.unitId),
  });
  if (actor) {
    if (input.isSystemAdmin) requireSystemAdmin(actor);
    if (!actor.isSystemAdmin && input.grants.length === 0)
      throw new AppError('validation_failed', {}, [
        { field: 'grants', message: 'Cần gán ít nhất một vai trò trên một đơn vị.' },
      ]);
    for (const grant of input.grants) await requireGrantable(db, actor, grant.role, grant.unitId);
  }
  const username = normalizeUsername(input.username);
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) {
    throw new AppError('validation_failed', {}, [
      {
        field: 'username',
        message: 'Tên đăng nhập gồm 3–40 ký tự: chữ không dấu, số, dấu chấm, gạch ngang.',
      },
    ]);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await store.findUserByUsername(tx, username)) throw new AppError('username_taken', { username });
    const user = await store.insertUser(tx, {
      username,
      fullName: normalizeText(input.fullName),
      email: input.email ?? null,
      phone: input.phone ?? null,
      passwordHash,
      isSystemAdmin: input.isSystemAdmin ?? false,
    });
    for (const grant of input.grants) {
      await store.insertGrant(tx, {
        userId: user.id,
        role: grant.role,
        unitId: grant.unitId,
        grantedBy: actor?.userId ?? null,
      });
    }
    const unitId = input.grants[0]?.unitId ?? null;
    await recordAudit(tx, actor, {
      action: 'user.create',
      entity: 'user',
      entityId: user.id,
      unitId,
      after: { username, fullName: user.fullName, isSystemAdmin: user.isSystemAdmin, grants: input.grants },
    });
    return user;
  });
}

/** The actor may manage a user when every unit the user holds a role on is in the actor's scope. */
export async function requireManageableUser(db: Database, actor: Actor, userId: string) {
  const user = await store.findUser(db, userId);
  if (!user) throw new AppError('not_found', { what: 'người dùng' });
  if (actor.isSystemAdmin) return user;
  if (user.isSystemAdmin) throw new AppError('forbidden');
  const grants = await store.grantsOf(db, userId);
  if (grants.length === 0) throw new AppError('forbidden');
  const units = [...new Set(grants.map((g) => g.unitId))];
  const managed = await unitsWithPermission(db, actor, 'users.manage', units);
  if (units.some((id) => !managed.has(id))) throw new AppError('forbidden');
  return user;
}

/** The unit an audit row about a user is filed under: the first unit the user holds a role on. */
async function userUnit(db: Database, userId: string): Promise<string | null> {
  return (await store.grantsOf(db, userId))[0]?.unitId ?? null;
}

export async function listUsers(db: Database, actor: Actor) {
  const roots = requireAnyGrant(actor, 'users.manage');
  const rows = await store.listUsersWithin(db, roots, todayIso());
  const grants = await store.grantsOfUsers(
    db,
    rows.map((r) => r.id),
  );
  const units = await store.unitNamesAndEnds(
    db,
    grants.map((g) => g.unitId),
  );
  return rows.map((r) => ({
    ...r,
    grants: grants
      .filter((g) => g.userId === r.id)
      .map((g) => ({
        id: g.id,
        role: g.role as Role,
        unitId: g.unitId,
        ...grantUnitView(units.get(g.unitId)),
      })),
  }));
}

export async function getUser(db: Database, actor: Actor, userId: string) {
  const user = await requireManageableUser(db, actor, userId);
  return { user, grants: await store.grantsOf(db, userId) };
}

export async function updateUser(
  db: Database,
  actor: Actor,
  userId: string,
  input: {
    fullName?: string | undefined;
    email?: string | null | undefined;
    phone?: string | null | undefined;
    disabled?: boolean | undefined;
    unlock?: boolean | undefined;
  },
) {
  const user = await requireManageableUser(db, actor, userId);
  const changes: Partial<store.UserRow> = {};
  if (input.fullName !== undefined) changes.fullName = normalizeText(input.fullName);
  if (input.email !== undefined) changes.email = input.email;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.disabled !== undefined) changes.disabled = input.disabled;
  if (input.unlock) {
    changes.lockedUntil = null;
    changes.failedLogins = 0;
  }
  await db.transaction(async (tx) => {
    await store.updateUser(tx, userId, changes);
    if (input.disabled) await store.deleteSessionsOf(tx, userId);
    await recordAudit(tx, actor, {
      action: 'user.update',
      entity: 'user',
      entityId: userId,
      unitId: await userUnit(tx, userId),
      before: { fullName: user.fullName, email: user.email, phone: user.phone, disabled: user.disabled },
      after: changes,
    });
  });
}

/** An administrator sets another user's password; one's own is changed with changeOwnPassword. */
export async function setPassword(
  db: Database,
  actor: Actor,
  userId: string,
  password: string,
): Promise<void> {
  if (userId === actor.userId)
    throw new AppError('validation_failed', {}, [
      { field: 'currentPassword', message: 'Nhập mật khẩu hiện tại để đổi mật khẩu của chính mình.' },
    ]);
  await requireManageableUser(db, actor, userId);
  await requireStrongPassword(db, password, { userId });
  await writePassword(db, actor, userId, password);
}

/**
 * The signed-in user changes their own password: the new one must pass the rule, then the current one is checked
 * like a login (a wrong one counts towards the lock-out), so that a session left open is not enough to take over.
 */
export async function changeOwnPassword(
  db: Database,
  policy: Pick<SessionPolicy, 'maxFailures' | 'lockoutMinutes'>,
  actor: Actor,
  input: { currentPassword: string; password: string },
): Promise<void> {
  await requireStrongPassword(db, input.password, { userId: actor.userId });
  await confirmCurrentPassword(db, policy, actor, input.currentPassword);
  await writePassword(db, actor, actor.userId, input.password);
}

async function writePassword(db: Database, actor: Actor, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await store.updateUser(tx, userId, { passwordHash, failedLogins: 0, lockedUntil: null });
    await store.deleteSessionsOf(tx, userId);
    await recordAudit(tx, actor, {
      action: 'user.password',
      entity: 'user',
      entityId: userId,
      unitId: await userUnit(tx, userId),
    });
  });
}

export async function addGrant(
  db: Database,
  actor: Actor,
  userId: string,
  grant: { role: Role; unitId: string },
) {
  // The user given the role must be one the actor manages (every role they hold lies in the actor's scope).
  await requireManageableUser(db, actor, userId);
  await requireGrantable(db, actor, grant.role, grant.unitId);
  return db.transaction(async (tx) => {
    const created = await store.insertGrant(tx, {
      userId,
      role: grant.role,
      unitId: grant.unitId,
      grantedBy: actor.userId,
    });
    await recordAudit(tx, actor, {
      action: 'user.grant',
      entity: 'role_grant',
      entityId: created.id,
      unitId: grant.unitId,
      after: { userId, ...grant },
    });
    return created;
  });
}

export async function removeGrant(db: Database, actor: Actor, grantId: string): Promise<void> {
  const grant = await store.findGrant(db, grantId);
  if (!grant) throw new AppError('not_found', { what: 'vai trò' });
  await requireManageableUser(db, actor, grant.userId);
  await db.transaction(async (tx) => {
    await store.deleteGrant(tx, grantId);
    await recordAudit(tx, actor, {
      action: 'user.revoke',
      entity: 'role_grant',
      entityId: grantId,
      unitId: grant.unitId,
      before: grant,
    });
  });
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.isSystemAdmin || actor.grants.some((g) => roleAllows(g.role, permission));
}

export const countUsers = store.countUsers;

/** A grant's unit as the views show it: its name, and the day it ended when it has (a role there gives nothing now). */
function grantUnitView(unit: { name: string; endedOn: string } | undefined) {
  return {
    unitName: unit?.name ?? '',
    unitEndedOn: unit && unit.endedOn <= todayIso() ? unit.endedOn : null,
  };
}

/** The actor's grants as GET /api/auth/me shows them: each unit named, with its end day when it has ended. */
export async function grantViews(db: Database, actor: Actor) {
  const units = await store.unitNamesAndEnds(
    db,
    actor.grants.map((g) => g.unitId),
  );
  return actor.grants.map((g) => ({ ...g, ...grantUnitView(units.get(g.unitId)) }));
}

export function userView(user: store.UserRow, grants: { id: string; role: Role; unitId: string }[]) {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    email: user.email,
    phone: user.phone,
    isSystemAdmin: user.isSystemAdmin,
    disabled: user.disabled,
    lockedUntil: user.lockedUntil ? user.lockedUntil.toISOString() : null,
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
    grants,
  };
}
