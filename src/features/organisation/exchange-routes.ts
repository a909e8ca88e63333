/** Units in and out of files over HTTP: the Excel template, the export of a subtree, the import of a file. */
import type { FastifyReply } from 'fastify';
import type { App, AppContext } from '../../platform/http';
import { errorResponse } from '../../platform/http';
import { AppError } from '../../platform/errors';
import type { Actor } from '../access/model';
import { unitExportQuery, unitImportQuery, unitImportResponse, unitParams } from './contract';
import * as exchange from './services/exchange';

const tags = ['organisation'];
const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };

function actorOf(actor: Actor | null): Actor {
  if (!actor) throw new AppError('not_authenticated');
  return actor;
}

/** A download: an ASCII name for old clients and the Vietnamese name in RFC 5987 form (`filename*`). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendFile(reply: FastifyReply, file: exchange.UnitFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .send(file.body);
}

export function registerUnitExchangeRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/unit-template.xlsx',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, summary: 'Tệp Excel mẫu để nhập đơn vị' },
    },
    async (request, reply) => {
      actorOf(request.actor);
      return sendFile(reply, await exchange.unitTemplateFile(db));
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
      const file = await exchange.exportUnitFile(db, actorOf(request.actor), {
        unit: { id: request.params.unitId },
        at,
        format,
      });
      return sendFile(reply, file);
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
      const actor = actorOf(request.actor);
      if (!request.isMultipart()) {
        throw new AppError('import_bad_file', {
          reason: 'cần gửi tệp dạng multipart/form-data, trường "file"',
        });
      }
      const part = await request.file();
      if (!part) throw new AppError('import_bad_file', { reason: 'chưa chọn tệp' });
      let buffer: Buffer;
      try {
        buffer = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('import_bad_file', {
            reason: 'tệp vượt quá 50 MB; hãy chia thành nhiều tệp nhỏ hơn',
          });
        }
        throw error;
      }
      const field = part.fields.decisionNo;
      const decisionField = Array.isArray(field) ? field[0] : field;
      const decisionNo =
        request.query.decisionNo ??
        (decisionField?.type === 'field' ? String(decisionField.value) : undefined);
      return exchange.importUnitFile(
        db,
        actor,
        { buffer, fileName: part.filename },
        { parent: { id: request.params.unitId }, decisionNo },
      );
    },
  );
}
