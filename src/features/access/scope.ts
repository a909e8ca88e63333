/**
 * The one scope API: which permissions an actor holds over a unit on a date, and which units it may touch. Every
 * answer comes from one closure query (store.unitCovers) and is kept for the rest of the request, so the HTTP guard
 * and the service that follows it ask the database once.
 *
 * Reads may be historical: a unit is judged where it stood on the date asked. A change is authorised against today's
 * tree, through grants on units that are alive today; a change with another effective date (back-dated or planned)
 * also needs the unit in scope on that date.
 */
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { todayIso } from '../../lib/dates';
import * as store from './store';
import { isWritePermission, PERMISSIONS, roleAllows, scopeRoots, type Actor, type Permission } from './model';

export interface ScopedUnit {
  id: string;
  name: string;
  foundedOn: string;
  endedOn: string;
  federationId: string | null;
}

/** What the actor holds over one unit. `inScope`: some grant of the actor covers the unit, whatever its role. */
export interface UnitAccess {
  unit: ScopedUnit;
  permissions: ReadonlySet<Permission>;
  inScope: boolean;
}

export interface AccessOptions {
  /** The day a read is judged on (default today). Ignored for a change, which is judged on today. */
  at?: string | undefined;
  /** A change: judged on today, through grants on units alive today. */
  write?: boolean | undefined;
  /** The effective date of a change, when not today: the unit must also be in scope then. */
  effectiveOn?: string | undefined;
}

// -------------------------------------------------------------------------------------------------------------
// The request's memory: the guard starts it for the actor of a session; the actor object lives one request.

type Covers = Map<string, store.UnitCover>;
const requestMemos = new WeakMap<Actor, Map<string, Promise<store.UnitCover | undefined>>>();

/** Keeps the scope answers for this actor object until it is dropped (the end of the HTTP request). */
export function startRequestScope(actor: Actor): void {
  requestMemos.set(actor, new Map());
}

async function coversOn(
  db: Database,
  actor: Actor,
  unitIds: readonly string[],
  date: string,
  today: string,
): Promise<Covers> {
  const grantUnits = [...new Set(actor.grants.map((g) => g.unitId))];
  const memo = requestMemos.get(actor);
  const key = (id: string) => `${today}|${date}|${id}`;
  const missing = memo ? unitIds.filter((id) => !memo.has(key(id))) : [...unitIds];
  if (missing.length) {
    const loading = store.unitCovers(db, grantUnits, missing, date, today);
    if (memo)
      for (const id of missing)
        memo.set(
          key(id),
          loading.then((rows) => rows.find((r) => r.id === id)),
        );
    else {
      const rows = await loading;
      return new Map(rows.map((r) => [r.id, r]));
    }
  }
  const found: Covers = new Map();
  for (const id of unitIds) {
    const cover = await memo!.get(key(id));
    if (cover) found.set(id, cover);
  }
  return found;
}

function permissionsFrom(
  actor: Actor,
  covering: readonly { id: string; aliveToday: boolean }[],
  write: boolean,
) {
  const units = new Set(covering.filter((c) => !write || c.aliveToday).map((c) => c.id));
  const held = new Set<Permission>();
  for (const grant of actor.grants) {
    if (!units.has(grant.unitId)) continue;
    for (const p of ALL_UNIT_PERMISSIONS) if (roleAllows(grant.role, p)) held.add(p);
  }
  return { held, inScope: units.size > 0 };
}

/** Every permission a role on a unit can give (configuration belongs to system administrators only). */
const ALL_UNIT_PERMISSIONS: readonly Permission[] = PERMISSIONS.filter((p) => p !== 'config.manage');

/**
 * What the actor holds over each of `unitIds` (absent: no such unit). One closure query for the whole list per date
 * asked, none for a date already asked in this request.
 */
export async function accessOverUnits(
  db: Database,
  actor: Actor,
  unitIds: readonly string[],
  options: AccessOptions = {},
): Promise<Map<string, UnitAccess>> {
  const today = todayIso();
  const write = options.write ?? false;
  const first = write ? today : (options.at ?? today);
  const dates = [first];
  if (write && options.effectiveOn && options.effectiveOn !== today) dates.push(options.effectiveOn);
  const answers = new Map<string, UnitAccess>();
  const perDate = await Promise.all(dates.map((d) => coversOn(db, actor, unitIds, d, today)));
  for (const id of unitIds) {
    const covers = perDate.map((c) => c.get(id));
    const cover = covers[0];
    if (!cover) continue;
    const unit: ScopedUnit = {
      id: cover.id,
      name: cover.name,
      foundedOn: cover.foundedOn,
      endedOn: cover.endedOn,
      federationId: cover.federationId,
    };
    if (actor.isSystemAdmin) {
      answers.set(id, {
        unit,
        permissions: new Set([...ALL_UNIT_PERMISSIONS, 'config.manage']),
        inScope: true,
      });
      continue;
    }
    // A change needs each permission on every date it touches: the intersection.
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: unitCovers gives every existing unit a row on any date, its covering never null
    const got = covers.map((c) => permissionsFrom(actor, c?.covering ?? [], write));
    const permissions = new Set(ALL_UNIT_PERMISSIONS.filter((p) => got.every((g) => g.held.has(p))));
    answers.set(id, { unit, permissions, inScope: got.every((g) => g.inScope) });
  }
  return answers;
}

