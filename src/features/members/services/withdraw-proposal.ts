import type { Database } from '../../../platform/db';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { isUnder, recordAudit } from '../../access/service';
import { proposalNotFound, proposalNotPending, proposalsDecidedMeanwhile } from '../errors';
import { PROPOSAL_STATUS_LABELS, type ProposalStatus } from '../model';
import * as proposalStore from '../proposal-store';
import { requireMembers } from './common';

/** Withdraws a proposal that is waiting or was returned (the person is no longer proposed). */
export async function withdrawProposal(db: Database, actor: Actor, scopeUnitId: string, proposalId: string) {
  const [proposal] = await proposalStore.findProposals(db, [proposalId]);
  if (!proposal || !(await isUnder(db, scopeUnitId, proposal.unitId, todayIso()))) throw proposalNotFound();
  await requireMembers(db, actor, 'members.write', proposal.unitId, proposal.proposedOn);
  if (proposal.status !== 'proposed' && proposal.status !== 'returned')
    throw proposalNotPending([
      {
        field: 'status',
        message: `Hồ sơ của ${proposal.fullName} đang ở trạng thái "${PROPOSAL_STATUS_LABELS[proposal.status as ProposalStatus]}", không rút được.`,
      },
    ]);
  await db.transaction(async (tx) => {
    if (
      !(await proposalStore.updateProposalIfStatus(tx, proposalId, proposal.status, { status: 'withdrawn' }))
    )
      throw proposalHandledMeanwhile(proposal.fullName);
    await recordAudit(tx, actor, {
      action: 'member_proposal.withdraw',
      entity: 'member_proposal',
      entityId: proposalId,
      unitId: proposal.unitId,
      federationId: proposal.federationId,
      before: { status: proposal.status },
      after: { status: 'withdrawn' },
    });
  });
  return { id: proposalId, status: 'withdrawn' as const, round: proposal.round };
}

/** A proposal approved, returned or withdrawn by someone else since it was read, named beside its status. */
const proposalHandledMeanwhile = (fullName: string) =>
  proposalsDecidedMeanwhile([
    {
      field: 'status',
      message: `Hồ sơ của ${fullName} vừa được người khác duyệt, trả lại hoặc rút; hãy tải lại.`,
    },
  ]);
