/** Use-cases of access: signing in, sessions, scope checks, audit, and managing users and their roles. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { dayBefore, todayIso } from '../../lib/dates';
import { normalizeText } from '../../lib/text';
import * as store from './store';
import {
  canGrant,
  normalizeUsername,
  passwordProblem,
  roleAllows,
  scopeRoots,
  type Actor,
  type Permission,
  type Role,
} from './model';

export interface SessionPolicy {
  sessionHours: number;
  maxFailures: number;
  lockoutMinutes: number;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function loadActor(db: Database, userId: string, ip?: string): Promise<Actor | null> {
  const user = await store.findUser(db, userId);
  if (!user || user.disabled) return null;
  return {
    userId: user.id,
    username: user.username,
    fullName: user.fullName,
    isSystemAdmin: user.isSystemAdmin,
    grants: await store.grantsOf(db, user.id),
    ip,
  };
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

/** Checks the password, counts failures and locks the account after too many; opens a session. */
export async function logIn(
  db: Database,
  policy: SessionPolicy,
  input: { username: string; password: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<LoginResult> {
  const username = normalizeUsername(input.username);
  const user = await store.findUserByUsername(db, username);
  if (!user) {
    await recordAudit(db, null, {
      action: 'auth.login_failed',
      entity: 'user',
      entityId: username,
      after: { reason: 'unknown_user' },
    });
    throw new AppError('bad_credentials');
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError('account_locked', { minutes });
  }
  if (user.disabled) throw new AppError('account_disabled');
  if (!(await verify(user.passwordHash, input.password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= policy.maxFailures;
    await store.updateUser(db, user.id, {
      failedLogins: lock ? 0 : failures,
      lockedUntil: lock ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null,
    });
    await recordAudit(db, null, {
      action: lock ? 'auth.locked' : 'auth.login_failed',
      entity: 'user',
      entityId: user.id,
      after: { failures },
    });
    if (lock) throw new AppError('account_locked', { minutes: policy.lockoutMinutes });
    throw new AppError('bad_credentials');
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.sessionHours * 3600_000);
  await store.insertSession(db, {
    tokenHash: hashToken(token),
    userId: user.id,
    csrfToken,
    expiresAt,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  await store.updateUser(db, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
  const actor = await loadActor(db, user.id, input.ip);
  if (!actor) throw new AppError('account_disabled');
  await recordAudit(db, actor, { action: 'auth.login', entity: 'user', entityId: user.id });
  return { token, csrfToken, expiresAt, actor };
}

export async function resolveSession(
  db: Database,
  token: string,
  ip?: string,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const session = await store.findLiveSession(db, hashToken(token));
  if (!session) return null;
  const actor = await loadActor(db, session.userId, ip);
  return actor ? { actor, csrfToken: session.csrfToken } : null;
}

export async function logOut(db: Database, actor: Actor, token: string): Promise<void> {
  await store.deleteSession(db, hashToken(token));
  await recordAudit(db, actor, { action: 'auth.logout', entity: 'user', entityId: actor.userId });
}

// -------------------------------------------------------------------------------------------------------------
// Scope

export interface ScopedUnit {
  id: string;
  name: string;
  foundedOn: string;
  endedOn: string;
  federationId: string | null;
}

/**
 * Requires that the actor holds `permission` over `unitId`. The unit is judged where it stood on `date`
 * (default today), clamped into its lifetime so that a dissolved unit is judged on its last day.
 */
export async function requireUnit(
  db: Database,
  actor: Actor,
  permission: Permission,
  unitId: string,
  date?: string,
): Promise<ScopedUnit> {
  const unit = await store.unitLife(db, unitId);
  if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
  if (permission === 'config.manage' && !actor.isSystemAdmin) throw new AppError('forbidden');
  if (actor.isSystemAdmin) return unit;
  let at = date ?? todayIso();
  if (at >= unit.endedOn) at = dayBefore(unit.endedOn);
  if (at < unit.foundedOn) at = unit.foundedOn;
  const roots = scopeRoots(actor, permission);
  if (roots !== 'all' && (await store.rootsCoverUnit(db, roots, unitId, at))) return unit;
  const anyRoots = [...new Set(actor.grants.map((g) => g.unitId))];
  if (await store.rootsCoverUnit(db, anyRoots, unitId, at)) throw new AppError('forbidden');
  throw new AppError('out_of_scope');
}

export function requireSystemAdmin(actor: Actor): void {
  if (!actor.isSystemAdmin) throw new AppError('forbidden');
}

export function requireAnyGrant(actor: Actor, permission: Permission): string[] | 'all' {
  const roots = scopeRoots(actor, permission);
  if (roots !== 'all' && roots.length === 0) throw new AppError('forbidden');
  return roots;
}

// -------------------------------------------------------------------------------------------------------------
// Audit

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | null;
  unitId?: string | null;
  federationId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The audit row of an entry: who did it (none for the system) and from which address. */
function auditRow(actor: Actor | null, entry: AuditEntry) {
  return {
    actorId: actor?.userId ?? null,
    actorName: actor?.fullName ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    unitId: entry.unitId ?? null,
    federationId: entry.federationId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    ip: actor?.ip ?? null,
  };
}

export async function recordAudit(db: Database, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await store.insertAudit(db, auditRow(actor, entry));
}

/** Many audit records at once (a bulk restructuring writes one per unit). */
export async function recordAudits(db: Database, actor: Actor | null, entries: AuditEntry[]): Promise<void> {
  await store.insertAudits(
    db,
    entries.map((entry) => auditRow(actor, entry)),
  );
}

export async function listAudit(
  db: Database,
  actor: Actor,
  query: { unitId?: string | undefined; action?: string | undefined; page: number; pageSize: number },
) {
  if (query.unitId) await requireUnit(db, actor, 'audit.read', query.unitId);
  const roots = requireAnyGrant(actor, 'audit.read');
  return store.listAudit(db, roots, query, {
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
}

// -------------------------------------------------------------------------------------------------------------
// Users

export interface CreateUserInput {
  username: string;
  fullName: string;
  password: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  isSystemAdmin?: boolean | undefined;
  grants: { role: Role; unitId: string }[];
}

function passwordCheck(password: string, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('validation_failed', {}, [{ field, message: problem }]);
}

async function requireGrantable(db: Database, actor: Actor, role: Role, unitId: string): Promise<void> {
  await requireUnit(db, actor, 'users.manage', unitId);
  if (actor.isSystemAdmin) return;
  if (
    !canGrant(
      actor.grants.map((g) => g.role),
      role,
    )
  )
    throw new AppError('forbidden');
}

/** Creates a user with roles on units; `actor` null means the command line acting as the system. */
export async function createUser(db: Database, actor: Actor | null, input: CreateUserInput) {
  passwordCheck(input.password);
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
async function requireManageableUser(db: Database, actor: Actor, userId: string) {
  const user = await store.findUser(db, userId);
  if (!user) throw new AppError('not_found', { what: 'người dùng' });
  if (actor.isSystemAdmin) return user;
  if (user.isSystemAdmin) throw new AppError('forbidden');
  const grants = await store.grantsOf(db, userId);
  if (grants.length === 0) throw new AppError('forbidden');
  for (const grant of grants) await requireUnit(db, actor, 'users.manage', grant.unitId);
  return user;
}

export async function listUsers(db: Database, actor: Actor) {
  const roots = requireAnyGrant(actor, 'users.manage');
  const rows = await store.listUsersWithin(db, roots, todayIso());
  const grants = await store.grantsOfUsers(
    db,
    rows.map((r) => r.id),
  );
  const names = new Map<string, string>();
  for (const unitId of new Set(grants.map((g) => g.unitId))) {
    const unit = await store.unitLife(db, unitId);
    if (unit) names.set(unitId, unit.name);
  }
  return rows.map((r) => ({
    ...r,
    grants: grants
      .filter((g) => g.userId === r.id)
      .map((g) => ({
        id: g.id,
        role: g.role as Role,
        unitId: g.unitId,
        unitName: names.get(g.unitId) ?? '',
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
      before: { fullName: user.fullName, email: user.email, phone: user.phone, disabled: user.disabled },
      after: changes,
    });
  });
}

export async function setPassword(
  db: Database,
  actor: Actor,
  userId: string,
  password: string,
): Promise<void> {
  if (userId !== actor.userId) await requireManageableUser(db, actor, userId);
  passwordCheck(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await store.updateUser(tx, userId, { passwordHash, failedLogins: 0, lockedUntil: null });
    await store.deleteSessionsOf(tx, userId);
    await recordAudit(tx, actor, { action: 'user.password', entity: 'user', entityId: userId });
  });
}

export async function addGrant(
  db: Database,
  actor: Actor,
  userId: string,
  grant: { role: Role; unitId: string },
) {
  const user = await store.findUser(db, userId);
  if (!user) throw new AppError('not_found', { what: 'người dùng' });
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
  await requireUnit(db, actor, 'users.manage', grant.unitId);
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

export async function grantUnitNames(db: Database, actor: Actor): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const grant of actor.grants) {
    const unit = await store.unitLife(db, grant.unitId);
    if (unit) names.set(grant.unitId, unit.name);
  }
  return names;
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

/** The guard the HTTP layer calls before validation: is the object inside anything the actor holds? */
export function scopeGuard(db: Database) {
  return {
    resolveSession: (token: string, ip: string) => resolveSession(db, token, ip),
    checkUnit: async (actor: Actor, unitId: string, at?: string) => {
      await requireUnit(db, actor, 'org.read', unitId, at);
    },
    checkUser: async (actor: Actor, userId: string) => {
      if (userId === actor.userId) return;
      await requireManageableUser(db, actor, userId);
    },
    checkGrant: async (actor: Actor, grantId: string) => {
      const grant = await store.findGrant(db, grantId);
      if (!grant) throw new AppError('not_found', { what: 'vai trò' });
      await requireUnit(db, actor, 'users.manage', grant.unitId);
    },
  };
}