/** What the actor holds over one unit; 404 when there is no such unit. */
export async function accessOver(
  db: Database,
  actor: Actor,
  unitId: string,
  options: AccessOptions = {},
): Promise<UnitAccess> {
  const access = (await accessOverUnits(db, actor, [unitId], options)).get(unitId);
  if (!access) throw new AppError('not_found', { what: 'đơn vị' });
  return access;
}

function refusal(access: UnitAccess): AppError {
  return new AppError(access.inScope ? 'forbidden' : 'out_of_scope');
}

/**
 * Requires that the actor holds `permission` over `unitId`. A read permission is judged on `date` (default today);
 * a change permission on today, and also on `date` when it is another day (the change's effective date).
 */
export async function requireUnit(
  db: Database,
  actor: Actor,
  permission: Permission,
  unitId: string,
  date?: string,
): Promise<ScopedUnit> {
  if (permission === 'config.manage' && !actor.isSystemAdmin) throw new AppError('forbidden');
  const write = isWritePermission(permission);
  const access = await accessOver(db, actor, unitId, write ? { write, effectiveOn: date } : { at: date });
  if (!access.permissions.has(permission)) throw refusal(access);
  return access.unit;
}

/** Whether the actor holds `permission` over `unitId` (judged as requireUnit does), without throwing. */
export async function holdsOver(
  db: Database,
  actor: Actor,
  permission: Permission,
  unitId: string,
  date?: string,
): Promise<boolean> {
  const write = isWritePermission(permission);
  const access = (
    await accessOverUnits(db, actor, [unitId], write ? { write, effectiveOn: date } : { at: date })
  ).get(unitId);
  return access?.permissions.has(permission) ?? false;
}

/** The units among `unitIds` over which the actor holds `permission` (judged as requireUnit does). */
export async function unitsWithPermission(
  db: Database,
  actor: Actor,
  permission: Permission,
  unitIds: readonly string[],
  date?: string,
): Promise<Set<string>> {
  const write = isWritePermission(permission);
  const answers = await accessOverUnits(
    db,
    actor,
    unitIds,
    write ? { write, effectiveOn: date } : { at: date },
  );
  return new Set([...answers].filter(([, a]) => a.permissions.has(permission)).map(([id]) => id));
}

/** The guard's question: is the unit inside anything the actor holds (on `at` for a read, today for a change)? */
export async function requireWithinScope(
  db: Database,
  actor: Actor,
  unitIds: readonly string[],
  options: AccessOptions,
): Promise<void> {
  const answers = await accessOverUnits(db, actor, unitIds, options);
  for (const id of unitIds) {
    const access = answers.get(id);
    if (!access) throw new AppError('not_found', { what: 'đơn vị' });
    if (!access.inScope) throw new AppError('out_of_scope');
  }
}

// -------------------------------------------------------------------------------------------------------------
// The tree questions every feature asks about scope

/** Whether `unitId` is `ancestorId` or below it on `date`. */
export async function isUnder(
  db: Database,
  ancestorId: string,
  unitId: string,
  date: string,
): Promise<boolean> {
  return (await store.underPairs(db, [ancestorId], [unitId], date)).length > 0;
}

/** The units among `unitIds` that are `ancestorId` or below it on `date` (one closure query for the whole list). */
export async function unitsUnder(
  db: Database,
  ancestorId: string,
  unitIds: readonly string[],
  date: string,
): Promise<Set<string>> {
  return new Set((await store.underPairs(db, [ancestorId], unitIds, date)).map((p) => p.unitId));
}

/** The units among `unitIds` that are not under another of them on `date`: the tops of the actor's subtrees. */
export async function topUnits(db: Database, unitIds: readonly string[], date: string): Promise<string[]> {
  const pairs = await store.underPairs(db, unitIds, unitIds, date);
  const below = new Set(pairs.filter((p) => p.ancestorId !== p.unitId).map((p) => p.unitId));
  return unitIds.filter((id) => !below.has(id));
}

export function requireSystemAdmin(actor: Actor): void {
  if (!actor.isSystemAdmin) throw new AppError('forbidden');
}

/** The tops of the subtrees where the actor holds `permission` ('all' for a system administrator); 403 if none. */
export function requireAnyGrant(actor: Actor, permission: Permission): string[] | 'all' {
  const roots = scopeRoots(actor, permission);
  if (roots !== 'all' && roots.length === 0) throw new AppError('forbidden');
  return roots;
}
