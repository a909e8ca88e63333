/** Editing what is not part of the tree's history: sector, address, groups. */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import type { Actor } from '../../access/model';
import { recordAudit, requireUnit } from '../../access/service';
import { publishAttributesChanged } from '../restructure-handlers';
import * as unitStore from '../unit-store';
import { attributeDate, requireSectorOn } from './manage-sectors';
import * as unitTypeStore from '../unit-type-store';

export interface UnitAttributes {
  sector?: string | null | undefined;
  province?: string | null | undefined;
  commune?: string | null | undefined;
  address?: string | null | undefined;
  foundingDecisionNo?: string | null | undefined;
  groups?: string[] | undefined;
}

/** Edits the attributes that are not part of the tree's history (sector, address, groups). */
export async function updateUnitAttributes(
  db: Database,
  actor: Actor,
  unitId: string,
  input: UnitAttributes,
): Promise<void> {
  const scoped = await requireUnit(db, actor, 'org.write', unitId);
  const before = await unitStore.findUnit(db, unitId);
  if (!before) throw new AppError('not_found', { what: 'đơn vị' });
  // A new sector is one that applies on the day the unit is described (today, or its last day if it has ended); a
  // sector the unit already has stays even after it ends (the form sends it back unchanged).
  if (input.sector && input.sector !== before.sector)
    await requireSectorOn(db, input.sector, attributeDate(before.endedOn));
  const beforeGroups = await unitTypeStore.groupsOfUnit(db, unitId);
  const { groups, ...attributes } = input;
  await db.transaction(async (tx) => {
    await unitStore.updateUnitAttributes(tx, unitId, attributes);
    if (groups) await unitTypeStore.setGroupsOfUnit(tx, unitId, groups);
    if (attributes.sector !== undefined && attributes.sector !== before.sector)
      await publishAttributesChanged(tx, [unitId]);
    await recordAudit(tx, actor, {
      action: 'unit.update',
      entity: 'unit',
      entityId: unitId,
      unitId,
      federationId: scoped.federationId,
      before: {
        sector: before.sector,
        province: before.province,
        commune: before.commune,
        address: before.address,
        foundingDecisionNo: before.foundingDecisionNo,
        groups: beforeGroups,
      },
      after: input,
    });
  });
}
