/**
 * The server's contracts and domain labels as the web app sees them: types only from contract.ts (no zod at run
 * time), label tables and constants from model.ts. Everything the web app knows about the API comes from here.
 */
import type { z } from 'zod';
import type * as org from '../../../src/features/organisation/contract';
import type * as access from '../../../src/features/access/contract';
import type * as members from '../../../src/features/members/contract';
import type * as reporting from '../../../src/features/reporting/contract';
import type * as reportCatalogue from '../../../src/features/reporting/catalogue-contract';
import type * as reportExchange from '../../../src/features/reporting/exchange-contract';

export {
  EVENT_KINDS,
  POWERS,
  UNIT_CODE,
  type EventKind,
  type Power,
} from '../../../src/features/organisation/model';
export { PERMISSIONS, ROLES, type Permission, type Role } from '../../../src/features/access/model';
export {
  AGE_BANDS,
  EVENT_KINDS as MEMBER_EVENT_KINDS,
  GENDERS,
  LEAVE_REASONS,
  MEMBER_STATUSES,
  MAX_CARDS_PER_PRINT,
  MEMBER_UNIT_MIN_LEVEL,
  PROPOSAL_STATUSES,
  type Gender,
  type LeaveReason,
  type MemberStatus,
  type MembershipEventKind,
  type ProposalStatus,
} from '../../../src/features/members/model';

export type {
  UnitAtDateView,
  UnitDetail,
  UnitEventView,
  UnitTypeView,
  SectorView,
} from '../../../src/features/organisation/contract';
export type { Me, UserView, AuditRowView } from '../../../src/features/access/contract';
export type { DashboardView } from '../../../src/features/members/dashboard-contract';
export { AUDIT_ACTIONS, type AuditAction } from '../../../src/features/access/audit-actions';

export type SubtreeUnit = z.infer<typeof org.subtreeResponse>['units'][number];
export type SearchHit = z.infer<typeof org.searchResponse>['units'][number];
export type EndedHit = z.infer<typeof org.searchResponse>['ended'][number];
export type UnitTypesResponse = z.infer<typeof org.unitTypesResponse>;
export type UnitGroup = UnitTypesResponse['groups'][number];
export type EventResult = z.infer<typeof org.eventResult>;

export type FoundRequest = z.input<typeof org.foundRequest>;
export type RenameRequest = z.input<typeof org.renameRequest>;
export type MoveRequest = z.input<typeof org.moveRequest>;
export type MergeRequest = z.input<typeof org.mergeRequest>;
export type SplitRequest = z.input<typeof org.splitRequest>;
export type DissolveRequest = z.input<typeof org.dissolveRequest>;
export type RestructureRequest = z.input<typeof org.restructureRequest>;
export type AttributesRequest = z.input<typeof org.attributesRequest>;
export type UnitTypeRequest = z.input<typeof org.unitTypeRequest>;
export type SectorsResponse = z.infer<typeof org.sectorsResponse>;
export type SectorRequest = z.input<typeof org.sectorRequest>;
export type EventMeta = z.input<typeof org.eventMeta>;
export type NewUnitFields = z.input<typeof org.newUnitFields>;

export type LoginRequest = z.input<typeof access.loginRequest>;
export type ChangePasswordRequest = z.input<typeof access.changePasswordRequest>;
export type CreateUserRequest = z.input<typeof access.createUserRequest>;
export type UpdateUserRequest = z.input<typeof access.updateUserRequest>;
export type GrantRequest = z.input<typeof access.grantRequest>;
export type AuditResponse = z.infer<typeof access.auditResponse>;
export type Grant = z.infer<typeof access.grantView>;

