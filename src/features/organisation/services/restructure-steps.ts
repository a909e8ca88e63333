/**
 * The steps of applying a restructuring plan, in the order they run: found, rename, move, the units whose contents
 * follow them (published to the features that hold those contents), end, record. Each step checks the tree as it
 * stood on the effective date, writes, and notes what it touched for the one event and the audit rows.
 */
import type { Database } from '../../../platform/db';
import { AppError, type Problem } from '../../../platform/errors';
import { invalidOrgInput, orgProblem } from '../errors';
import { formatDate, OPEN_END } from '../../../lib/dates';
import { formatNumber } from '../../../lib/numbers';
import { foldVietnamese, normalizeText } from '../../../lib/text';
import type { Actor } from '../../access/model';
import type { recordAudit } from '../../access/service';
import { lifeConflict, normalizeUnitCode, placementAllowed, sectorProblem, unitCodeProblem } from '../model';
import { occupantsFrom, publishUnitsFollow } from '../restructure-handlers';
import * as eventStore from '../event-store';
import * as parentStore from '../parent-store';
import * as sectorStore from '../sector-store';
import * as treeStore from '../tree-store';
import * as unitStore from '../unit-store';
import * as unitTypeStore from '../unit-type-store';
import type { RestructurePlan, RestructureResult, UnitRef } from './restructure-plan';

interface Label {
  name: string;
  code: string;
}

/** What applying one plan has read and done so far. */
export interface PlanRun {
  tx: Database;
  actor: Actor | null;
  plan: RestructurePlan;
  date: string;
  shown: string;
  rules: Awaited<ReturnType<typeof unitTypeStore.listUnitTypeRules>>;
  types: Map<string, unitTypeStore.UnitTypeRow>;
  /** Every sector with its dates: a founded unit's sector must apply on the effective date. */
  sectors: sectorStore.SectorRow[];
  /** Units founded by this plan, by their key. */
  keyed: Map<string, unitStore.UnitRow>;
  touched: { unitId: string; role: string }[];
  labels: Map<string, Label>;
  audits: Parameters<typeof recordAudit>[2][];
  needsClosure: Set<string>;
  movedFrom: Map<string, string>;
  /** The name each renamed unit bore the day before the plan (later steps re-read units under their new name). */
  formerNames: Map<string, string>;
  founded: RestructureResult['founded'];
  membersTransferred: number;
}

export async function startRun(tx: Database, actor: Actor | null, plan: RestructurePlan): Promise<PlanRun> {
  return {
    tx,
    actor,
    plan,
    date: plan.effectiveOn,
    shown: formatDate(plan.effectiveOn),
    rules: await unitTypeStore.listUnitTypeRules(tx),
    types: new Map((await unitTypeStore.listUnitTypes(tx)).map((t) => [t.id, t])),
    sectors: await sectorStore.listSectors(tx),
    keyed: new Map(),
    touched: [],
    labels: new Map(),
    audits: [],
    needsClosure: new Set(),
    movedFrom: new Map(),
    formerNames: new Map(),
    founded: [],
    membersTransferred: 0,
  };
}

function shortNameOf(spec: { name: string; shortName?: string | undefined }): string {
  return normalizeText(spec.shortName ?? '') || normalizeText(spec.name);
}

function label(run: PlanRun, unit: unitStore.UnitRow): void {
  run.labels.set(unit.id, { name: unit.name, code: unit.code });
}

async function loadUnit(run: PlanRun, id: string): Promise<unitStore.UnitRow> {
  const unit = await unitStore.findUnit(run.tx, id);
  if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
  label(run, unit);
  return unit;
}

function unknownKey(key: string): AppError {
  return invalidOrgInput('parent', 'unknown_new_unit', { key });
}

export async function resolveUnit(run: PlanRun, ref: UnitRef): Promise<unitStore.UnitRow> {
  if ('id' in ref) return loadUnit(run, ref.id);
  const unit = run.keyed.get(ref.key);
  if (!unit) throw unknownKey(ref.key);
  return unit;
}

