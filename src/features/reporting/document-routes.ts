/** The review report (báo cáo sơ kết / tổng kết) of a unit downloaded as a Word file or a workbook. */
import { requireActor, sendFile, type App, type AppContext } from '../../platform/http';
import * as contract from './contract';
import * as service from './service';

export function registerReportDocumentRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/units/:unitId/report-document/:formId/:periodCode',
    {
      config: { access: { kind: 'units' as const, paths: ['params.unitId'] } },
      schema: {
        tags: ['reporting'],
        summary: 'Tải báo cáo sơ kết / tổng kết của đơn vị (Word hoặc Excel), viết từ số liệu của kỳ',
        params: contract.reportParams,
        querystring: contract.documentQuery,
      },
    },
    async (request, reply) => {
      const { unitId, formId, periodCode } = request.params;
      const file = await service.reviewDocumentFile(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        request.query,
      );
      return sendFile(reply, file, file.body);
    },
  );
}
