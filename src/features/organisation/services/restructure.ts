/**
 * The one engine behind every change of the dated tree. Found, rename, move, merge, split, dissolve and the bulk
 * restructuring of 1/7/2025 are all plans executed here: authorized unit by unit, validated against the tree as it
 * stood on the effective date, applied in one transaction, recorded as one event with an audit row per unit.
 */
import type { Database } from '../../../platform/db';
import { AppError, type Problem } from '../../../platform/errors';
import { effectiveDateProblem, formatDate, OPEN_END } from '../../../lib/dates';
import { formatNumber } from '../../../lib/numbers';
import { foldVietnamese, normalizeText } from '../../../lib/text';
import type { Actor } from '../../access/model';
import {
  recordAudit,
  recordAudits,
  requireSystemAdmin,
  requireUnit,
  unitsWithPermission,
} from '../../access/service';
import { transferMembersWithUnits } from '../../members/service';
import { lifeConflict, placementAllowed, type EventKind } from '../model';
import * as store from '../store';

/** A parent named by id (an existing unit) or by the key of a unit founded in the same plan. */
export type UnitRef = { id: string } | { key: string };

export interface NewUnitSpec {
  key: string;
  parent: UnitRef | null;
  code: string;
  name: string;
  shortName?: string | undefined;
  typeId: string;
  sector?: string | null | undefined;
  province?: string | null | undefined;
  commune?: string | null | undefined;
  address?: string | null | undefined;
  foundingDecisionNo?: string | null | undefined;
  groups?: string[] | undefined;
}

export interface EventMeta {
  effectiveOn: string;
  decisionNo?: string | null | undefined;
  decisionDate?: string | null | undefined;
  note?: string | null | undefined;
}

export interface RestructurePlan extends EventMeta {
  kind: EventKind;
  found?: NewUnitSpec[];
  renames?: { unitId: string; name: string; shortName?: string | undefined }[];
  moves?: { unitId: string; newParent: UnitRef }[];
  dissolve?: string[];
  /** Units merged into this one (for the timeline). */
  mergeTarget?: UnitRef | undefined;
  /**
   * Members who go with the restructuring: everyone active in `fromUnitId` on the date is transferred to `to`
   * before the dissolutions (a merge sends the merged units' members to the receiving unit).
   */
  memberTransfers?: { fromUnitId: string; to: UnitRef }[];
  /** Other units the event concerns, shown on their timelines (e.g. a split source that lives on). */
  alsoTouches?: { unitId: string; role: string }[];
}

export interface RestructureResult {
  eventId: number;
  founded: { key: string; id: string; code: string }[];
  moved: number;
  dissolved: number;
  renamed: number;
  /** People transferred with their unit (memberTransfers). */
  membersTransferred: number;
}

interface Label {
  name: string;
  code: string;
}

function shortNameOf(spec: { name: string; shortName?: string | undefined }): string {
  return normalizeText(spec.shortName ?? '') || normalizeText(spec.name);
}

/** Every unit a plan names, so that the actor's scope is checked on each before anything is written. */
async function authorizePlan(db: Database, actor: Actor, plan: RestructurePlan): Promise<void> {
  const date = plan.effectiveOn;
  const ids = new Set<string>();
  for (const f of plan.found ?? []) {
    if (f.parent === null) requireSystemAdmin(actor);
    else if ('id' in f.parent) ids.add(f.parent.id);
  }
  for (const r of plan.renames ?? []) ids.add(r.unitId);
  for (const m of plan.moves ?? []) {
    ids.add(m.unitId);
    if ('id' in m.newParent) ids.add(m.newParent.id);
  }
  for (const id of plan.dissolve ?? []) ids.add(id);
  if (plan.mergeTarget && 'id' in plan.mergeTarget) ids.add(plan.mergeTarget.id);
  // One closure query per date for the whole plan; a refused unit is asked again for the precise reason.
  const allowed = await unitsWithPermission(db, actor, 'org.write', [...ids], date);
  for (const id of ids) if (!allowed.has(id)) await requireUnit(db, actor, 'org.write', id, date);
}

export async function restructure(
  db: Database,
  actor: Actor | null,
  plan: RestructurePlan,
): Promise<RestructureResult> {
  const dateProblem = effectiveDateProblem(plan.effectiveOn);
  if (dateProblem)
    throw new AppError('validation_failed', {}, [{ field: 'effectiveOn', message: dateProblem }]);
  if (actor) await authorizePlan(db, actor, plan);
  return db.transaction((tx) => applyPlan(tx, actor, plan));
}

