/** The unit search: names and codes, folded, best first, each with its path. */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { orgProblem } from '../errors';
import { dayBefore, todayIso } from '../../../lib/dates';
import { foldVietnamese } from '../../../lib/text';
import type { Actor } from '../../access/model';
import { scopeRoots } from '../../access/model';
import * as searchStore from '../search-store';
import * as treeStore from '../tree-store';

/**
 * Units whose name or code matches `query`, best first (see the store), each with the names of its ancestors, and
 * how many match in all (the screen offers "more"). Within the actor's
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
    throw new AppError('forbidden', {}, [orgProblem('within', 'country_search_denied')]);
  if (folded.length < 2) return { units: [], total: 0, ended: [] };
  const roots = within === 'country' ? 'all' : scopeRoots(actor, 'org.read');
  const { hits, total } = await searchStore.searchUnits(db, folded, roots, date, limit);
  const rows = await treeStore.unitsAtDate(
    db,
    hits.map((h) => h.id),
    date,
  );
  const rank = new Map(hits.map((h, i) => [h.id, i]));
  const sorted = rows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  const withPath = [];
  for (const row of sorted) {
    const ancestors = await treeStore.ancestorsAtDate(db, row.id, date);
    const names = await treeStore.unitsAtDate(
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
  return {
    units: withPath,
    total,
    ended: within === 'scope' ? await endedMatches(db, folded, roots, date) : [],
  };
}

/** How many ended units the tree search names beside the living ones. */
const ENDED_SHOWN = 5;

/** Ended units matching the words, each with its name on its last day (the tree links to it as of that day). */
async function endedMatches(db: Database, folded: string, roots: string[] | 'all', date: string) {
  const ended = await searchStore.searchEndedUnits(db, folded, roots, date, ENDED_SHOWN);
  const named = [];
  for (const unit of ended) {
    const lastDay = dayBefore(unit.endedOn);
    const [row] = await treeStore.unitsAtDate(db, [unit.id], lastDay);
    if (row)
      named.push({ id: unit.id, name: row.name, shortName: row.shortName, typeId: row.typeId, lastDay });
  }
  return named;
}
