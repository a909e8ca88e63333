/**
 * What other features do when the tree changes. The restructuring engine knows only this registry; a later feature
 * (members, the periodic reports) registers its handlers at the composition root (`src/server.ts`
 * `composeFeatures`), so the arrows point down: organisation imports no feature that depends on it.
 *
 * Each hook runs inside the restructuring's own transaction: a handler that throws rolls the whole event back.
 */
import type { Database } from '../../platform/db';
import type { Actor } from '../access/model';
import type { EventKind } from './model';

/** A unit whose contents follow it into another unit on `effectiveOn` (a merged unit into its receiving unit). */
export interface UnitFollows {
  fromUnitId: string;
  toUnitId: string;
}

export interface RestructureMeta {
  kind: EventKind;
  effectiveOn: string;
  decisionNo?: string | null | undefined;
  note?: string | null | undefined;
}

/** What a restructuring did, published once it is recorded (still inside its transaction). */
export interface RestructureOutcome extends RestructureMeta {
  eventId: number;
  founded: string[];
  moved: string[];
  ended: string[];
  renamed: string[];
}

export interface RestructureHandlers {
  /**
   * Moves what lives in each `fromUnitId` on the date to its `toUnitId`, before the merged units end. Returns how
   * many records (people) moved.
   */
  unitsFollow?: (
    tx: Database,
    actor: Actor | null,
    follows: readonly UnitFollows[],
    meta: RestructureMeta,
  ) => Promise<number>;
  /**
   * How many records still live in the unit on or after `date`; a unit with any cannot end on that date. The answer
   * names what they are, for the refusal ("đoàn viên").
   */
  occupantsFrom?: (tx: Database, unitId: string, date: string) => Promise<number>;
  /** Told what the restructuring did, after it is recorded. */
  restructured?: (tx: Database, actor: Actor | null, outcome: RestructureOutcome) => Promise<void>;
  /** Told that units' attributes outside the tree's history changed (sector, address, groups). */
  attributesChanged?: (tx: Database, unitIds: readonly string[]) => Promise<void>;
}

const registry = new Map<string, RestructureHandlers>();

/** Registers (or replaces) the handlers a feature gives under `name`; calling it again with the same name is harmless. */
export function registerRestructureHandlers(name: string, handlers: RestructureHandlers): void {
  registry.set(name, handlers);
}

/** Removes a feature's handlers (tests that compose the app differently). */
export function unregisterRestructureHandlers(name: string): void {
  registry.delete(name);
}

/** Calls every registered `unitsFollow` in registration order; returns the largest count any reported. */
export async function publishUnitsFollow(
  tx: Database,
  actor: Actor | null,
  follows: readonly UnitFollows[],
  meta: RestructureMeta,
): Promise<number> {
  let moved = 0;
  for (const handlers of registry.values()) {
    if (handlers.unitsFollow) moved = Math.max(moved, await handlers.unitsFollow(tx, actor, follows, meta));
  }
  return moved;
}

/** The occupants the registered features report in a unit on or after `date` (0 when it may end). */
export async function occupantsFrom(tx: Database, unitId: string, date: string): Promise<number> {
  let count = 0;
  for (const handlers of registry.values()) {
    if (handlers.occupantsFrom) count += await handlers.occupantsFrom(tx, unitId, date);
  }
  return count;
}

export async function publishRestructured(
  tx: Database,
  actor: Actor | null,
  outcome: RestructureOutcome,
): Promise<void> {
  for (const handlers of registry.values()) {
    if (handlers.restructured) await handlers.restructured(tx, actor, outcome);
  }
}

export async function publishAttributesChanged(tx: Database, unitIds: readonly string[]): Promise<void> {
  for (const handlers of registry.values()) {
    if (handlers.attributesChanged) await handlers.attributesChanged(tx, unitIds);
  }
}
