/** Units in and out of files over HTTP: the Excel template, the export of a subtree, the import of a file. */
import type { App, AppContext } from '../../platform/http';
import { errorResponse, readUpload, requireActor, sendFile } from '../../platform/http';
import { unitExportQuery, unitImportQuery, unitImportResponse, unitParams } from './contract';
import * as exchange from './services/exchange';

const tags = ['organisation'];
const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };

export function registerUnitExchangeRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/unit-template.xlsx',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, summary: 'Tệp Excel mẫu để nhập đơn vị' },
    },
    async (request, reply) => {
      requireActor(request.actor);
      const file = await exchange.unitTemplateFile(db);
      return sendFile(reply, file, file.body);
    },
  );

  app.get(
    '/api/units/:unitId/export',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Xuất đơn vị và các đơn vị trực thuộc ra Excel hoặc CSV',
        params: unitParams,
        querystring: unitExportQuery,
      },
    },
    async (request, reply) => {
      const { at, format } = request.query;
      const file = await exchange.exportUnitFile(db, requireActor(request.actor), {
        unit: { id: request.params.unitId },
        at,
        format,
      });
      return sendFile(reply, file, file.body);
    },
  );

  app.post(
    '/api/units/:unitId/import',
    {
      config: unitScope,
      schema: {
        tags,
        summary:
          'Nhập danh sách đơn vị trực thuộc từ tệp Excel hoặc CSV (trường "file"; trường "decisionNo" tùy chọn)',
        consumes: ['multipart/form-data'],
        params: unitParams,
        querystring: unitImportQuery,
        response: { 200: unitImportResponse, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const upload = await readUpload(request);
      const decisionNo = request.query.decisionNo ?? upload.field('decisionNo');
      return exchange.importUnitFile(
        db,
        actor,
        { buffer: upload.buffer, fileName: upload.fileName },
        { parent: { id: request.params.unitId }, decisionNo },
      );
    },
  );
}
