/** What proposing and correcting a proposal share: who approves it and the date it may bear. */
import type { Database } from '../../../platform/db';
import { formatDate } from '../../../lib/dates';
import { invalidInput, noAdmittingUnit } from '../errors';
import { ADMIT_POWER } from '../model';
import * as unitStore from '../unit-store';

export async function approverOf(db: Database, unit: unitStore.UnitFacts, date: string) {
  const approver = await unitStore.nearestAncestorWithPower(db, unit.id, date, ADMIT_POWER);
  if (!approver) throw noAdmittingUnit(unit.name, date);
  return approver;
}

export function checkProposalDate(proposedOn: string, today: string): void {
  if (proposedOn > today)
    throw invalidInput([
      { field: 'proposedOn', message: `Ngày đề nghị ${formatDate(proposedOn)} không được sau hôm nay.` },
    ]);
}
