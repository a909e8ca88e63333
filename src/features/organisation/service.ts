/** Use-cases of the organisation (see services/): reading the tree as of a date, and each event as a plan. */
import * as exportStore from './export-store';

export { restructure, applyPlan } from './services/restructure';
export type { RestructurePlan, NewUnitSpec, UnitRef, EventMeta } from './services/restructure';
export { listRoots, listChildren, listSubtree, getUnit, listEvents } from './services/read-tree';
export { searchUnits } from './services/search-units';
export {
  ensureReferenceData,
  listUnitTypes,
  listUnitGroups,
  saveUnitGroup,
  saveUnitType,
} from './services/manage-unit-types';
export type { UnitTypeInput } from './services/manage-unit-types';
export { listSectors, requireSectorOn, saveSector } from './services/manage-sectors';
export type { Sector, SectorInput } from './services/manage-sectors';
export { updateUnitAttributes } from './services/update-unit-attributes';
export type { UnitAttributes } from './services/update-unit-attributes';
export {
  foundUnit,
  renameUnit,
  moveUnit,
  dissolveUnit,
  restructureFromRequest,
} from './services/record-tree-change';
export { mergeUnits, mergeFromRequest } from './services/merge-units';
export { splitUnit, splitFromRequest } from './services/split-unit';

export const unitsForExport = exportStore.unitsForExport;
export type { RestructureHandlers } from './restructure-handlers';
