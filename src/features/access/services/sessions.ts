/** Signing in and out: passwords, the failure counter and lock-out, sessions and the actor they carry. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import * as store from '../store';
import { normalizeUsername, type Actor } from '../model';
import { recordAudit } from './audit';

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
