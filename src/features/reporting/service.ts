/** Use-cases of periodic reports (see services/): the catalogue, entry and status, roll-up, completeness, targets. */
export {
  ensureReportingReferenceData,
  listCatalogue,
  loadCatalogue,
  resolveFormPeriod,
} from './services/catalogue';
export { getReport, saveReport } from './services/report-entry';
export { moveReport } from './services/report-status';
export type { StatusInput } from './services/report-status';
export { getTotals, getBreakdown } from './services/report-totals';
export { getCompleteness, expectedReports } from './services/completeness';
export { getTargets, setTargets } from './services/targets';
export type { TargetInput } from './services/targets';
export { listApprovals } from './services/approvals';
export { recordReports } from './services/record-reports';
export type { RecordedReport } from './services/record-reports';
