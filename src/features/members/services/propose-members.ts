/**
 * Admission by approval: a CĐCS proposes people (one or a list); the nearest unit above it that holds the power
 * `admit_members` on the proposal date approves or returns each with a reason (since 1/7/2025 commune unions do not
 * hold it, the province does); a returned proposal is corrected and proposed again. Approval issues the member code
 * and records the admission, so only approved members count.
 * The checks on each person and the duplicate guard are in admission-checks.ts.
 */
import { lockTransaction, type Database } from '../../../platform/db';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { recordAudit } from '../../access/service';
import { invalidInput } from '../errors';
import type { ProposalStatus } from '../model';
import * as proposalStore from '../proposal-store';
import { admissionLockKey, auditPerson, federationOf, requireMemberUnit, requireMembers } from './common';
import { preparePeople, type ProposalInput } from './admission-checks';
import { approverOf, checkProposalDate } from './proposal-common';

/** A CĐCS proposes people for admission; every row is checked, nothing is written unless all are good. */
export async function proposeMembers(
  db: Database,
  actor: Actor,
  unitId: string,
  input: { proposedOn?: string | undefined; people: ProposalInput[] },
  today = todayIso(),
) {
  const proposedOn = input.proposedOn ?? today;
  checkProposalDate(proposedOn, today);
  await requireMembers(db, actor, 'members.write', unitId, proposedOn);
  const unit = await requireMemberUnit(db, unitId, proposedOn);
  const approver = await approverOf(db, unit, proposedOn);
  if (input.people.length === 0)
    throw invalidInput([{ field: 'people', message: 'Danh sách đề nghị kết nạp đang trống.' }]);
  return db.transaction(async (tx) => {
    // Checked under the federation's admission lock, as imports are: the same people proposed twice at once (a
    // double click, a file and a form) are refused the second time instead of proposed twice.
    await lockTransaction(tx, admissionLockKey(federationOf(unit)));
    const prepared = await preparePeople(
      tx,
      actor,
      unit,
      proposedOn,
      input.people,
      (i, f) => `people.${i}.${f}`,
      today,
      [],
    );
    const created = await proposalStore.insertProposals(
      tx,
      prepared.map(({ person, existingMemberId }) => ({
        ...person,
        federationId: federationOf(unit),
        unitId,
        approvingUnitId: approver.id,
        proposedOn,
        existingMemberId,
        createdBy: actor.userId,
      })),
    );
    for (const proposal of created) {
      await recordAudit(tx, actor, {
        action: 'member_proposal.create',
        entity: 'member_proposal',
        entityId: proposal.id,
        unitId,
        federationId: proposal.federationId,
        after: { ...auditPerson(proposal), approvingUnitId: approver.id, proposedOn },
      });
    }
    return {
      approvingUnit: approver,
      proposals: created.map((p) => ({ id: p.id, fullName: p.fullName, status: p.status as ProposalStatus })),
    };
  });
}
