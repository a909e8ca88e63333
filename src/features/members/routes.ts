/**
 * The member registry over HTTP. Every route names a unit in its path, so the HTTP layer checks the actor's scope
 * before anything else; member routes take the unit they are seen from (/api/units/:unitId/members/:memberId, any
 * unit above the member works) and the service answers 404 when the member has no stay under that unit.
 */
import { requireActor, sendFile, type App, type AppContext } from '../../platform/http';
import * as contract from './contract';
import * as service from './service';

const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };
const bothUnits = { access: { kind: 'units' as const, paths: ['params.unitId', 'body.toUnitId'] } };
const tags = ['members'];

export function registerMembersRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/person-values',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, response: { 200: contract.personValuesResponse } },
    },
    async () => service.listPersonValues(db),
  );

  app.get(
    '/api/units/:unitId/members',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.memberSearchQuery,
        response: { 200: contract.memberListResponse },
      },
    },
    async (request) =>
      service.searchMembers(db, requireActor(request.actor), request.params.unitId, request.query),
  );

  app.get(
    '/api/units/:unitId/member-stats',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.countsQuery,
        response: { 200: contract.countsResponse },
      },
    },
    async (request) =>
      service.countMembers(db, requireActor(request.actor), request.params.unitId, request.query),
  );

  app.get(
    '/api/units/:unitId/members/:memberId',
    {
      config: unitScope,
      schema: { tags, params: contract.memberParams, response: { 200: contract.memberDetailResponse } },
    },
    async (request) =>
      service.getMember(db, requireActor(request.actor), request.params.unitId, request.params.memberId),
  );

  app.get(
    '/api/units/:unitId/members/:memberId/export',
    {
      config: unitScope,
      schema: {
        tags,
        summary: 'Xuất dữ liệu cá nhân của đoàn viên ra Excel (theo yêu cầu của chính đoàn viên)',
        params: contract.memberParams,
      },
    },
    async (request, reply) => {
      const file = await service.exportMember(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.memberId,
      );
      return sendFile(reply, file, file.buffer);
    },
  );

  app.patch(
    '/api/units/:unitId/members/:memberId',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.memberParams,
        body: contract.memberPatch,
        response: { 200: contract.memberUpdateResponse },
      },
    },
    async (request) =>
      service.updateMember(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.memberId,
        request.body,
      ),
  );

  app.post(
    '/api/units/:unitId/members/:memberId/transfer',
    {
      // The receiving unit may be anywhere in the country: only the unit the member leaves is in the path.
      config: unitScope,
      schema: {
        tags,
        params: contract.memberParams,
        body: contract.transferRequest,
        response: { 200: contract.eventResponse },
      },
    },
    async (request) =>
      service.transferMember(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.memberId,
        request.body,
      ),
  );

  app.post(
    '/api/units/:unitId/members/:memberId/leave',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.memberParams,
        body: contract.leaveRequest,
        response: { 200: contract.eventResponse },
      },
    },
    async (request) =>
      service.leaveMember(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.memberId,
        request.body,
      ),
  );

  app.post(
    '/api/units/:unitId/members/:memberId/reinstate',
    {
      config: bothUnits,
      schema: {
        tags,
        params: contract.memberParams,
        body: contract.reinstateRequest,
        response: { 200: contract.eventResponse },
      },
    },
    async (request) =>
      service.reinstateMember(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.memberId,
        request.body,
      ),
  );

  app.post(
    '/api/units/:unitId/members/:memberId/death',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.memberParams,
        body: contract.deathRequest,
        response: { 200: contract.eventResponse },
      },
    },
    async (request) =>
      service.recordDeath(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.memberId,
        request.body,
      ),
  );

  app.post(
    '/api/units/:unitId/members/transfer-all',
    {
      config: bothUnits,
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.transferAllRequest,
        response: { 200: contract.transferAllResponse },
      },
    },
    async (request) =>
      service.transferAllMembers(db, requireActor(request.actor), request.params.unitId, request.body),
  );

  app.get(
    '/api/units/:unitId/member-proposals',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.proposalsQuery,
        response: { 200: contract.proposalListResponse },
      },
    },
    async (request) =>
      service.listProposals(db, requireActor(request.actor), request.params.unitId, request.query),
  );

  app.post(
    '/api/units/:unitId/member-proposals',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.proposeRequest,
        response: { 200: contract.proposeResponse },
      },
    },
    async (request) =>
      service.proposeMembers(db, requireActor(request.actor), request.params.unitId, request.body),
  );

  app.put(
    '/api/units/:unitId/member-proposals/:proposalId',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.proposalParams,
        body: contract.correctRequest,
        response: { 200: contract.correctResponse },
      },
    },
    async (request) =>
      service.correctProposal(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.proposalId,
        request.body,
      ),
  );

  app.delete(
    '/api/units/:unitId/member-proposals/:proposalId',
    {
      config: unitScope,
      schema: { tags, params: contract.proposalParams, response: { 200: contract.correctResponse } },
    },
    async (request) =>
      service.withdrawProposal(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.params.proposalId,
      ),
  );

  app.post(
    '/api/units/:unitId/member-proposals/decisions',
    {
      // The unit in the path is the one deciding: it (or a unit above it) must hold the power to admit.
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.decideRequest,
        response: { 200: contract.decideResponse },
      },
    },
    async (request) =>
      service.decideProposals(db, requireActor(request.actor), request.params.unitId, request.body.decisions),
  );
}
