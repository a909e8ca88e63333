/** Splitting a unit into new ones, as a plan. */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { invalidOrgInput } from '../errors';
import { formatDate } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import * as parentStore from '../parent-store';
import * as unitStore from '../unit-store';
import { restructure, type EventMeta, type NewUnitSpec, type RestructurePlan } from './restructure';

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
  const links = await parentStore.parentLinksOf(db, input.sourceId);
  const covering = links.find((l) => l.validFrom <= meta.effectiveOn && meta.effectiveOn < l.validTo);
  if (!covering) {
    // Named as people know it, never by its id.
    const source = await unitStore.findUnit(db, input.sourceId);
    if (!source) throw new AppError('not_found', { what: 'đơn vị' });
    throw new AppError('unit_not_active', { unit: source.name, date: formatDate(meta.effectiveOn) });
  }
  if (input.newUnits.length === 0) throw invalidOrgInput('newUnits', 'no_new_units');
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
  return restructure(db, actor, plan);
}

/** The split as the API receives it: each sub-unit goes to an existing unit by id or to a new one by its index. */
export function splitFromRequest(
  db: Database,
  actor: Actor,
  sourceId: string,
  body: EventMeta & {
    newUnits: Omit<NewUnitSpec, 'key' | 'parent'>[];
    childMoves: { unitId: string; newParentId?: string | undefined; newIndex?: number | undefined }[];
    keepSource?: boolean | undefined;
  },
) {
  const { newUnits, childMoves, keepSource, ...meta } = body;
  const moves = childMoves.map((m, i) => {
    if (m.newParentId) return { unitId: m.unitId, to: { id: m.newParentId } };
    if (m.newIndex !== undefined) return { unitId: m.unitId, to: { newIndex: m.newIndex } };
    throw invalidOrgInput(`childMoves.${i}`, 'no_destination');
  });
  return splitUnit(db, actor, { sourceId, newUnits, childMoves: moves, keepSource }, meta);
}
