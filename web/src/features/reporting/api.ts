/** The periodic reports' HTTP calls, through the shell's `request` (one place turns an error reply into an ApiError). */
import { query, request, unitPath, upload } from '../../app/api';
import type {
  Basis,
  CatalogueAdmin,
  CatalogueChangeResponse,
  CreateFormRequest,
  CreateFormVersionRequest,
  CreateIndicatorRequest,
  CreatePeriodTypeRequest,
  FormVersionBody,
  UpdateIndicatorRequest,
  ReportApprovals,
  ReportBreakdown,
  ReportCatalogue,
  ReportCompleteness,
  ReportImportResult,
  ReportStatusRequest,
  ReportStatusResponse,
  ReportTargets,
  ReportTotals,
  ReportView,
  SaveReportRequest,
  SaveReportResponse,
  SetTargetsRequest,
  SetTargetsResponse,
  TargetsImportResult,
} from '../../app/contract';

export type ReportMove = 'submit' | 'approve' | 'return' | 'reopen';
export type ApprovalsTab = 'submitted' | 'approved' | 'returned';
export type ApprovalsFilter = {
  status: ApprovalsTab;
  formId?: string | undefined;
  periodCode?: string | undefined;
  page: number;
  pageSize: number;
};

const reportPath = (unitId: string, formId: string, periodCode: string) =>
  `${unitPath(unitId)}/reports/${encodeURIComponent(formId)}/${encodeURIComponent(periodCode)}`;
const formPeriod = (formId: string, periodCode: string) =>
  `${encodeURIComponent(formId)}/${encodeURIComponent(periodCode)}`;

export const reportsApi = {
  catalogue: () => request<ReportCatalogue>('GET', '/api/reporting/catalogue'),
  report: (unitId: string, formId: string, periodCode: string) =>
    request<ReportView>('GET', reportPath(unitId, formId, periodCode)),
  save: (unitId: string, formId: string, periodCode: string, body: SaveReportRequest) =>
    request<SaveReportResponse>('PUT', reportPath(unitId, formId, periodCode), body),
  move: (unitId: string, formId: string, periodCode: string, move: ReportMove, body: ReportStatusRequest) =>
    request<ReportStatusResponse>('POST', `${reportPath(unitId, formId, periodCode)}/${move}`, body),
  totals: (unitId: string, formId: string, periodCode: string, basis: Basis) =>
    request<ReportTotals>(
      'GET',
      `${unitPath(unitId)}/report-totals/${formPeriod(formId, periodCode)}${query({ basis })}`,
    ),
  breakdown: (unitId: string, formId: string, periodCode: string, basis: Basis) =>
    request<ReportBreakdown>(
      'GET',
      `${unitPath(unitId)}/report-breakdown/${formPeriod(formId, periodCode)}${query({ basis })}`,
    ),
  completeness: (unitId: string, formId: string, periodCode: string) =>
    request<ReportCompleteness>(
      'GET',
      `${unitPath(unitId)}/report-completeness/${formPeriod(formId, periodCode)}`,
    ),
  approvals: (unitId: string, filter: ApprovalsFilter) =>
    request<ReportApprovals>('GET', `${unitPath(unitId)}/report-approvals${query(filter)}`),
  targets: (unitId: string, year: number) =>
    request<ReportTargets>('GET', `${unitPath(unitId)}/report-targets${query({ year })}`),
  setTargets: (unitId: string, body: SetTargetsRequest) =>
    request<SetTargetsResponse>('PUT', `${unitPath(unitId)}/report-targets`, body),
  /** The catalogue editor (Danh mục báo cáo). */
  catalogueAdmin: () => request<CatalogueAdmin>('GET', '/api/report-catalogue'),
  createIndicator: (body: CreateIndicatorRequest) =>
    request<CatalogueChangeResponse>('POST', '/api/report-catalogue/indicators', body),
  updateIndicator: (code: string, body: UpdateIndicatorRequest) =>
    request<CatalogueChangeResponse>(
      'PATCH',
      `/api/report-catalogue/indicators/${encodeURIComponent(code)}`,
      body,
    ),
  createPeriodType: (body: CreatePeriodTypeRequest) =>
    request<CatalogueChangeResponse>('POST', '/api/report-catalogue/period-types', body),
  createForm: (body: CreateFormRequest) =>
    request<CatalogueChangeResponse>('POST', '/api/report-catalogue/forms', body),
  createFormVersion: (formId: string, body: CreateFormVersionRequest) =>
    request<CatalogueChangeResponse>(
      'POST',
      `/api/report-catalogue/forms/${encodeURIComponent(formId)}/versions`,
      body,
    ),
  updateFormVersion: (formId: string, validFrom: string, body: FormVersionBody) =>
    request<CatalogueChangeResponse>(
      'PUT',
      `/api/report-catalogue/forms/${encodeURIComponent(formId)}/versions/${validFrom}`,
      body,
    ),
  /** The filled template of the units under an upper union (the fields before the file, as the route reads them). */
  importReports: (
    unitId: string,
    formId: string,
    periodCode: string,
    file: File,
    flags: { submit: boolean; approve: boolean },
  ) => {
    const form = new FormData();
    if (flags.submit) form.append('submit', 'true');
    if (flags.approve) form.append('approve', 'true');
    form.append('file', file);
    return upload<ReportImportResult>(
      `${unitPath(unitId)}/report-import/${formPeriod(formId, periodCode)}`,
      form,
    );
  },
  /** The targets file of a year for the units directly below. */
  importTargets: (unitId: string, year: number, file: File) => {
    const form = new FormData();
    form.append('year', String(year));
    form.append('file', file);
    return upload<TargetsImportResult>(`${unitPath(unitId)}/report-targets-import`, form);
  },
  /** Downloads (the document and exchange routes): plain links, the server names the file. */
  documentUrl: (unitId: string, formId: string, periodCode: string, format: 'docx' | 'xlsx') =>
    `${unitPath(unitId)}/report-document/${formPeriod(formId, periodCode)}${query({ format })}`,
  templateUrl: (unitId: string, formId: string, periodCode: string) =>
    `${unitPath(unitId)}/report-template/${formPeriod(formId, periodCode)}`,
  totalsFileUrl: (unitId: string, formId: string, periodCode: string, basis: Basis) =>
    `${unitPath(unitId)}/report-totals.xlsx/${formPeriod(formId, periodCode)}${query({ basis })}`,
  breakdownFileUrl: (unitId: string, formId: string, periodCode: string, basis: Basis) =>
    `${unitPath(unitId)}/report-breakdown.xlsx/${formPeriod(formId, periodCode)}${query({ basis })}`,
  targetsFileUrl: (unitId: string, year: number) =>
    `${unitPath(unitId)}/report-targets.xlsx${query({ year })}`,
};
