import { violatedUniqueKey, type Database } from '../../../platform/db';
import type { Problem } from '../../../platform/errors';
import { todayIso } from '../../../lib/dates';
import type { Actor } from '../../access/model';
import { isUnder, recordAudit } from '../../access/service';
import {
  duplicateMember,
  invalidInput,
  peopleNamed,
  proposalNotFound,
  proposalNotPending,
  proposalsDecidedMeanwhile,
  valueTaken,
} from '../errors';
import { formatMemberCode } from '../member-code';
import { PROPOSAL_STATUS_LABELS, type ProposalStatus } from '../model';
import { nameSortKey } from '../name-order';
import * as unitStore from '../unit-store';
import * as proposalStore from '../proposal-store';
import * as recordStore from '../record-store';
import { personValues } from '../bulk-store';
import { auditPerson, holds, requireMembers } from './common';
import { recordEvents, type NewEvent } from './history';
import { sameIdentity, stayStartOf } from './admission-checks';

export interface Decision {
  proposalId: string;
  decision: 'approve' | 'return';
  reason?: string | null | undefined;
}

/**
 * The approving unit decides a list of proposals: approve (issue a member code and record the admission) or return
 * with a reason. All or nothing. The member joins the union on the day of the decision, unless the proposal gave
 * an earlier join date (someone who joined before, a transfer from outside the system): `joinsOn`. Their stay in
 * the CĐCS starts then, or at the CĐCS's founding if that came later (admission-checks.ts stayStartOf).
 */
export const joinsOn = (proposal: { joinedOn: string | null }, decidedOn: string): string =>
  proposal.joinedOn !== null && proposal.joinedOn < decidedOn ? proposal.joinedOn : decidedOn;