export type MemberListResponse = z.infer<typeof members.memberListResponse>;
export type MemberListItem = members.MemberListItem;
export type MemberDetail = members.MemberDetail;
export type MemberEventView = MemberDetail['events'][number];
export type MembershipView = MemberDetail['memberships'][number];
export type MemberCounts = members.MemberCounts;
export type MemberCountLine = MemberCounts['byGender'][number];
export type MemberPatch = z.input<typeof members.memberPatch>;
export type MemberUpdateResult = z.infer<typeof members.memberUpdateResponse>;
export type PersonValueLists = z.infer<typeof members.personValuesResponse>;
export type TransferRequest = z.input<typeof members.transferRequest>;
export type LeaveRequest = z.input<typeof members.leaveRequest>;
export type ReinstateRequest = z.input<typeof members.reinstateRequest>;
export type DeathRequest = z.input<typeof members.deathRequest>;
export type MemberEventResult = z.infer<typeof members.eventResponse>;
export type ProposalPerson = z.input<typeof members.proposalPerson>;
export type ProposeRequest = members.ProposeRequest;
export type ProposeResult = z.infer<typeof members.proposeResponse>;
export type CorrectRequest = z.input<typeof members.correctRequest>;
export type CorrectResult = z.infer<typeof members.correctResponse>;
export type DecideRequest = z.input<typeof members.decideRequest>;
export type DecideResult = z.infer<typeof members.decideResponse>;
export type ProposalListResponse = z.infer<typeof members.proposalListResponse>;
export type ProposalView = ProposalListResponse['proposals'][number];
export type {
  ImportMode,
  ImportPhase,
  MemberImportJob,
  MemberImportResult,
} from '../../../src/features/members/exchange-contract';

// periodic reports
export {
  STATUSES as REPORT_STATUSES,
  STATUS_LABELS as REPORT_STATUS_LABELS,
  type ReportStatus,
  type Basis,
  type ValueType,
} from '../../../src/features/reporting/model';
export type ReportCatalogue = z.infer<typeof reporting.catalogueResponse>;
export type ReportPeriod = ReportCatalogue['forms'][number]['recentPeriods'][number];
export type ReportView = z.infer<typeof reporting.reportResponse>;
export type ReportIndicator = ReportView['indicators'][number];
export type ReportProblem = ReportView['problems'][number];
export type SaveReportRequest = z.input<typeof reporting.saveReportRequest>;
export type SaveReportResponse = z.infer<typeof reporting.saveReportResponse>;
export type ReportStatusRequest = z.input<typeof reporting.statusRequest>;
export type ReportStatusResponse = z.infer<typeof reporting.statusResponse>;
export type ReportTotals = z.infer<typeof reporting.totalsResponse>;
export type ReportTotalsRow = ReportTotals['rows'][number];
export type ReportBreakdown = z.infer<typeof reporting.breakdownResponse>;
export type ReportCompleteness = z.infer<typeof reporting.completenessResponse>;
export type ReportApprovals = z.infer<typeof reporting.approvalsResponse>;
export type ReportTargets = z.infer<typeof reporting.targetsResponse>;
export type SetTargetsRequest = z.input<typeof reporting.setTargetsRequest>;
export type SetTargetsResponse = z.infer<typeof reporting.setTargetsResponse>;
export type ReportImportResult = z.infer<typeof reportExchange.importResponse>;
export type TargetsImportResult = z.infer<typeof reportExchange.targetsImportResponse>;
export type CatalogueAdmin = z.infer<typeof reportCatalogue.catalogueAdminResponse>;
export type CatalogueIndicator = CatalogueAdmin['indicators'][number];
export type CatalogueForm = CatalogueAdmin['forms'][number];
export type CatalogueVersion = CatalogueForm['versions'][number];
export type CreateIndicatorRequest = z.input<typeof reportCatalogue.createIndicatorRequest>;
export type UpdateIndicatorRequest = z.input<typeof reportCatalogue.updateIndicatorRequest>;
export type CreatePeriodTypeRequest = z.input<typeof reportCatalogue.createPeriodTypeRequest>;
export type FormVersionBody = z.input<typeof reportCatalogue.formVersionBody>;
export type CreateFormVersionRequest = z.input<typeof reportCatalogue.createFormVersionRequest>;
export type CreateFormRequest = z.input<typeof reportCatalogue.createFormRequest>;
export type CatalogueChangeResponse = z.infer<typeof reportCatalogue.catalogueChangeResponse>;
export { MEASURES, REGISTRY_KEYS, VALUE_TYPES, AGGREGATIONS } from '../../../src/features/reporting/model';
export { AGGREGATIONS_OF } from '../../../src/features/reporting/catalogue-model';
