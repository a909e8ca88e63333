/**
 * The one engine behind every change of the dated tree. Found, rename, move, merge, split, dissolve and the bulk
 * restructuring of 1/7/2025 are all plans executed here: authorized unit by unit, validated against the tree as it
 * stood on the effective date, applied in one transaction, recorded as one event with an audit row per unit.
 */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { invalidOrgInput } from '../errors';
import { effectiveDateProblem } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudits, requireSystemAdmin, requireUnit, unitsWithPermission } from '../../access/service';
import { publishRestructured } from '../restructure-handlers';
import * as eventStore from '../event-store';
import * as parentStore from '../parent-store';
import {
  endUnits,
  eventDetails,
  followUnits,
  foundUnits,
  moveUnits,
  renameUnits,
  resolveUnit,
  startRun,
} from './restructure-steps';

export type { EventMeta, NewUnitSpec, RestructurePlan, RestructureResult, UnitRef } from './restructure-plan';
import type { RestructurePlan, RestructureResult } from './restructure-plan';

/** A plan that changes nothing: recording it would add an empty line to every timeline. */
export function isEmptyPlan(plan: RestructurePlan): boolean {
  return !plan.found?.length && !plan.renames?.length && !plan.moves?.length && !plan.dissolve?.length;
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
  if (isEmptyPlan(plan)) throw invalidOrgInput('plan', 'empty_plan');
  if (actor) await authorizePlan(db, actor, plan);
  return db.transaction((tx) => applyPlan(tx, actor, plan));
}

/** Applies a plan inside an open transaction (the caller authorized it). Throws AppError on the first rule broken. */
export async function applyPlan(
  tx: Database,
  actor: Actor | null,
  plan: RestructurePlan,
): Promise<RestructureResult> {
  const run = await startRun(tx, actor, plan);
  await foundUnits(run);
  await renameUnits(run);
  await moveUnits(run);
  await followUnits(run);
  await endUnits(run);
  if (plan.mergeTarget) {
    const target = await resolveUnit(run, plan.mergeTarget);
    run.touched.push({ unitId: target.id, role: 'target' });
  }
  run.touched.push(...(plan.alsoTouches ?? []));
  if (run.needsClosure.size) await parentStore.rebuildClosure(tx, [...run.needsClosure]);
  const eventId = await eventStore.insertEvent(
    tx,
    {
      kind: plan.kind,
      decisionNo: plan.decisionNo ?? null,
      decisionDate: plan.decisionDate ?? null,
      effectiveOn: run.date,
      note: plan.note ?? null,
      details: eventDetails(run),
      recordedBy: actor?.userId ?? null,
    },
    run.touched,
  );
  await recordAudits(
    tx,
    actor,
    run.audits.map((entry) => ({
      ...entry,
      after: { ...(entry.after as object), eventId, kind: plan.kind, decisionNo: plan.decisionNo ?? null },
    })),
  );
  await publishRestructured(tx, actor, {
    kind: plan.kind,
    effectiveOn: plan.effectiveOn,
    decisionNo: plan.decisionNo,
    note: plan.note,
    eventId,
    founded: run.founded.map((f) => f.id),
    moved: (plan.moves ?? []).map((m) => m.unitId),
    ended: plan.dissolve ?? [],
    renamed: (plan.renames ?? []).map((r) => r.unitId),
  });
  return {
    eventId,
    founded: run.founded,
    moved: (plan.moves ?? []).length,
    dissolved: (plan.dissolve ?? []).length,
    renamed: (plan.renames ?? []).length,
    membersTransferred: run.membersTransferred,
  };
}
