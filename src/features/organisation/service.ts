/** Use-cases of the organisation: reading the tree as of a date, and each restructuring event as a plan. */
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { OPEN_END, todayIso } from '../../lib/dates';
import { compareVietnamese, foldVietnamese, normalizeText } from '../../lib/text';
import type { Actor } from '../access/model';
import { scopeRoots } from '../access/model';
import { recordAudit, requireSystemAdmin, requireUnit, topUnits } from '../access/service';
import * as store from './store';
import {
  restructure,
  type EventMeta,
  type NewUnitSpec,
  type RestructurePlan,
  type UnitRef,
} from './services/restructure';
import type { Power } from './model';
import { defaultUnitGroups, defaultUnitTypeRules, defaultUnitTypes } from './reference-data';

export { restructure, applyPlan } from './services/restructure';
export type { RestructurePlan, NewUnitSpec, UnitRef, EventMeta } from './services/restructure';

/** Loads the default unit types, placement rules and groups where they are missing. */
export async function ensureReferenceData(db: Database): Promise<void> {
  await store.insertReferenceData(
    db,
    defaultUnitTypes.map((t, i) => ({
      ...t,
      validTo: t.validTo ?? OPEN_END,
      legalBasis: t.legalBasis ?? null,
      sortOrder: i,
    })),
    defaultUnitTypeRules.map((r) => ({
      parentTypeId: r.parent,
      childTypeId: r.child,
      validFrom: r.validFrom,
      validTo: r.validTo ?? OPEN_END,
    })),
    defaultUnitGroups,
  );
}

const byName = (a: { name: string }, b: { name: string }) => compareVietnamese(a.name, b.name);

// -------------------------------------------------------------------------------------------------------------
// Reads

/** The units the actor starts from on a date: the top of each of their subtrees (all roots for a system admin). */
export async function listRoots(db: Database, actor: Actor, date = todayIso()) {
  const roots = scopeRoots(actor, 'org.read');
  let ids: string[];
  if (roots === 'all') ids = await store.rootIdsAtDate(db, date);
  else ids = await topUnits(db, roots, date);
  const rows = await store.unitsAtDate(db, ids, date);
  return rows.filter((r) => r.foundedOn <= date && date < r.endedOn).sort(byName);
}

export async function listChildren(db: Database, actor: Actor, unitId: string, date = todayIso()) {
  await requireUnit(db, actor, 'org.read', unitId, date);
  return (await store.childrenAtDate(db, unitId, date)).sort(byName);
}

export async function listSubtree(db: Database, actor: Actor, unitId: string, date = todayIso()) {
  await requireUnit(db, actor, 'org.read', unitId, date);
  return store.subtreeUnitsAtDate(db, unitId, date);
}

export async function getUnit(db: Database, actor: Actor, unitId: string, date = todayIso()) {
  await requireUnit(db, actor, 'org.read', unitId, date);
  const unit = await store.findUnit(db, unitId);
  if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
  const [row] = await store.unitsAtDate(db, [unitId], date);
  // Outside the unit's life there is no "as of" picture of it.
  const atDate = row && row.foundedOn <= date && date < row.endedOn ? row : undefined;
  const ancestors = await store.ancestorsAtDate(db, unitId, date);
  const ancestorRows = await store.unitsAtDate(
    db,
    ancestors.map((a) => a.id),
    date,
  );
  const order = new Map(ancestors.map((a) => [a.id, a.depth]));
  const links = await store.parentLinksOf(db, unitId);
  const parentRows = await store.findUnits(db, [...new Set(links.map((l) => l.parentId))]);
  const parentNames = new Map(parentRows.map((p) => [p.id, p.name]));
  return {
    unit,
    atDate: atDate ?? null,
    ancestors: ancestorRows.sort((a, b) => (order.get(b.id) ?? 0) - (order.get(a.id) ?? 0)),
    parentHistory: links.map((l) => ({ ...l, parentName: parentNames.get(l.parentId) ?? '' })),
    groups: await store.groupsOfUnit(db, unitId),
  };
}

