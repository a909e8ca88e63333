/** Use-cases of the member registry (see services/): proposals and approval, events, search, records, counts. */
export { ensureMemberReferenceData, listPersonValues } from './services/ensure-reference-data';
export { searchMembers, readSearchText } from './services/search-members';
export type { MemberSearch } from './services/search-members';
export { getMember, exportMember } from './services/get-member';
export { updateMember } from './services/update-member';
export type { MemberPatch } from './services/update-member';
export { countMembers } from './services/count-members';
export { proposeMembers } from './services/propose-members';
export { correctProposal } from './services/correct-proposal';
export { withdrawProposal } from './services/withdraw-proposal';
export { decideProposals } from './services/decide-proposals';
export type { Decision } from './services/decide-proposals';
export { listProposals } from './services/list-proposals';
export type { ProposalInput } from './services/admission-checks';
export { transferMember } from './services/transfer-member';
export { leaveMember } from './services/leave-member';
export { reinstateMember } from './services/reinstate-member';
export { recordDeath } from './services/record-death';
export { transferAllMembers } from './services/transfer-all-members';

/**
 * How many stays are open at the unit on or after `date`: the members to transfer before the unit can be dissolved
 * or merged away on that date (for the organisation's restructuring checks).
 */
export { countStaysReaching as membersStillIn } from './stay-store';
export { transferMembersWithUnits, memberRestructureHandlers } from './services/restructure-transfers';
export type { UnitMemberTransfer } from './services/restructure-transfers';
export { ensureTallies, rebuildTallies } from './services/tallies';
