/** Use-cases of the member registry (see services/): proposals and approval, events, search, records, counts. */
export {
  ensureMemberReferenceData,
  listEthnicities,
  searchMembers,
  getMember,
  exportMember,
} from './services/registry';
export { updateMember, countMembers, readSearchText } from './services/registry';
export type { MemberSearch, MemberPatch } from './services/registry';
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
export { transferMembersWithUnits } from './services/restructure-transfers';
export type { UnitMemberTransfer } from './services/restructure-transfers';
export { ensureTallies, rebuildTallies } from './services/tallies';