export async function listEvents(
  db: Database,
  actor: Actor,
  unitId: string,
  options: { subtree?: boolean; limit?: number } = {},
) {
  await requireUnit(db, actor, 'org.read', unitId);
  return store.eventsOfUnit(db, unitId, options);
}

/**
 * Units whose name or code matches `query`, best first, each with the names of its ancestors. Within the actor's
 * scope, or, for someone who records transfers (members.write on some unit), anywhere in the country: a member may
 * move to any unit, and the sending side must find it. Names and places of units are what the public tree shows.
 */
export async function searchUnits(
  db: Database,
  actor: Actor,
  query: string,
  date = todayIso(),
  limit = 20,
  within: 'scope' | 'country' = 'scope',
) {
  const folded = foldVietnamese(query);
  const recordsTransfers = scopeRoots(actor, 'members.write');
  if (within === 'country' && recordsTransfers !== 'all' && recordsTransfers.length === 0)
    throw new AppError('forbidden', {}, [
      {
        field: 'within',
        message: 'Chỉ cán bộ được ghi biến động đoàn viên mới tìm được đơn vị ngoài phạm vi của mình.',
      },
    ]);
  if (folded.length < 2) return [];
  const roots = within === 'country' ? 'all' : scopeRoots(actor, 'org.read');
  const hits = await store.searchUnits(db, folded, roots, date, limit);
  const rows = await store.unitsAtDate(
    db,
    hits.map((h) => h.id),
    date,
  );
  const rank = new Map(hits.map((h, i) => [h.id, i]));
  const sorted = rows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  const withPath = [];
  for (const row of sorted) {
    const ancestors = await store.ancestorsAtDate(db, row.id, date);
    const names = await store.unitsAtDate(
      db,
      ancestors.map((a) => a.id),
      date,
    );
    const depth = new Map(ancestors.map((a) => [a.id, a.depth]));
    withPath.push({
      ...row,
      path: names.sort((a, b) => (depth.get(b.id) ?? 0) - (depth.get(a.id) ?? 0)).map((n) => n.shortName),
    });
  }
  return withPath;
}

export async function listUnitTypes(db: Database) {
  const [types, rules] = await Promise.all([store.listUnitTypes(db), store.listUnitTypeRules(db)]);
  return types.map((t) => ({
    ...t,
    powers: t.powers as Power[],
    parents: rules
      .filter((r) => r.childTypeId === t.id)
      .map((r) => ({ parentTypeId: r.parentTypeId, validFrom: r.validFrom, validTo: r.validTo })),
  }));
}

export const listUnitGroups = store.listUnitGroups;

/** Creates or renames a unit group (a tag such as "Khối HCSN"). System administrators only. */
export async function saveUnitGroup(
  db: Database,
  actor: Actor,
  group: { id: string; name: string },
): Promise<void> {
  requireSystemAdmin(actor);
  await db.transaction(async (tx) => {
    const before = await store.upsertUnitGroup(tx, { id: group.id, name: normalizeText(group.name) });
    await recordAudit(tx, actor, {
      action: before ? 'unit_group.update' : 'unit_group.create',
      entity: 'unit_group',
      entityId: group.id,
      before: before ?? null,
      after: group,
    });
  });
}

// -------------------------------------------------------------------------------------------------------------
// Writes

export interface UnitTypeInput {
  id: string;
  nameVi: string;
  nameEn: string;
  shortVi: string;
  level: number;
  powers: Power[];
  validFrom: string;
  validTo: string;
  legalBasis?: string | null | undefined;
  parents: { parentTypeId: string; validFrom: string; validTo: string }[];
}

export async function saveUnitType(db: Database, actor: Actor, input: UnitTypeInput): Promise<void> {
  requireSystemAdmin(actor);
  const before = await store.findUnitType(db, input.id);
  const known = new Set((await store.listUnitTypes(db)).map((t) => t.id).concat(input.id));
  const unknown = input.parents.filter((p) => !known.has(p.parentTypeId));
  if (unknown.length) {
    throw new AppError(
      'validation_failed',
      {},
      unknown.map((p, i) => ({
        field: `parents.${i}.parentTypeId`,
        message: `Loại cấp trên "${p.parentTypeId}" không tồn tại.`,
      })),
    );
  }
  await db.transaction(async (tx) => {
    await store.upsertUnitType(tx, {
      ...input,
      nameVi: normalizeText(input.nameVi),
      legalBasis: input.legalBasis ?? null,
    });
    await store.replaceRulesForChild(tx, input.id, input.parents);
    await recordAudit(tx, actor, {
      action: before ? 'unit_type.update' : 'unit_type.create',
      entity: 'unit_type',
      entityId: input.id,
      before: before ?? null,
      after: input,
    });
  });
}

