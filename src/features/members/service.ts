/** Use-cases of the member registry (see services/): proposals and approval, events, search, records, counts. */
export { ensureMemberReferenceData, listEthnicities } from './services/ensure-reference-data';
export { searchMembers, readSearchText } from './services/search-members';
export type { MemberSearch } from './services/search-members';
export { getMember, exportMember } from './services/get-member';
export { updateMember } from './services/update-member';
export type { MemberPatch } from './services/update-member';
export { countMembers } from './services/count-members';
export {
  proposeMembers,
  correctProposal,
  withdrawProposal,
  decideProposals,
  listProposals,
} from './services/proposals';
export type { ProposalInput, Decision } from './services/proposals';
export {
  transferMember,
  leaveMember,
  reinstateMember,
  recordDeath,
  transferAllMembers,
} from './services/events';

/**
 * How many stays are open at the unit on or after `date`: the members to transfer before the unit can be dissolved
 * or merged away on that date (for the organisation's restructuring checks).
 */
export { countStaysReaching as membersStillIn } from './stay-store';
export { transferMembersWithUnits, memberRestructureHandlers } from './services/restructure-transfers';
export type { UnitMemberTransfer } from './services/restructure-transfers';
export { ensureTallies, rebuildTallies } from './services/tallies';
