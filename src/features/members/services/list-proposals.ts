import type { Database } from '../../../platform/db';
import type { Actor } from '../../access/model';
import type { ProposalStatus } from '../model';
import * as proposalStore from '../proposal-store';
import { todayIso } from '../../../lib/dates';
import { holds, personView, requireMembers } from './common';
import { joinsOn } from './decide-proposals';

/** Proposals from units under `unitId`, newest first; CCCD and phone masked unless the actor holds members.pii. */
export async function listProposals(
  db: Database,
  actor: Actor,
  unitId: string,
  query: { status?: ProposalStatus | undefined; page: number; pageSize: number },
  today = todayIso(),
) {
  await requireMembers(db, actor, 'members.read', unitId);
  const showPersonalData = await holds(db, actor, 'members.pii', unitId);
  const { total, rows } = await proposalStore.listProposals(db, unitId, {
    status: query.status,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    proposals: rows.map((p) => ({
      id: p.id,
      ...personView(p, showPersonalData),
      unit: { id: p.unitId, name: p.unitName },
      approvingUnit: { id: p.approvingUnitId, name: p.approvingUnitName },
      joinsOn: joinsOn(p, today),
      proposedOn: p.proposedOn,
      status: p.status as ProposalStatus,
      round: p.round,
      version: p.version,
      returnReason: p.returnReason,
      secondMembership: p.existingMemberId !== null,
      memberCode: p.memberCode,
      decidedAt: p.decidedAt ? p.decidedAt.toISOString() : null,
    })),
  };
}
