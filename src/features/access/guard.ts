/** What the HTTP layer asks of access before a route runs: the session's actor, and whether the named objects are in scope. */
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import * as store from './store';
import type { Actor } from './model';
import { requireUnit } from './scope';
import { resolveSession } from './services/sessions';
import { requireManageableUser } from './services/users';

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
