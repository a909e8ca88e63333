/**
 * Signing in and out: passwords, the failure counter and lock-out, sessions and the actor they carry.
 *
 * What a login answers, decided so that a guesser learns nothing a wrong password would not tell them:
 * - every attempt costs one argon2 verification, against the user's hash or, for an unknown user and a locked
 *   account, against a dummy hash: unknown and known users take the same time;
 * - an unknown user and a wrong password answer alike: 401 bad_credentials, the same body;
 * - a locked account answers 423 whatever the password (checked against the dummy hash, never against its own):
 *   the lock says the account exists, which repeated failures at that name reveal anyway, but never whether the
 *   password was right, so guessing does not go on during the lock;
 * - a disabled account answers 403 account_disabled only to the right password; a wrong one is an ordinary 401.
 * The failure counter counts each attempt before its password is checked, in one conditional UPDATE: parallel
 * attempts each take their own number, the one reaching LOGIN_MAX_FAILURES locks the account, and the attempts
 * after it are refused without their password being checked. At most LOGIN_MAX_FAILURES passwords are therefore
 * checked per lock period, however many arrive at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DEFAULT_SESSION_IDLE_MINUTES } from '../../../platform/config';
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import * as store from '../store';
import { normalizeUsername, type Actor } from '../model';
import { recordAudit } from './audit';

export interface SessionPolicy {
  sessionHours: number;
  /** A session not used for this long ends. */
  idleMinutes: number;
  maxFailures: number;
  lockoutMinutes: number;
}

/** A session's last use is written at most this often, not on every request. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** argon2id, through one object so that a test can count the verifications a login makes. */
export const passwordHashing = {
  hash: (password: string): Promise<string> => hash(password),
  verify: (passwordHash: string, password: string): Promise<boolean> => verify(passwordHash, password),
};

export function hashPassword(password: string): Promise<string> {
  return passwordHashing.hash(password);
}

let dummyHash: Promise<string> | undefined;

/** A hash no password matches, made once with today's parameters so that checking it costs what a real one does. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
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

function minutesLeft(lockedUntil: Date | null, now: Date, fallback: number): number {
  if (!lockedUntil || lockedUntil <= now) return fallback;
  return Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000);
}

export type PasswordAttempt =
  | { outcome: 'right' }
  | { outcome: 'wrong'; failures: number; locked: boolean }
  | { outcome: 'locked'; minutes: number };

/**
 * One counted check of a user's password (logging in, or confirming the current password before changing it):
 * the attempt is counted first, then the password is checked unless the account is locked.
 */
export async function attemptPassword(
  db: Database,
  policy: Pick<SessionPolicy, 'maxFailures' | 'lockoutMinutes'>,
  user: store.UserRow,
  password: string,
): Promise<PasswordAttempt> {
  const now = new Date();
  const claim = await store.claimLoginAttempt(db, user.id, {
    maxFailures: policy.maxFailures,
    now,
    lockUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000),
  });
  if (!claim) {
    await passwordHashing.verify(await dummyPasswordHash(), password);
    const current = await store.findUser(db, user.id);
    return {
      outcome: 'locked',
      minutes: minutesLeft(current?.lockedUntil ?? null, now, policy.lockoutMinutes),
    };
  }
  if (await passwordHashing.verify(user.passwordHash, password)) return { outcome: 'right' };
  return { outcome: 'wrong', failures: claim.attempt, locked: claim.lockedUntil !== null };
}

/** Writes the audit row of a failed attempt and throws what the person is told. */
async function refuse(
  db: Database,
  policy: Pick<SessionPolicy, 'lockoutMinutes'>,
  user: store.UserRow,
  attempt: Exclude<PasswordAttempt, { outcome: 'right' }>,
  ip: string | undefined,
  onWrong: () => AppError,
): Promise<never> {
  if (attempt.outcome === 'locked') throw new AppError('account_locked', { minutes: attempt.minutes });
  await recordAudit(db, null, {
    action: attempt.locked ? 'auth.locked' : 'auth.login_failed',
    entity: 'user',
    entityId: user.id,
    after: { failures: attempt.failures },
    ip,
  });
  if (attempt.locked) throw new AppError('account_locked', { minutes: policy.lockoutMinutes });
  throw onWrong();
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
    await passwordHashing.verify(await dummyPasswordHash(), input.password);
    await recordAudit(db, null, {
      action: 'auth.login_failed',
      entity: 'user',
      entityId: username,
      after: { reason: 'unknown_user' },
      ip: input.ip,
    });
    throw new AppError('bad_credentials');
  }
  const attempt = await attemptPassword(db, policy, user, input.password);
  if (attempt.outcome !== 'right')
    return refuse(db, policy, user, attempt, input.ip, () => new AppError('bad_credentials'));
  if (user.disabled) throw new AppError('account_disabled');
  const now = new Date();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.sessionHours * 3600_000);
  const actor = await db.transaction(async (tx) => {
    await store.insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      lastSeenAt: now,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await store.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    const signedIn = await loadActor(tx, user.id, input.ip);
    if (!signedIn) throw new AppError('account_disabled');
    await recordAudit(tx, signedIn, { action: 'auth.login', entity: 'user', entityId: user.id });
    return signedIn;
  });
  return { token, csrfToken, expiresAt, actor };
}

/**
 * The actor of a session token, or null when the session does not exist, has expired or has been idle longer than
 * `idleMinutes`. Its last use is written at most once a minute.
 */
export async function resolveSession(
  db: Database,
  token: string,
  ip?: string,
  idleMinutes = DEFAULT_SESSION_IDLE_MINUTES,
): Promise<{ actor: Actor; csrfToken: string } | null> {
  const now = new Date();
  const tokenHash = hashToken(token);
  const session = await store.findLiveSession(db, tokenHash, {
    now,
    seenSince: new Date(now.getTime() - idleMinutes * 60_000),
  });
  if (!session) return null;
  const actor = await loadActor(db, session.userId, ip);
  if (!actor) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS)
    await store.touchSession(db, tokenHash, now, new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS));
  return { actor, csrfToken: session.csrfToken };
}

/** Deletes the sessions that have ended (past their end, or idle `idleMinutes`): the scheduled session clean-up. */
export function removeEndedSessions(
  db: Database,
  idleMinutes = DEFAULT_SESSION_IDLE_MINUTES,
): Promise<number> {
  const now = new Date();
  return store.deleteExpiredSessions(db, now, new Date(now.getTime() - idleMinutes * 60_000));
}

export async function logOut(db: Database, actor: Actor, token: string): Promise<void> {
  await store.deleteSession(db, hashToken(token));
  await recordAudit(db, actor, { action: 'auth.logout', entity: 'user', entityId: actor.userId });
}

/**
 * The signed-in user changes their own password: the current one is asked first and checked like a login (a wrong
 * one counts as a failed login and can lock the account), so that a session left open is not enough to take the
 * account over.
 */
export async function confirmCurrentPassword(
  db: Database,
  policy: Pick<SessionPolicy, 'maxFailures' | 'lockoutMinutes'>,
  actor: Actor,
  currentPassword: string,
): Promise<void> {
  const user = await store.findUser(db, actor.userId);
  if (!user) throw new AppError('not_authenticated');
  const attempt = await attemptPassword(db, policy, user, currentPassword);
  if (attempt.outcome === 'right') return;
  await refuse(
    db,
    policy,
    user,
    attempt,
    actor.ip,
    () =>
      new AppError('validation_failed', {}, [
        { field: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' },
      ]),
  );
}
