/**
 * Member cards over HTTP: one member's card, or the cards of a unit (or of chosen members) as one PDF. The unit is
 * in the path, so the HTTP layer checks the actor's scope first; the service checks members.write (cards are issued by
 * officers) and logs the print.
 */
import type { FastifyReply } from 'fastify';
import type { App, AppContext } from '../../platform/http';
import { requireActor, sendFile } from '../../platform/http';
import { memberCardParams, memberCardsParams, memberCardsQuery } from './card-contract';
import { memberCardPdf, type CardFile } from './services/card';

const tags = ['members'];
const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };

/** Opened in the browser's PDF viewer, ready to print; saved under the Vietnamese file name. */
function sendPdf(reply: FastifyReply, file: CardFile) {
  return sendFile(reply, { fileName: file.fileName, contentType: 'application/pdf' }, file.buffer, {
    inline: true,
    headers: { 'x-card-count': String(file.count) },
  });
}

export function registerMemberCardRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/units/:unitId/members/:memberId/card.pdf',
    {
      config: unitScope,
      schema: { tags, summary: 'In thẻ đoàn viên (PDF, mặt trước và mặt sau)', params: memberCardParams },
    },
    async (request, reply) => {
      const { unitId, memberId } = request.params;
      return sendPdf(reply, await memberCardPdf(db, requireActor(request.actor), unitId, [memberId]));
    },
  );

  app.get(
    '/api/units/:unitId/member-cards.pdf',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'In thẻ đoàn viên của đơn vị, hoặc của các đoàn viên đã chọn (ids), thành một tệp PDF',
        params: memberCardsParams,
        querystring: memberCardsQuery,
      },
    },
    async (request, reply) => {
      const { unitId } = request.params;
      const { at, ids } = request.query;
      const selection = ids ? { memberIds: ids, at } : { unitId, at };
      return sendPdf(reply, await memberCardPdf(db, requireActor(request.actor), unitId, selection));
    },
  );
}