export interface UnitAttributes {
  sector?: string | null | undefined;
  province?: string | null | undefined;
  commune?: string | null | undefined;
  address?: string | null | undefined;
  foundingDecisionNo?: string | null | undefined;
  groups?: string[] | undefined;
}

/** Edits the attributes that are not part of the tree's history (sector, address, groups). */
export async function updateUnitAttributes(
  db: Database,
  actor: Actor,
  unitId: string,
  input: UnitAttributes,
): Promise<void> {
  const scoped = await requireUnit(db, actor, 'org.write', unitId);
  const before = await store.findUnit(db, unitId);
  if (!before) throw new AppError('not_found', { what: 'đơn vị' });
  const beforeGroups = await store.groupsOfUnit(db, unitId);
  const { groups, ...attributes } = input;
  await db.transaction(async (tx) => {
    await store.updateUnitAttributes(tx, unitId, attributes);
    if (groups) await store.setGroupsOfUnit(tx, unitId, groups);
    await recordAudit(tx, actor, {
      action: 'unit.update',
      entity: 'unit',
      entityId: unitId,
      unitId,
      federationId: scoped.federationId,
      before: {
        sector: before.sector,
        province: before.province,
        commune: before.commune,
        address: before.address,
        foundingDecisionNo: before.foundingDecisionNo,
        groups: beforeGroups,
      },
      after: input,
    });
  });
}

export function foundUnit(
  db: Database,
  actor: Actor | null,
  spec: Omit<NewUnitSpec, 'key'>,
  meta: EventMeta,
) {
  return restructure(db, actor, { kind: 'found', ...meta, found: [{ ...spec, key: 'new' }] });
}

export function renameUnit(
  db: Database,
  actor: Actor,
  unitId: string,
  name: { name: string; shortName?: string | undefined },
  meta: EventMeta,
) {
  return restructure(db, actor, { kind: 'rename', ...meta, renames: [{ unitId, ...name }] });
}

export function moveUnit(db: Database, actor: Actor, unitId: string, newParentId: string, meta: EventMeta) {
  return restructure(db, actor, {
    kind: 'move',
    ...meta,
    moves: [{ unitId, newParent: { id: newParentId } }],
  });
}

/** Dissolves a unit; its active sub-units must be moved by the same operation. */
export function dissolveUnit(
  db: Database,
  actor: Actor,
  unitId: string,
  childMoves: { unitId: string; newParentId: string }[],
  meta: EventMeta,
) {
  return restructure(db, actor, {
    kind: 'dissolve',
    ...meta,
    moves: childMoves.map((m) => ({ unitId: m.unitId, newParent: { id: m.newParentId } })),
    dissolve: [unitId],
  });
}

/**
 * Merges several units into one (an existing unit or a new one). Sub-units of the merged units move to the
 * target unless `childMoves` sends some elsewhere.
 */
