/** The one scope API: which permissions an actor holds over a unit on a date, and which ids it may touch. */
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { dayBefore, todayIso } from '../../lib/dates';
import * as store from './store';
import { scopeRoots, type Actor, type Permission } from './model';

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
