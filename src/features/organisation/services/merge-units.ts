/** Merging units into one, as a plan: the sub-units and the members of the merged units follow the target. */
import type { Database } from '../../../platform/db';
import { invalidOrgInput } from '../errors';
import type { Actor } from '../../access/model';
import * as treeStore from '../tree-store';
import {
  restructure,
  type EventMeta,
  type NewUnitSpec,
  type RestructurePlan,
  type UnitRef,
} from './restructure';

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
  if (input.sourceIds.length === 0) throw invalidOrgInput('sourceIds', 'no_merged_units');
  const target: UnitRef = 'id' in input.target ? { id: input.target.id } : { key: 'target' };
  if ('id' in target && input.sourceIds.includes(target.id)) {
    throw invalidOrgInput('target', 'target_among_merged');
  }
  const explicit = new Map((input.childMoves ?? []).map((m) => [m.unitId, m.newParentId]));
  const moves: RestructurePlan['moves'] = [];
  for (const sourceId of input.sourceIds) {
    for (const childId of await treeStore.activeChildIds(db, sourceId, meta.effectiveOn)) {
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

/** The merge as the API receives it: the receiving unit by id, or a new unit under a parent given by id. */
export function mergeFromRequest(
  db: Database,
  actor: Actor,
  body: EventMeta & {
    sourceIds: string[];
    targetId?: string | undefined;
    newUnit?: (Omit<NewUnitSpec, 'key' | 'parent'> & { parentId: string }) | undefined;
    childMoves?: { unitId: string; newParentId: string }[] | undefined;
  },
) {
  const { sourceIds, targetId, newUnit, childMoves, ...meta } = body;
  let target: { id: string } | { newUnit: Omit<NewUnitSpec, 'key'> };
  if (targetId) target = { id: targetId };
  else if (newUnit) {
    const { parentId, ...fields } = newUnit;
    target = { newUnit: { ...fields, parent: { id: parentId } } };
  } else throw invalidOrgInput('targetId', 'no_merge_target');
  return mergeUnits(db, actor, { sourceIds, target, childMoves }, meta);
}
