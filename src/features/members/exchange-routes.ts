/**
 * The member list in and out of Excel over HTTP: the template, an import that runs in the background (start, then
 * poll), and the export of a filtered list. Every route names the unit in its path, so the scope guard checks it.
 */
import type { App, AppContext } from '../../platform/http';
import { errorResponse, readUpload, requireActor, sendFile } from '../../platform/http';
import { invalidInput, memberImportNotFound } from './errors';
import { unitParams } from './contract';
import * as contract from './exchange-contract';
import { readMemberImport, startMemberImport } from './import-jobs';
import * as exchange from './services/import-members';
import { streamMemberExport } from './services/export-members';

const tags = ['members'];
const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };

function modeOf(value: unknown): contract.ImportMode | undefined {
  if (value === undefined || value === '') return undefined;
  if ((contract.IMPORT_MODES as readonly unknown[]).includes(value)) return value as contract.ImportMode;
  throw invalidInput([
    { field: 'mode', message: 'Chọn register (nhập trực tiếp) hoặc propose (đề nghị kết nạp).' },
  ]);
}

export function registerMemberExchangeRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/units/:unitId/member-template.xlsx',
    {
      config: unitScope,
      schema: { tags, summary: 'Tệp Excel mẫu để nhập danh sách đoàn viên', params: unitParams },
    },
    async (request, reply) => {
      const file = await exchange.memberTemplateFile(db, requireActor(request.actor), request.params.unitId);
      return sendFile(reply, file, file.buffer);
    },
  );

  app.post(
    '/api/units/:unitId/member-imports',
    {
      config: unitScope,
      schema: {
        tags,
        summary:
          'Nhập danh sách đoàn viên từ tệp Excel hoặc CSV (trường "file"; trường "mode" = register | propose, tùy chọn) vào một CĐCS, hoặc vào các CĐCS của một công đoàn cấp trên (mỗi dòng ghi cột "Mã CĐCS"); chạy nền, trả mã lượt nhập',
        consumes: ['multipart/form-data'],
        params: unitParams,
        querystring: contract.memberImportQuery,
        response: { 202: contract.memberImportStarted, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const { unitId } = request.params;
      const upload = await readUpload(request);
      const mode = request.query.mode ?? modeOf(upload.field('mode'));
      // Who may import is answered now (403 at once), not after the file has been read in the background.
      const plan = await exchange.planMemberImport(db, actor, unitId, { mode });
      const jobId = await startMemberImport(app.jobs, { userId: actor.userId, unitId }, (onProgress) =>
        exchange.importMemberFile(db, actor, unitId, upload.buffer, upload.fileName, {
          mode: plan.mode,
          onProgress,
        }),
      );
      return reply.code(202).send({ jobId });
    },
  );

  app.get(
    '/api/units/:unitId/member-imports/:jobId',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Tiến độ và kết quả của một lượt nhập danh sách đoàn viên',
        params: contract.memberImportJobParams,
        response: { 200: contract.memberImportJob },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const { jobId, unitId } = request.params;
      const job = await readMemberImport(app.jobs, jobId, { userId: actor.userId, unitId });
      if (!job) throw memberImportNotFound();
      return job;
    },
  );

  app.get(
    '/api/units/:unitId/members/export.xlsx',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Xuất danh sách đoàn viên đã lọc ra Excel (mọi trang)',
        params: unitParams,
        querystring: contract.memberExportQuery,
      },
    },
    async (request, reply) => {
      // Streamed: the download starts at once and a province is never held in memory.
      const file = await streamMemberExport(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.query,
      );
      return sendFile(reply, file, file.stream);
    },
  );
}
