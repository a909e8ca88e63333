/** What a restructuring plan says: the units it founds, renames, moves and dissolves, and what it did. */
import type { EventKind } from '../model';

/** A parent named by id (an existing unit) or by the key of a unit founded in the same plan. */
export type UnitRef = { id: string } | { key: string };

export interface NewUnitSpec {
  key: string;
  parent: UnitRef | null;
  code: string;
  name: string;
  shortName?: string | undefined;
  typeId: string;
  sector?: string | null | undefined;
  province?: string | null | undefined;
  commune?: string | null | undefined;
  address?: string | null | undefined;
  foundingDecisionNo?: string | null | undefined;
  groups?: string[] | undefined;
}

export interface EventMeta {
  effectiveOn: string;
  decisionNo?: string | null | undefined;
  decisionDate?: string | null | undefined;
  note?: string | null | undefined;
}

export interface RestructurePlan extends EventMeta {
  kind: EventKind;
  found?: NewUnitSpec[];
  renames?: { unitId: string; name: string; shortName?: string | undefined }[];
  moves?: { unitId: string; newParent: UnitRef }[];
  dissolve?: string[];
  /** Units merged into this one (for the timeline). */
  mergeTarget?: UnitRef | undefined;
  /**
   * Members who go with the restructuring: everyone active in `fromUnitId` on the date is transferred to `to`
   * before the dissolutions (a merge sends the merged units' members to the receiving unit).
   */
  memberTransfers?: { fromUnitId: string; to: UnitRef }[];
  /** Other units the event concerns, shown on their timelines (e.g. a split source that lives on). */
  alsoTouches?: { unitId: string; role: string }[];
}

export interface RestructureResult {
  eventId: number;
  founded: { key: string; id: string; code: string }[];
  moved: number;
  dissolved: number;
  renamed: number;
  /** People transferred with their unit (memberTransfers). */
  membersTransferred: number;
}