function requireAlive(unit: unitStore.UnitRow, on: string): void {
  if (!(unit.foundedOn <= on && on < unit.endedOn))
    throw new AppError('unit_not_active', { unit: unit.name, date: formatDate(on) });
}

function requirePlacement(run: PlanRun, parent: unitStore.UnitRow, childTypeId: string): void {
  if (!placementAllowed(run.rules, parent.typeId, childTypeId, run.date)) {
    throw new AppError('type_not_allowed_under', {
      child: run.types.get(childTypeId)?.nameVi ?? childTypeId,
      parent: run.types.get(parent.typeId)?.nameVi ?? parent.typeId,
      date: run.shown,
    });
  }
}

/** 1. Founds the new units, parents first (a unit founded by the plan may be the parent of a later one). */
export async function foundUnits(run: PlanRun): Promise<void> {
  const { tx, plan, date, shown } = run;
  for (const [index, spec] of (plan.found ?? []).entries()) {
    const problems: Problem[] = [];
    const type = run.types.get(spec.typeId);
    if (!type) problems.push(orgProblem(`found.${index}.typeId`, 'unknown_type', { type: spec.typeId }));
    else if (!(type.validFrom <= date && date < type.validTo)) {
      problems.push(
        orgProblem(`found.${index}.typeId`, 'type_not_current', { type: type.nameVi, date: shown }),
      );
    }
    const sector = spec.sector ? sectorProblem(run.sectors, spec.sector, date) : null;
    if (sector === 'unknown')
      problems.push(orgProblem(`found.${index}.sector`, 'unknown_sector', { sector: spec.sector ?? '' }));
    else if (sector === 'not_current') {
      const name = run.sectors.find((s) => s.id === spec.sector)?.nameVi ?? '';
      problems.push(orgProblem(`found.${index}.sector`, 'sector_not_current', { sector: name, date: shown }));
    }
    const code = normalizeUnitCode(spec.code);
    const codeProblem = unitCodeProblem(code);
    if (codeProblem) problems.push({ field: `found.${index}.code`, message: codeProblem });
    const name = normalizeText(spec.name);
    if (name.length < 3) problems.push(orgProblem(`found.${index}.name`, 'name_too_short'));
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    if (await unitStore.findUnitByCode(tx, code)) throw new AppError('unit_code_taken', { code });
    let parent: unitStore.UnitRow | null = null;
    if (spec.parent) {
      parent = await resolveUnit(run, spec.parent);
      requireAlive(parent, date);
      requirePlacement(run, parent, spec.typeId);
    }
    const shortName = shortNameOf(spec);
    const unit = await unitStore.insertUnit(tx, {
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
    if (type?.level === 2) await unitStore.updateUnitAttributes(tx, unit.id, { federationId: unit.id });
    if (parent)
      await parentStore.insertParentLinks(tx, [{ unitId: unit.id, parentId: parent.id, validFrom: date }]);
    if (spec.groups?.length) await unitTypeStore.setGroupsOfUnit(tx, unit.id, spec.groups);
    run.keyed.set(spec.key, unit);
    label(run, unit);
    run.needsClosure.add(unit.id);
    run.founded.push({ key: spec.key, id: unit.id, code: unit.code });
    run.touched.push({ unitId: unit.id, role: plan.kind === 'found' ? 'subject' : 'founded' });
    if (parent) run.touched.push({ unitId: parent.id, role: 'parent' });
    run.audits.push({
      action: 'unit.found',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      after: { code, name, typeId: spec.typeId, parentId: parent?.id ?? null, effectiveOn: date },
    });
  }
}

/** 2. Renames from the effective date; a name that is already the unit's on that date is refused (nothing to do). */
export async function renameUnits(run: PlanRun): Promise<void> {
  const { tx, plan, date } = run;
  for (const r of plan.renames ?? []) {
    const unit = await loadUnit(run, r.unitId);
    requireAlive(unit, date);
    const name = normalizeText(r.name);
    if (name.length < 3) throw invalidOrgInput('name', 'name_too_short');
    const shortName = shortNameOf(r);
    const [asOf] = await treeStore.unitsAtDate(tx, [unit.id], date);
    if (asOf && asOf.name === name && asOf.shortName === shortName)
      throw invalidOrgInput('name', 'same_name', { date: run.shown, name });
    run.formerNames.set(unit.id, asOf?.name ?? unit.name);
    await unitStore.renameFrom(
      tx,
      unit.id,
      date,
      name,
      shortName,
      foldVietnamese(`${name} ${shortName} ${unit.code}`),
    );
    run.touched.push({ unitId: unit.id, role: 'subject' });
    run.audits.push({
      action: 'unit.rename',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      before: { name: unit.name, shortName: unit.shortName },
      after: { name, shortName, effectiveOn: date },
    });
  }
}

interface CheckedMove {
  unit: unitStore.UnitRow;
  parent: unitStore.UnitRow;
  oldParent: unitStore.UnitRow;
  until: string;
}

/**
 * 3. Moves: each sets the parent from the effective date until the unit's next recorded change. The units, their
 * links and their new parents are read at once and checked in memory; the links are written set-based, so that a
 * province's 1/7/2025 restructuring (thousands of CĐCS) costs a few statements, not ten per CĐCS.
 */
export async function moveUnits(run: PlanRun): Promise<void> {
  const moves = run.plan.moves ?? [];
  if (!moves.length) return;
  const checked = await checkMoves(run, moves);
  const [cycle] = await parentStore.movesIntoOwnSubtree(
    run.tx,
    run.date,
    checked.map((c) => ({ unitId: c.unit.id, parentId: c.parent.id, until: c.until })),
  );
  if (cycle) {
    throw new AppError('unit_cycle', {
      unit: run.labels.get(cycle.unitId)?.name ?? cycle.unitId,
      parent: run.labels.get(cycle.parentId)?.name ?? cycle.parentId,
    });
  }
  for (const c of checked) requirePlacement(run, c.parent, c.unit.typeId);
  await parentStore.setParentsFrom(
    run.tx,
    run.date,
    checked.map((c) => ({ unitId: c.unit.id, parentId: c.parent.id })),
  );
  for (const { unit, parent, oldParent } of checked) {
    run.movedFrom.set(unit.id, oldParent.id);
    run.needsClosure.add(unit.id);
    run.touched.push(
      { unitId: unit.id, role: run.plan.kind === 'move' ? 'subject' : 'moved' },
      { unitId: oldParent.id, role: 'old_parent' },
      { unitId: parent.id, role: 'new_parent' },
    );
    run.audits.push({
      action: 'unit.move',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      before: { parentId: oldParent.id, parentName: oldParent.name },
      after: { parentId: parent.id, parentName: parent.name, effectiveOn: run.date },
    });
  }
}

async function checkMoves(
  run: PlanRun,
  moves: NonNullable<RestructurePlan['moves']>,
): Promise<CheckedMove[]> {
  const { tx, date, shown } = run;
  const movedIds = [...new Set(moves.map((m) => m.unitId))];
  if (movedIds.length !== moves.length) {
    throw invalidOrgInput('moves', 'moved_twice');
  }
  const movedUnits = new Map((await unitStore.findUnitsById(tx, movedIds)).map((u) => [u.id, u]));
  const linksOf = new Map<string, parentStore.ParentLink[]>();
  for (const link of await parentStore.parentLinksOfUnits(tx, movedIds)) {
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
  const others = new Map((await unitStore.findUnitsById(tx, [...otherIds])).map((u) => [u.id, u]));
  const checked: CheckedMove[] = [];
  for (const m of moves) {
    const unit = movedUnits.get(m.unitId);
    if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
    label(run, unit);
    requireAlive(unit, date);
    const parent = 'id' in m.newParent ? others.get(m.newParent.id) : run.keyed.get(m.newParent.key);
    if (!parent) {
      if ('id' in m.newParent) throw new AppError('not_found', { what: 'đơn vị' });
      throw unknownKey(m.newParent.key);
    }
    label(run, parent);
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
      throw invalidOrgInput('newParentId', 'already_under', {
        unit: unit.name,
        parent: parent.name,
        date: shown,
      });
    }
    const until = covering.validTo < unit.endedOn ? covering.validTo : unit.endedOn;
    if (parent.endedOn < until) {
      throw new AppError('unit_not_active', { unit: parent.name, date: formatDate(parent.endedOn) });
    }
    const oldParent = others.get(covering.parentId)!;
    label(run, oldParent);
    checked.push({ unit, parent, oldParent, until });
  }
  return checked;
}

/**
 * 4. What lives in a merged unit follows it into the receiving unit (members, through the handlers the composition
 * root registered), before the units end.
 */
export async function followUnits(run: PlanRun): Promise<void> {
  const follows: { fromUnitId: string; toUnitId: string }[] = [];
  for (const t of run.plan.memberTransfers ?? []) {
    const from = await loadUnit(run, t.fromUnitId);
    const to = await resolveUnit(run, t.to);
    requireAlive(to, run.date);
    if (from.id !== to.id) follows.push({ fromUnitId: from.id, toUnitId: to.id });
  }
  if (follows.length) run.membersTransferred = await publishUnitsFollow(run.tx, run.actor, follows, run.plan);
}

/** 5. Ends the dissolved units, after the moves and transfers that empty them. */
export async function endUnits(run: PlanRun): Promise<void> {
  const { tx, plan, date, shown } = run;
  for (const id of plan.dissolve ?? []) {
    const unit = await loadUnit(run, id);
    const conflict = lifeConflict(
      { from: unit.foundedOn, to: unit.endedOn },
      date,
      await eventStore.lastEventDateOf(tx, unit.id),
      true,
    );
    if (conflict)
      throw new AppError('event_out_of_order', { date: shown, unit: unit.name, reason: conflict });
    const remaining = await parentStore.childLinksFrom(tx, unit.id, date);
    if (remaining.length)
      throw new AppError('has_active_children', { unit: unit.name, count: remaining.length, date: shown });
    const members = await occupantsFrom(tx, unit.id, date);
    if (members)
      throw new AppError('unit_has_members', { unit: unit.name, count: formatNumber(members), date: shown });
    await unitStore.endUnit(tx, unit.id, date);
    run.needsClosure.add(unit.id);
    run.touched.push({ unitId: unit.id, role: plan.kind === 'dissolve' ? 'subject' : 'ended' });
    run.audits.push({
      action: 'unit.dissolve',
      entity: 'unit',
      entityId: unit.id,
      unitId: unit.id,
      federationId: unit.federationId,
      before: { endedOn: unit.endedOn === OPEN_END ? null : unit.endedOn },
      after: { endedOn: date },
    });
  }
}

/** The id a reference points to after the plan ran ('' when a key was never founded). */
export function idOf(run: PlanRun, ref: UnitRef): string {
  return 'id' in ref ? ref.id : (run.keyed.get(ref.key)?.id ?? '');
}

/** The event's details as the timeline shows them: names, not ids; at most 200 moves listed, all counted. */
export function eventDetails(run: PlanRun) {
  const { plan, labels } = run;
  return {
    founded: run.founded.map((f) => ({ id: f.id, ...labels.get(f.id) })),
    renamed: (plan.renames ?? []).map((r) => ({
      id: r.unitId,
      from: run.formerNames.get(r.unitId) ?? labels.get(r.unitId)?.name,
      to: normalizeText(r.name),
    })),
    moved: (plan.moves ?? []).length,
    moves: (plan.moves ?? []).slice(0, 200).map((m) => ({
      id: m.unitId,
      ...labels.get(m.unitId),
      from: labels.get(run.movedFrom.get(m.unitId) ?? '')?.name,
      to: labels.get(idOf(run, m.newParent))?.name,
    })),
    dissolved: (plan.dissolve ?? []).map((id) => ({ id, ...labels.get(id) })),
    membersTransferred: run.membersTransferred,
    target: plan.mergeTarget ? labels.get(idOf(run, plan.mergeTarget)) : undefined,
  };
}