/** Applies a plan inside an open transaction (the caller authorized it). Throws AppError on the first rule broken. */
export async function applyPlan(
  tx: Database,
  actor: Actor | null,
  plan: RestructurePlan,
): Promise<RestructureResult> {
  const date = plan.effectiveOn;
  const shown = formatDate(date);
  const rules = await store.listUnitTypeRules(tx);
  const types = new Map((await store.listUnitTypes(tx)).map((t) => [t.id, t]));
  const keyed = new Map<string, store.UnitRow>();
  const touched: { unitId: string; role: string }[] = [];
  const labels = new Map<string, Label>();
  const audits: Parameters<typeof recordAudit>[2][] = [];
  const needsClosure = new Set<string>();
  const movedFrom = new Map<string, string>();

  const loadUnit = async (id: string): Promise<store.UnitRow> => {
    const unit = await store.findUnit(tx, id);
    if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
    labels.set(unit.id, { name: unit.name, code: unit.code });
    return unit;
  };
  const resolve = async (ref: UnitRef): Promise<store.UnitRow> => {
    if ('id' in ref) return loadUnit(ref.id);
    const unit = keyed.get(ref.key);
    if (!unit)
      throw new AppError('validation_failed', {}, [
        { field: 'parent', message: `Chưa có đơn vị mới "${ref.key}" trước khi dùng làm cấp trên.` },
      ]);
    return unit;
  };
  const requireAlive = (unit: store.UnitRow, on: string) => {
    if (!(unit.foundedOn <= on && on < unit.endedOn))
      throw new AppError('unit_not_active', { unit: unit.name, date: formatDate(on) });
  };
  const requirePlacement = (parent: store.UnitRow, childTypeId: string) => {
    if (!placementAllowed(rules, parent.typeId, childTypeId, date)) {
      throw new AppError('type_not_allowed_under', {
        child: types.get(childTypeId)?.nameVi ?? childTypeId,
        parent: types.get(parent.typeId)?.nameVi ?? parent.typeId,
        date: shown,
      });
    }
  };

  // 1. Found new units, parents first.
  const founded: RestructureResult['founded'] = [];
  for (const [index, spec] of (plan.found ?? []).entries()) {
    const problems: Problem[] = [];
    const type = types.get(spec.typeId);
    if (!type)
      problems.push({
        field: `found.${index}.typeId`,
        message: `Loại đơn vị "${spec.typeId}" không tồn tại.`,
      });
    else if (!(type.validFrom <= date && date < type.validTo)) {
      problems.push({
        field: `found.${index}.typeId`,
        message: `Loại "${type.nameVi}" không còn áp dụng vào ngày ${shown}.`,
      });
    }
    const code = normalizeText(spec.code).toUpperCase();
    if (!/^[A-Z0-9._-]{2,40}$/.test(code))
      problems.push({
        field: `found.${index}.code`,
        message: 'Mã đơn vị gồm 2–40 ký tự: chữ không dấu, số, dấu chấm, gạch.',
      });
    const name = normalizeText(spec.name);
    if (name.length < 3)
      problems.push({ field: `found.${index}.name`, message: 'Tên đơn vị phải có ít nhất 3 ký tự.' });
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    if (await store.findUnitByCode(tx, code)) throw new AppError('unit_code_taken', { code });
    let parent: store.UnitRow | null = null;
    if (spec.parent) {
      parent = await resolve(spec.parent);
      requireAlive(parent, date);
      requirePlacement(parent, spec.typeId);
    }
    const shortName = shortNameOf(spec);
    const unit = await store.insertUnit(tx, {
      code,
      name,
      shortName,
      searchText: foldVietnamese(`${name} ${shortName} ${code}`),
      typeId: spec.typeId,
      sector: spec.sector ?? null,
      province: spec.province ?? null,
      commune: spec.commune ?? null,
      address: spec.address ?? null,
      foundingDecisionNo: spec.foundingDecisionNo ?? plan.decisionNo ?? null,
      foundedOn: date,
      federationId: type?.level === 2 ? null : (parent?.federationId ?? null),
    });
    if (type?.level === 2) await store.updateUnitAttributes(tx, unit.id, { federationId: unit.id });
    if (parent)
      await store.insertParentLinks(tx, [{ unitId: unit.id, parentId: parent.id, validFrom: date }]);
    if (spec.groups?.length) await store.setGroupsOfUnit(tx, unit.id, spec.groups);
    keyed.set(spec.key, unit);
    labels.set(unit.id, { name: unit.name, code: unit.code });
    needsClosure.add(unit.id);
    founded.push({ key: spec.key, id: unit.id, code: unit.code });
    touched.push({ unitId: unit.id, role: plan.kind === 'found' ? 'subject' : 'founded' });
    if (parent) touched.push({ unitId: parent.id, role: 'parent' });
    audits.push({
      action: 'unit.found',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      after: { code, name, typeId: spec.typeId, parentId: parent?.id ?? null, effectiveOn: date },
    });
  }

  // 2. Renames.
  for (const r of plan.renames ?? []) {
    const unit = await loadUnit(r.unitId);
    requireAlive(unit, date);
    const name = normalizeText(r.name);
    if (name.length < 3)
      throw new AppError('validation_failed', {}, [
        { field: 'name', message: 'Tên đơn vị phải có ít nhất 3 ký tự.' },
      ]);
    const shortName = shortNameOf(r);
    await store.renameFrom(
      tx,
      unit.id,
      date,
      name,
      shortName,
      foldVietnamese(`${name} ${shortName} ${unit.code}`),
    );
    touched.push({ unitId: unit.id, role: 'subject' });
    audits.push({
      action: 'unit.rename',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      before: { name: unit.name, shortName: unit.shortName },
      after: { name, shortName, effectiveOn: date },
    });
  }

  // 3. Moves: each sets the parent from the effective date until the unit's next recorded change. The units, their
  // links and their new parents are read at once and checked in memory; the links are written set-based, so that a
  // province's 1/7/2025 restructuring (thousands of CĐCS) costs a few statements, not ten per CĐCS.
  const moves = plan.moves ?? [];
  if (moves.length) {
    const movedIds = [...new Set(moves.map((m) => m.unitId))];
    if (movedIds.length !== moves.length) {
      throw new AppError('validation_failed', {}, [
        { field: 'moves', message: 'Mỗi đơn vị chỉ được chuyển một lần trong cùng một thao tác.' },
      ]);
    }
    const movedUnits = new Map((await store.findUnitsById(tx, movedIds)).map((u) => [u.id, u]));
    const linksOf = new Map<string, store.ParentLink[]>();
    for (const link of await store.parentLinksOfUnits(tx, movedIds)) {
      linksOf.set(link.unitId, [...(linksOf.get(link.unitId) ?? []), link]);
    }
    const coveringOf = (unitId: string) =>
      (linksOf.get(unitId) ?? []).find((l) => l.validFrom <= date && date < l.validTo);
    const otherIds = new Set<string>();
    for (const m of moves) {
      if ('id' in m.newParent) otherIds.add(m.newParent.id);
      const covering = coveringOf(m.unitId);
      if (covering) otherIds.add(covering.parentId);
    }
    const others = new Map((await store.findUnitsById(tx, [...otherIds])).map((u) => [u.id, u]));
    const checked: { unit: store.UnitRow; parent: store.UnitRow; oldParent: store.UnitRow; until: string }[] =
      [];
    for (const m of moves) {
      const unit = movedUnits.get(m.unitId);
      if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
      labels.set(unit.id, { name: unit.name, code: unit.code });
      requireAlive(unit, date);
      const parent = 'id' in m.newParent ? others.get(m.newParent.id) : keyed.get(m.newParent.key);
      if (!parent) {
        if ('id' in m.newParent) throw new AppError('not_found', { what: 'đơn vị' });
        throw new AppError('validation_failed', {}, [
          {
            field: 'parent',
            message: `Chưa có đơn vị mới "${m.newParent.key}" trước khi dùng làm cấp trên.`,
          },
        ]);
      }
      labels.set(parent.id, { name: parent.name, code: parent.code });
      requireAlive(parent, date);
      const covering = coveringOf(unit.id);
      if (!covering) {
        throw new AppError('event_out_of_order', {
          date: shown,
          unit: unit.name,
          reason: 'đơn vị không có cấp trên vào ngày này',
        });
      }
      if (covering.parentId === parent.id) {
        throw new AppError('validation_failed', {}, [
          {
            field: 'newParentId',
            message: `"${unit.name}" đã trực thuộc "${parent.name}" vào ngày ${shown}.`,
          },
        ]);
      }
      const until = covering.validTo < unit.endedOn ? covering.validTo : unit.endedOn;
      if (parent.endedOn < until) {
        throw new AppError('unit_not_active', { unit: parent.name, date: formatDate(parent.endedOn) });
      }
      const oldParent = others.get(covering.parentId)!;
      labels.set(oldParent.id, { name: oldParent.name, code: oldParent.code });
      checked.push({ unit, parent, oldParent, until });
    }
    const [cycle] = await store.movesIntoOwnSubtree(
      tx,
      date,
      checked.map((c) => ({ unitId: c.unit.id, parentId: c.parent.id, until: c.until })),
    );
    if (cycle) {
      throw new AppError('unit_cycle', {
        unit: labels.get(cycle.unitId)?.name ?? cycle.unitId,
        parent: labels.get(cycle.parentId)?.name ?? cycle.parentId,
      });
    }
    for (const c of checked) requirePlacement(c.parent, c.unit.typeId);
    await store.setParentsFrom(
      tx,
      date,
      checked.map((c) => ({ unitId: c.unit.id, parentId: c.parent.id })),
    );
    for (const { unit, parent, oldParent } of checked) {
      movedFrom.set(unit.id, oldParent.id);
      needsClosure.add(unit.id);
      touched.push(
        { unitId: unit.id, role: plan.kind === 'move' ? 'subject' : 'moved' },
        { unitId: oldParent.id, role: 'old_parent' },
        { unitId: parent.id, role: 'new_parent' },
      );
      audits.push({
        action: 'unit.move',
        entity: 'unit',
        entityId: unit.id,
        unitId: unit.id,
        federationId: unit.federationId,
        before: { parentId: oldParent.id, parentName: oldParent.name },
        after: { parentId: parent.id, parentName: parent.name, effectiveOn: date },
      });
    }
  }

  // 4. Members who go with their unit, then the dissolutions, after the moves that empty them.
  let membersTransferred = 0;
  if (plan.memberTransfers?.length) {
    const transfers: { fromUnitId: string; toUnitId: string }[] = [];
    for (const t of plan.memberTransfers) {
      const from = await loadUnit(t.fromUnitId);
      const to = await resolve(t.to);
      requireAlive(to, date);
      if (from.id !== to.id) transfers.push({ fromUnitId: from.id, toUnitId: to.id });
    }
    membersTransferred = await transferMembersWithUnits(tx, actor, transfers, plan);
  }
  for (const id of plan.dissolve ?? []) {
    const unit = await loadUnit(id);
    const conflict = lifeConflict(
      { from: unit.foundedOn, to: unit.endedOn },
      date,
      await store.lastEventDateOf(tx, unit.id),
      true,
    );
    if (conflict)
      throw new AppError('event_out_of_order', { date: shown, unit: unit.name, reason: conflict });
    const remaining = await store.childLinksFrom(tx, unit.id, date);
    if (remaining.length)
      throw new AppError('has_active_children', { unit: unit.name, count: remaining.length, date: shown });
    const members = await store.membersStayingFrom(tx, unit.id, date);
    if (members)
      throw new AppError('unit_has_members', { unit: unit.name, count: formatNumber(members), date: shown });
    await store.endUnit(tx, unit.id, date);
    needsClosure.add(unit.id);
    touched.push({ unitId: unit.id, role: plan.kind === 'dissolve' ? 'subject' : 'ended' });
    audits.push({
      action: 'unit.dissolve',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      before: { endedOn: unit.endedOn === OPEN_END ? null : unit.endedOn },
      after: { endedOn: date },
    });
  }

  if (plan.mergeTarget) {
    const target = await resolve(plan.mergeTarget);
    touched.push({ unitId: target.id, role: 'target' });
  }

  touched.push(...(plan.alsoTouches ?? []));
  if (needsClosure.size) await store.rebuildClosure(tx, [...needsClosure]);

  const details = {
    founded: founded.map((f) => ({ id: f.id, ...labels.get(f.id) })),
    renamed: (plan.renames ?? []).map((r) => ({
      id: r.unitId,
      from: labels.get(r.unitId)?.name,
      to: normalizeText(r.name),
    })),
    moved: (plan.moves ?? []).length,
    moves: (plan.moves ?? []).slice(0, 200).map((m) => ({
      id: m.unitId,
      ...labels.get(m.unitId),
      from: labels.get(movedFrom.get(m.unitId) ?? '')?.name,
      to: labels.get('id' in m.newParent ? m.newParent.id : (keyed.get(m.newParent.key)?.id ?? ''))?.name,
    })),
    dissolved: (plan.dissolve ?? []).map((id) => ({ id, ...labels.get(id) })),
    membersTransferred,
    target: plan.mergeTarget
      ? labels.get(
          'id' in plan.mergeTarget ? plan.mergeTarget.id : (keyed.get(plan.mergeTarget.key)?.id ?? ''),
        )
      : undefined,
  };
  const eventId = await store.insertEvent(
    tx,
    {
      kind: plan.kind,
      decisionNo: plan.decisionNo ?? null,
      decisionDate: plan.decisionDate ?? null,
      effectiveOn: date,
      note: plan.note ?? null,
      details,
      recordedBy: actor?.userId ?? null,
    },
    touched,
  );
  await recordAudits(
    tx,
    actor,
    audits.map((entry) => ({
      ...entry,
      after: { ...(entry.after as object), eventId, kind: plan.kind, decisionNo: plan.decisionNo ?? null },
    })),
  );
  return {
    eventId,
    founded,
    moved: (plan.moves ?? []).length,
    dissolved: (plan.dissolve ?? []).length,
    renamed: (plan.renames ?? []).length,
    membersTransferred,
  };
}