export async function mergeUnits(
  db: Database,
  actor: Actor,
  input: {
    sourceIds: string[];
    target: { id: string } | { newUnit: Omit<NewUnitSpec, 'key'> };
    childMoves?: { unitId: string; newParentId: string }[];
  },
  meta: EventMeta,
) {
  if (input.sourceIds.length === 0)
    throw new AppError('validation_failed', {}, [
      { field: 'sourceIds', message: 'Chọn ít nhất một đơn vị được sáp nhập.' },
    ]);
  const target: UnitRef = 'id' in input.target ? { id: input.target.id } : { key: 'target' };
  if ('id' in target && input.sourceIds.includes(target.id)) {
    throw new AppError('validation_failed', {}, [
      { field: 'target', message: 'Đơn vị nhận sáp nhập không được nằm trong danh sách bị sáp nhập.' },
    ]);
  }
  const explicit = new Map((input.childMoves ?? []).map((m) => [m.unitId, m.newParentId]));
  const moves: RestructurePlan['moves'] = [];
  for (const sourceId of input.sourceIds) {
    for (const childId of await store.activeChildIds(db, sourceId, meta.effectiveOn)) {
      const explicitParent = explicit.get(childId);
      moves.push({ unitId: childId, newParent: explicitParent ? { id: explicitParent } : target });
    }
  }
  const plan: RestructurePlan = {
    kind: 'merge',
    ...meta,
    found: 'newUnit' in input.target ? [{ ...input.target.newUnit, key: 'target' }] : [],
    moves,
    dissolve: input.sourceIds,
    mergeTarget: target,
    memberTransfers: input.sourceIds.map((fromUnitId) => ({ fromUnitId, to: target })),
  };
  return restructure(db, actor, plan);
}

/**
 * Splits a unit into new units founded on the effective date. Its sub-units go where `childMoves` says (by id, or
 * by the index of a new unit); the source ends unless `keepSource` is set.
 */
export async function splitUnit(
  db: Database,
  actor: Actor,
  input: {
    sourceId: string;
    newUnits: Omit<NewUnitSpec, 'key' | 'parent'>[];
    childMoves: { unitId: string; to: { id: string } | { newIndex: number } }[];
    keepSource?: boolean | undefined;
  },
  meta: EventMeta,
) {
  const links = await store.parentLinksOf(db, input.sourceId);
  const covering = links.find((l) => l.validFrom <= meta.effectiveOn && meta.effectiveOn < l.validTo);
  if (!covering) throw new AppError('unit_not_active', { unit: input.sourceId, date: meta.effectiveOn });
  if (input.newUnits.length === 0)
    throw new AppError('validation_failed', {}, [
      { field: 'newUnits', message: 'Cần ít nhất một đơn vị mới.' },
    ]);
  const plan: RestructurePlan = {
    kind: 'split',
    ...meta,
    found: input.newUnits.map((u, i) => ({ ...u, key: `new${i}`, parent: { id: covering.parentId } })),
    moves: input.childMoves.map((m) => ({
      unitId: m.unitId,
      newParent: 'id' in m.to ? { id: m.to.id } : { key: `new${m.to.newIndex}` },
    })),
    dissolve: input.keepSource ? [] : [input.sourceId],
    alsoTouches: [{ unitId: input.sourceId, role: 'source' }],
  };
  const result = await restructure(db, actor, plan);
  return result;
}

export const unitsForExport = store.unitsForExport;

/** The bulk restructuring as the API receives it: new units by key, moves to ids or keys, dissolutions. */
export function restructureFromRequest(
  db: Database,
  actor: Actor,
  body: {
    effectiveOn: string;
    decisionNo?: string | null | undefined;
    decisionDate?: string | null | undefined;
    note?: string | null | undefined;
    found: (Omit<NewUnitSpec, 'parent'> & {
      parentId?: string | undefined;
      parentKey?: string | undefined;
    })[];
    moves: { unitId: string; newParentId?: string | undefined; newParentKey?: string | undefined }[];
    dissolve: string[];
  },
) {
  const ref = (id: string | undefined, key: string | undefined, field: string): UnitRef => {
    if (id) return { id };
    if (key) return { key };
    throw new AppError('validation_failed', {}, [{ field, message: 'Cần chọn đơn vị cấp trên.' }]);
  };
  const { found, moves, dissolve, ...meta } = body;
  return restructure(db, actor, {
    kind: 'restructure',
    ...meta,
    found: found.map(({ parentId, parentKey, ...spec }, i) => ({
      ...spec,
      parent: ref(parentId, parentKey, `found.${i}.parentId`),
    })),
    moves: moves.map((m, i) => ({
      unitId: m.unitId,
      newParent: ref(m.newParentId, m.newParentKey, `moves.${i}.newParentId`),
    })),
    dissolve,
  });
}
