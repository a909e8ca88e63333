/**
 * The server's contracts and domain labels as the web app sees them: types only from contract.ts (no zod at run
 * time), label tables and constants from model.ts. Everything the web app knows about the API comes from here.
 */
import type { z } from 'zod';
import type * as org from '../../../src/features/organisation/contract';
import type * as access from '../../../src/features/access/contract';

export {
  EVENT_KINDS,
  POWERS,
  SECTORS,
  type EventKind,
  type Power,
  type Sector,
} from '../../../src/features/organisation/model';
export { PERMISSIONS, ROLES, type Permission, type Role } from '../../../src/features/access/model';

export type {
  UnitAtDateView,
  UnitDetail,
  UnitEventView,
  UnitTypeView,
} from '../../../src/features/organisation/contract';
export type { Me, UserView, AuditRowView } from '../../../src/features/access/contract';

export type SubtreeUnit = z.infer<typeof org.subtreeResponse>['units'][number];
export type SearchHit = z.infer<typeof org.searchResponse>['units'][number];
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
export type EventMeta = z.input<typeof org.eventMeta>;
export type NewUnitFields = z.input<typeof org.newUnitFields>;

export type LoginRequest = z.input<typeof access.loginRequest>;
export type CreateUserRequest = z.input<typeof access.createUserRequest>;
export type UpdateUserRequest = z.input<typeof access.updateUserRequest>;
export type GrantRequest = z.input<typeof access.grantRequest>;
export type AuditResponse = z.infer<typeof access.auditResponse>;
export type Grant = z.infer<typeof access.grantView>;
