/**
 * What the HTTP layer asks of access before a route runs: the session's actor, and whether the units, user or grant a
 * request names are in the actor's scope. The answers stay with the actor for the rest of the request (scope.ts).
 */
import { DEFAULT_SESSION_IDLE_MINUTES } from '../../platform/config';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { ScopeGuard } from '../../platform/http';
import * as store from './store';
import type { Actor } from './model';
import { requireUnit, requireWithinScope, startRequestScope } from './scope';
import { resolveSession } from './services/sessions';
import { requireManageableUser } from './services/users';

declare module '../../platform/http' {
  // The HTTP layer's signed-in user is the access feature's actor (declaration merging adds Actor's members).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into platform/http's interface
  interface RequestActor extends Actor {}
}

/** The guard the HTTP layer calls before validation. */
export function scopeGuard(
  db: Database,
  sessions: { idleMinutes: number } = { idleMinutes: DEFAULT_SESSION_IDLE_MINUTES },
): ScopeGuard {
  return {
    resolveSession: async (token, ip) => {
      const session = await resolveSession(db, token, ip, sessions.idleMinutes);
      if (session) startRequestScope(session.actor);
      return session;
    },
    checkUnits: (actor, unitIds, options) => requireWithinScope(db, actor, unitIds, options),
    checkUser: async (actor, userId) => {
      if (userId === actor.userId) return;
      await requireManageableUser(db, actor, userId);
    },
    checkGrant: async (actor, grantId) => {
      const grant = await store.findGrant(db, grantId);
      if (!grant) throw new AppError('not_found', { what: 'vai trò' });
      await requireUnit(db, actor, 'users.manage', grant.unitId);
    },
  };
}
