import type { Database } from '../../../platform/db';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { isUnder, recordAudit } from '../../access/service';
import { proposalNotFound, proposalEditedMeanwhile, proposalNotPending } from '../errors';
import * as proposalStore from '../proposal-store';
import { auditPerson, requireMemberUnit, requireMembers } from './common';
import { preparePeople, type ProposalInput } from './admission-checks';
import { approverOf, checkProposalDate } from './proposal-common';

/** Corrects a proposal still waiting or returned; a returned one is proposed again (next round). */
export async function correctProposal(
  db: Database,
  actor: Actor,
  scopeUnitId: string,
  proposalId: string,
  input: ProposalInput & { proposedOn?: string | undefined; version?: number | undefined },
  today = todayIso(),
) {
  const [proposal] = await proposalStore.findProposals(db, [proposalId]);
  if (!proposal || !(await isUnder(db, scopeUnitId, proposal.unitId, today))) throw proposalNotFound();
  // A correction made on an older load (someone corrected, returned or decided it since) is refused, not merged.
  if (input.version !== undefined && input.version !== proposal.version)
    throw proposalEditedMeanwhile(proposal.fullName);
  if (proposal.status === 'approved' || proposal.status === 'withdrawn')
    throw proposalNotPending([
      {
        field: 'status',
        message:
          proposal.status === 'approved'
            ? `Hồ sơ của ${proposal.fullName} đã được duyệt; sửa thông tin trong hồ sơ đoàn viên.`
            : `Hồ sơ của ${proposal.fullName} đã được rút; lập hồ sơ đề nghị mới.`,
      },
    ]);
  const resubmitted = proposal.status === 'returned';
  const proposedOn = input.proposedOn ?? (resubmitted ? today : proposal.proposedOn);
  checkProposalDate(proposedOn, today);
  await requireMembers(db, actor, 'members.write', proposal.unitId, proposedOn);
  const unit = await requireMemberUnit(db, proposal.unitId, proposedOn);
  const approver = await approverOf(db, unit, proposedOn);
  const [prepared] = await preparePeople(db, actor, unit, proposedOn, [input], (_, f) => f, today, [
    proposalId,
  ]);
  const { person, existingMemberId } = prepared!;
  await db.transaction(async (tx) => {
    const written = await proposalStore.updateProposalIfStatus(
      tx,
      proposalId,
      proposal.status,
      {
        ...person,
        existingMemberId,
        approvingUnitId: approver.id,
        proposedOn,
        status: 'proposed',
        round: resubmitted ? proposal.round + 1 : proposal.round,
      },
      proposal.version,
    );
    if (!written) throw proposalEditedMeanwhile(proposal.fullName);
    await recordAudit(tx, actor, {
      action: resubmitted ? 'member_proposal.resubmit' : 'member_proposal.update',
      entity: 'member_proposal',
      entityId: proposalId,
      unitId: proposal.unitId,
      federationId: proposal.federationId,
      before: { ...auditPerson(proposal), status: proposal.status, returnReason: proposal.returnReason },
      after: { ...auditPerson(person), approvingUnitId: approver.id, proposedOn },
    });
  });
  return {
    id: proposalId,
    status: 'proposed' as const,
    round: resubmitted ? proposal.round + 1 : proposal.round,
  };
}
