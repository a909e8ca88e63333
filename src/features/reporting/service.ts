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
export { sendDueReminders, remindNow, listReminders, remindersDue } from './services/reminders';
export { keepFiguresAhead, periodsReportedOn } from './services/registry-ahead';
export { buildReportTemplate, importReportFile, totalsXlsx, breakdownXlsx } from './services/report-exchange';
export type { ExchangeFile } from './services/report-exchange';
export { importReportJson, importReports } from './services/import-reports';
export type { ImportOptions, ImportOutcome, ReportValuesInput } from './services/import-reports';
export { buildTargetsFile, importTargetsFile } from './services/target-exchange';
export {
  buildReviewDocument,
  reviewDocumentFile,
  DOCUMENT_FORMATS,
  type DocumentFormat,
} from './services/report-document';
export { recordReports } from './services/record-reports';
export type { RecordedReport } from './services/record-reports';
export {
  canEditCatalogue,
  createForm,
  createFormVersion,
  createIndicator,
  createPeriodType,
  getCatalogueForEditor,
  updateFormVersion,
  updateIndicator,
} from './services/manage-catalogue';
