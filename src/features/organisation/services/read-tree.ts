/** Reading the tree as of a date: the actor's roots, a unit's children, subtree, details and timeline. */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { todayIso } from '../../../lib/dates';
import { compareVietnamese } from '../../../lib/text';
import type { Actor } from '../../access/model';
import { scopeRoots } from '../../access/model';
import { requireUnit, topUnits } from '../../access/service';
import * as eventStore from '../event-store';
import * as parentStore from '../parent-store';
import * as treeStore from '../tree-store';
import * as unitStore from '../unit-store';
import * as unitTypeStore from '../unit-type-store';
import { timelineOf } from './unit-timeline';

const byName = (a: { name: string }, b: { name: string }) => compareVietnamese(a.name, b.name);

/** The units the actor starts from on a date: the top of each of their subtrees (all roots for a system admin). */
export async function listRoots(db: Database, actor: Actor, date = todayIso()) {
  const roots = scopeRoots(actor, 'org.read');
  let ids: string[];
  if (roots === 'all') ids = await treeStore.rootIdsAtDate(db, date);
  else ids = await topUnits(db, roots, date);
  const rows = await treeStore.unitsAtDate(db, ids, date);
  return rows.filter((r) => r.foundedOn <= date && date < r.endedOn).sort(byName);
}

export async function listChildren(db: Database, actor: Actor, unitId: string, date = todayIso()) {
  await requireUnit(db, actor, 'org.read', unitId, date);
  return (await treeStore.childrenAtDate(db, unitId, date)).sort(byName);
}

export async function listSubtree(db: Database, actor: Actor, unitId: string, date = todayIso()) {
  await requireUnit(db, actor, 'org.read', unitId, date);
  return treeStore.subtreeUnitsAtDate(db, unitId, date);
}

export async function getUnit(db: Database, actor: Actor, unitId: string, date = todayIso()) {
  await requireUnit(db, actor, 'org.read', unitId, date);
  const unit = await unitStore.findUnit(db, unitId);
  if (!unit) throw new AppError('not_found', { what: 'đơn vị' });
  const [row] = await treeStore.unitsAtDate(db, [unitId], date);
  // Outside the unit's life there is no "as of" picture of it.
  const atDate = row && row.foundedOn <= date && date < row.endedOn ? row : undefined;
  const ancestors = await treeStore.ancestorsAtDate(db, unitId, date);
  const ancestorRows = await treeStore.unitsAtDate(
    db,
    ancestors.map((a) => a.id),
    date,
  );
  const order = new Map(ancestors.map((a) => [a.id, a.depth]));
  const links = await parentStore.parentLinksOf(db, unitId);
  const parentRows = await unitStore.findUnits(db, [...new Set(links.map((l) => l.parentId))]);
  const parentNames = new Map(parentRows.map((p) => [p.id, p.name]));
  return {
    unit,
    atDate: atDate ?? null,
    ancestors: ancestorRows.sort((a, b) => (order.get(b.id) ?? 0) - (order.get(a.id) ?? 0)),
    parentHistory: links.map((l) => ({ ...l, parentName: parentNames.get(l.parentId) ?? '' })),
    groups: await unitTypeStore.groupsOfUnit(db, unitId),
  };
}

export async function listEvents(
  db: Database,
  actor: Actor,
  unitId: string,
  options: { subtree?: boolean; limit?: number } = {},
) {
  await requireUnit(db, actor, 'org.read', unitId);
  return timelineOf(db, unitId, await eventStore.eventsOfUnit(db, unitId, options), options);
}
