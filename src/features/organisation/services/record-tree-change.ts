/** The single-unit events (found, rename, move, dissolve) and the bulk restructuring, each as a plan. */
import type { Database } from '../../../platform/db';
import { invalidOrgInput } from '../errors';
import type { Actor } from '../../access/model';
import { restructure, type EventMeta, type NewUnitSpec, type UnitRef } from './restructure';

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
    throw invalidOrgInput(field, 'no_parent');
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