export async function decideProposals(
  db: Database,
  actor: Actor,
  approvingUnitId: string,
  decisions: readonly Decision[],
  today = todayIso(),
) {
  const approvingUnit = await requireMembers(db, actor, 'members.approve', approvingUnitId, today);
  const proposals = new Map(
    (
      await proposalStore.findProposals(
        db,
        decisions.map((d) => d.proposalId),
      )
    ).map((p) => [p.id, p]),
  );
  const problems: Problem[] = [];
  const stale: Problem[] = [];
  const seen = new Set<string>();
  for (const [i, d] of decisions.entries()) {
    const field = `decisions.${i}`;
    const p = proposals.get(d.proposalId);
    if (!p) {
      problems.push({ field: `${field}.proposalId`, message: 'Không tìm thấy hồ sơ đề nghị kết nạp.' });
      continue;
    }
    // A proposal this unit does not decide is named only to someone who may see its person.
    const mine =
      (await isUnder(db, approvingUnitId, p.approvingUnitId, p.proposedOn)) &&
      (await isUnder(db, approvingUnitId, p.unitId, today));
    if (!mine) {
      if (!(await holds(db, actor, 'members.read', p.unitId))) {
        problems.push({ field: `${field}.proposalId`, message: 'Không tìm thấy hồ sơ đề nghị kết nạp.' });
        continue;
      }
      const [owner] = await unitStore.unitFacts(db, [p.approvingUnitId]);
      problems.push({
        field: `${field}.proposalId`,
        message: `Hồ sơ của ${p.fullName} thuộc thẩm quyền duyệt của "${owner?.name ?? ''}", không phải "${approvingUnit.name}".`,
      });
      continue;
    }
    if (seen.has(p.id))
      problems.push({ field: `${field}.proposalId`, message: `Hồ sơ của ${p.fullName} được chọn hai lần.` });
    seen.add(p.id);
    if (p.status !== 'proposed')
      stale.push({
        field: `${field}.proposalId`,
        message: `Hồ sơ của ${p.fullName} đang ở trạng thái "${PROPOSAL_STATUS_LABELS[p.status as ProposalStatus]}", không chờ duyệt.`,
      });
    if (d.decision === 'return' && !d.reason?.trim())
      problems.push({ field: `${field}.reason`, message: 'Cần nêu lý do trả lại để đơn vị đề nghị sửa.' });
  }
  // A wrong request (a proposal not found or decided elsewhere, chosen twice, a return without a reason) is a 400;
  // proposals that are all right but were handled meanwhile are a 409: reload and look again.
  if (problems.length) throw invalidInput([...problems, ...stale]);
  if (stale.length) throw proposalNotPending(stale);

  const approvals = decisions
    .filter((d) => d.decision === 'approve')
    .map((d) => proposals.get(d.proposalId)!);
  const returns = decisions.filter((d) => d.decision === 'return');
  return db
    .transaction(async (tx) => {
      await claimProposals(tx, decisions, proposals);
      // Someone may have been admitted elsewhere since the proposal: run the duplicate guard again, once the proposals
      // are held, so that a decision made meanwhile on one of them reads as that and not as a duplicate of itself.
      const fresh = approvals.filter((p) => p.existingMemberId === null);
      const again = await recordStore.findDuplicates(
        tx,
        fresh,
        today,
        approvals.map((p) => p.id),
      );
      const dupProblems: Problem[] = [];
      const fieldOf = (p: proposalStore.ProposalRow) =>
        `decisions.${decisions.findIndex((d) => d.proposalId === p.id)}.proposalId`;
      for (const [i, p] of fresh.entries()) {
        const twin = fresh.findIndex((q, k) => k < i && sameIdentity(p, q) !== null);
        if (twin >= 0)
          dupProblems.push({
            field: fieldOf(p),
            message: `${p.fullName}: trùng với hồ sơ của ${fresh[twin]!.fullName} cũng đang được duyệt.`,
          });
      }
      for (const p of fresh) {
        const match = again.find((m) => sameIdentity(p, m));
        if (!match) continue;
        const seenThere = await holds(tx, actor, 'members.read', match.unitId, today);
        dupProblems.push({
          field: fieldOf(p),
          message: `${p.fullName}: người này đã là đoàn viên hoặc đang được đề nghị ${seenThere ? `tại "${match.unitName}"` : 'ở một đơn vị khác'}.`,
        });
      }
      if (dupProblems.length)
        throw duplicateMember(
          dupProblems,
          peopleNamed(
            fresh
              .filter((p) => dupProblems.some((d) => d.field === fieldOf(p)))
              .map((p) => ({ index: decisions.findIndex((d) => d.proposalId === p.id), name: p.fullName })),
            false,
          ),
        );

      const numbers = await recordStore.nextMemberCodeNumbers(tx, fresh.length);
      const approved: { proposalId: string; memberId: string; code: string }[] = [];
      const events: NewEvent[] = [];
      const names = new Map<string, string>();
      const decidedAt = new Date();
      const units = new Map(
        (await unitStore.unitFacts(tx, [...new Set(approvals.map((p) => p.unitId))])).map((u) => [u.id, u]),
      );
      for (const p of approvals) {
        const joinedOn = joinsOn(p, today);
        let member: recordStore.MemberRow | undefined;
        if (p.existingMemberId) member = await recordStore.findMember(tx, p.existingMemberId);
        else {
          member = await recordStore.insertMember(tx, {
            ...personValues({ ...p, joinedOn }),
            code: formatMemberCode(numbers.shift()!),
            sortKey: nameSortKey(p.fullName),
          });
        }
        if (!member) throw proposalNotFound();
        names.set(member.id, member.fullName);
        events.push({
          memberId: member.id,
          kind: 'admit',
          unitId: p.unitId,
          effectiveOn: stayStartOf(joinedOn, units.get(p.unitId) ?? { foundedOn: joinedOn }),
          proposalId: p.id,
        });
        approved.push({ proposalId: p.id, memberId: member.id, code: member.code });
        await proposalStore.updateProposal(tx, p.id, {
          status: 'approved',
          // The proposal keeps the join date the member got (the decision's, when it gave none).
          joinedOn,
          memberId: member.id,
          decidedBy: actor.userId,
          decidedAt,
        });
        await recordAudit(tx, actor, {
          action: 'member.admit',
          entity: 'member',
          entityId: member.id,
          unitId: p.unitId,
          federationId: p.federationId,
          after: {
            ...auditPerson({ ...p, joinedOn, code: member.code }),
            proposalId: p.id,
            approvingUnitId,
            secondMembership: p.existingMemberId !== null,
          },
        });
      }
      if (events.length) await recordEvents(tx, actor.userId, events, names);
      for (const d of returns) {
        const p = proposals.get(d.proposalId)!;
        const reason = d.reason?.trim() ?? '';
        await proposalStore.updateProposal(tx, p.id, {
          status: 'returned',
          returnReason: reason,
          decidedBy: actor.userId,
          decidedAt,
        });
        await recordAudit(tx, actor, {
          action: 'member_proposal.return',
          entity: 'member_proposal',
          entityId: p.id,
          unitId: p.unitId,
          federationId: p.federationId,
          after: { reason, round: p.round, approvingUnitId },
        });
      }
      return { approved, returned: returns.map((d) => d.proposalId) };
    })
    .catch((error: unknown) => {
      throw admissionConflict(error);
    });
}

/**
 * Holds every proposal decided here for the rest of the transaction. One that someone else decided (or corrected)
 * since it was read fails the whole list, before anything is written: the proposal is named beside its row (the
 * approver sees it: it passed the scope check above).
 */
async function claimProposals(
  tx: Database,
  decisions: readonly Decision[],
  read: ReadonlyMap<string, proposalStore.ProposalRow>,
): Promise<void> {
  const claimed = new Map(
    (await proposalStore.claimPendingProposals(tx, [...read.keys()])).map((p) => [p.id, p]),
  );
  const taken: Problem[] = [];
  for (const [i, d] of decisions.entries()) {
    const seen = read.get(d.proposalId)!;
    const now = claimed.get(seen.id);
    if (!now || now.updatedAt.getTime() !== seen.updatedAt.getTime())
      taken.push({
        field: `decisions.${i}.proposalId`,
        message: `Hồ sơ của ${seen.fullName} vừa được người khác duyệt, trả lại hoặc sửa; hãy tải lại danh sách.`,
      });
  }
  if (taken.length) throw proposalsDecidedMeanwhile(taken);
}

/** The registry's unique keys met by an approval, as the typed errors they mean; any other error as it is. */
function admissionConflict(error: unknown): unknown {
  const key = violatedUniqueKey(error);
  if (key === 'membership_events_proposal_key') return proposalsDecidedMeanwhile([]);
  if (key === 'members_cccd_key')
    return valueTaken(
      'decisions',
      'Số CCCD',
      'Một người trong danh sách vừa được kết nạp với cùng số CCCD; hãy tải lại danh sách.',
    );
  return error;
}
