/** Reference data of the tree: unit types with their placement rules, and unit groups (khối). */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { orgProblem } from '../errors';
import { OPEN_END } from '../../../lib/dates';
import { normalizeText } from '../../../lib/text';
import type { Actor } from '../../access/model';
import { recordAudit, requireSystemAdmin } from '../../access/service';
import type { Power } from '../model';
import * as unitTypeStore from '../unit-type-store';
import { defaultUnitGroups, defaultUnitTypeRules, defaultUnitTypes } from '../reference-data';
import { ensureSectors } from './manage-sectors';

/** Loads the default unit types, placement rules, groups and sectors where they are missing. */
export async function ensureReferenceData(db: Database): Promise<void> {
  await unitTypeStore.insertReferenceData(
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
  await ensureSectors(db);
}

export async function listUnitTypes(db: Database) {
  const [types, rules] = await Promise.all([
    unitTypeStore.listUnitTypes(db),
    unitTypeStore.listUnitTypeRules(db),
  ]);
  return types.map((t) => ({
    ...t,
    powers: t.powers as Power[],
    parents: rules
      .filter((r) => r.childTypeId === t.id)
      .map((r) => ({ parentTypeId: r.parentTypeId, validFrom: r.validFrom, validTo: r.validTo })),
  }));
}

export const listUnitGroups = unitTypeStore.listUnitGroups;

/** Creates or renames a unit group (a tag such as "Khối HCSN"). System administrators only. */
export async function saveUnitGroup(
  db: Database,
  actor: Actor,
  group: { id: string; name: string },
): Promise<void> {
  requireSystemAdmin(actor);
  await db.transaction(async (tx) => {
    const before = await unitTypeStore.upsertUnitGroup(tx, { id: group.id, name: normalizeText(group.name) });
    await recordAudit(tx, actor, {
      action: before ? 'unit_group.update' : 'unit_group.create',
      entity: 'unit_group',
      entityId: group.id,
      before: before ?? null,
      after: group,
    });
  });
}

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
  const before = await unitTypeStore.findUnitType(db, input.id);
  const known = new Set((await unitTypeStore.listUnitTypes(db)).map((t) => t.id).concat(input.id));
  const unknown = input.parents.filter((p) => !known.has(p.parentTypeId));
  if (unknown.length) {
    throw new AppError(
      'validation_failed',
      {},
      unknown.map((p, i) =>
        orgProblem(`parents.${i}.parentTypeId`, 'unknown_parent_type', { type: p.parentTypeId }),
      ),
    );
  }
  await db.transaction(async (tx) => {
    await unitTypeStore.upsertUnitType(tx, {
      ...input,
      nameVi: normalizeText(input.nameVi),
      legalBasis: input.legalBasis ?? null,
    });
    await unitTypeStore.replaceRulesForChild(tx, input.id, input.parents);
    await recordAudit(tx, actor, {
      action: before ? 'unit_type.update' : 'unit_type.create',
      entity: 'unit_type',
      entityId: input.id,
      before: before ?? null,
      after: input,
    });
  });
}
