/**
 * Periodic reports in and out of Excel and JSON over HTTP: the template of an upper union's units, the import of many
 * units' values (file or JSON), the targets file, and the totals and ranking tables as files. Every route names the
 * unit in its path, so the scope guard checks it first; the services check the permission.
 */
import type { App, AppContext } from '../../platform/http';
import { errorResponse, readUpload, requireActor, sendFile } from '../../platform/http';
import { AppError } from '../../platform/errors';
import * as contract from './contract';
import * as exchange from './exchange-contract';
import * as service from './service';

const tags = ['reporting'];
const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };

const flagOf = (value: string | undefined, fromQuery: boolean) =>
  fromQuery || value === 'true' || value === '1' || value === 'on';

export function registerReportExchangeRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/units/:unitId/report-template/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        summary:
          'Tệp Excel mẫu để công đoàn cấp trên nhập báo cáo của các đơn vị phải nộp (số liệu đã lưu điền sẵn)',
        params: contract.reportParams,
      },
    },
    async (request, reply) => {
      const { unitId, formId, periodCode } = request.params;
      const file = await service.buildReportTemplate(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
      );
      return sendFile(reply, file, file.body);
    },
  );

  app.post(
    '/api/units/:unitId/report-import/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        summary:
          'Nhập số liệu báo cáo của nhiều đơn vị từ tệp Excel mẫu (trường "file"; trường "submit" = true để nộp, "approve" = true để duyệt, ghi trước trường file), trong một giao dịch',
        consumes: ['multipart/form-data'],
        params: contract.reportParams,
        querystring: exchange.importFlagsQuery,
        response: {
          200: exchange.importResponse,
          400: errorResponse,
          403: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      const upload = await readUpload(request);
      return service.importReportFile(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        upload.buffer,
        {
          submit: flagOf(upload.field('submit'), request.query.submit),
          approve: flagOf(upload.field('approve'), request.query.approve),
          fileName: upload.fileName,
        },
      );
    },
  );

  app.post(
    '/api/units/:unitId/report-values/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Nhập số liệu báo cáo của nhiều đơn vị (JSON), trong một giao dịch; nộp và duyệt tùy chọn',
        params: contract.reportParams,
        body: exchange.reportValuesRequest,
        response: {
          200: exchange.importResponse,
          400: errorResponse,
          403: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.importReportJson(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        request.body,
      );
    },
  );

  app.get(
    '/api/units/:unitId/report-targets.xlsx',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Chỉ tiêu năm của các đơn vị trực thuộc ra Excel (để giao chỉ tiêu bằng tệp)',
        params: contract.unitParams,
        querystring: contract.yearQuery,
      },
    },
    async (request, reply) => {
      const file = await service.buildTargetsFile(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.query.year,
      );
      return sendFile(reply, file, file.body);
    },
  );

  app.post(
    '/api/units/:unitId/report-targets-import',
    {
      config: unitScope,
      schema: {
        tags,
        summary:
          'Giao chỉ tiêu năm cho các đơn vị trực thuộc từ tệp Excel (trường "year" ghi trước trường "file")',
        consumes: ['multipart/form-data'],
        params: contract.unitParams,
        response: { 200: exchange.targetsImportResponse, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const upload = await readUpload(request);
      const year = contract.yearQuery.safeParse({ year: upload.field('year') });
      if (!year.success)
        throw new AppError('validation_failed', {}, [
          { field: 'year', message: 'Ghi năm giao chỉ tiêu (trường "year"), ví dụ 2024.' },
        ]);
      return service.importTargetsFile(
        db,
        requireActor(request.actor),
        request.params.unitId,
        year.data.year,
        upload.buffer,
        upload.fileName,
      );
    },
  );

  app.get(
    '/api/units/:unitId/report-totals.xlsx/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Bảng tổng hợp số liệu báo cáo của đơn vị ra Excel',
        params: contract.reportParams,
        querystring: contract.basisQuery,
      },
    },
    async (request, reply) => {
      const { unitId, formId, periodCode } = request.params;
      const file = await service.totalsXlsx(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        request.query.basis,
      );
      return sendFile(reply, file, file.body);
    },
  );

  app.get(
    '/api/units/:unitId/report-breakdown.xlsx/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        summary:
          'Số liệu của các đơn vị trực thuộc ra Excel: xếp hạng theo một chỉ tiêu (indicator), hoặc mọi chỉ tiêu thành cột',
        params: contract.reportParams,
        querystring: exchange.breakdownFileQuery,
      },
    },
    async (request, reply) => {
      const { unitId, formId, periodCode } = request.params;
      const file = await service.breakdownXlsx(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        request.query.basis,
        request.query.indicator || undefined,
      );
      return sendFile(reply, file, file.body);
    },
  );
}
