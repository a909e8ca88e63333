import { requireActor, type App, type AppContext } from '../../platform/http';
import { okResponse } from '../../lib/schemas';
import { todayIso } from '../../lib/dates';
import * as contract from './contract';
import * as service from './service';
import type { z } from 'zod';
import type { Actor } from '../access/model';

const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };
const tags = ['organisation'];

export function registerOrganisationRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/units/roots',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, querystring: contract.atQuery, response: { 200: contract.unitListResponse } },
    },
    async (request) => ({
      units: await service.listRoots(db, requireActor(request.actor), request.query.at ?? todayIso()),
    }),
  );

  app.get(
    '/api/units/search',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, querystring: contract.searchQuery, response: { 200: contract.searchResponse } },
    },
    async (request) =>
      service.searchUnits(
        db,
        requireActor(request.actor),
        request.query.q,
        request.query.at ?? todayIso(),
        request.query.limit,
        request.query.within,
      ),
  );

  app.get(
    '/api/units/:unitId',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.atQuery,
        response: { 200: contract.unitDetailResponse },
      },
    },
    async (request) =>
      service.getUnit(db, requireActor(request.actor), request.params.unitId, request.query.at ?? todayIso()),
  );

  app.get(
    '/api/units/:unitId/children',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.atQuery,
        response: { 200: contract.unitListResponse },
      },
    },
    async (request) => ({
      units: await service.listChildren(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.query.at ?? todayIso(),
      ),
    }),
  );

  app.get(
    '/api/units/:unitId/subtree',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.atQuery,
        response: { 200: contract.subtreeResponse },
      },
    },
    async (request) => ({
      units: await service.listSubtree(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.query.at ?? todayIso(),
      ),
    }),
  );

  app.get(
    '/api/units/:unitId/events',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.eventsQuery,
        response: { 200: contract.eventsResponse },
      },
    },
    async (request) => ({
      events: (
        await service.listEvents(db, requireActor(request.actor), request.params.unitId, {
          subtree: request.query.subtree === 'true',
          limit: request.query.limit,
        })
      ).map((e) => ({
        ...e,
        recordedAt: new Date(e.recordedAt).toISOString(),
      })),
    }),
  );

  app.patch(
    '/api/units/:unitId',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.attributesRequest,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await service.updateUnitAttributes(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.body,
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/api/units',
    {
      config: { access: { kind: 'units', paths: ['body.parentId'] } },
      schema: { tags, body: contract.foundRequest, response: { 200: contract.eventResult } },
    },
    async (request) => {
      const { effectiveOn, decisionNo, decisionDate, note, parentId, ...fields } = request.body;
      return service.foundUnit(
        db,
        requireActor(request.actor),
        { ...fields, parent: { id: parentId } },
        { effectiveOn, decisionNo, decisionDate, note },
      );
    },
  );

  app.post(
    '/api/units/:unitId/rename',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.renameRequest,
        response: { 200: contract.eventResult },
      },
    },
    async (request) => {
      const { name, shortName, ...meta } = request.body;
      return service.renameUnit(
        db,
        requireActor(request.actor),
        request.params.unitId,
        { name, shortName },
        meta,
      );
    },
  );

  app.post(
    '/api/units/:unitId/move',
    {
      config: { access: { kind: 'units', paths: ['params.unitId', 'body.newParentId'] } },
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.moveRequest,
        response: { 200: contract.eventResult },
      },
    },
    async (request) => {
      const { newParentId, ...meta } = request.body;
      return service.moveUnit(db, requireActor(request.actor), request.params.unitId, newParentId, meta);
    },
  );

  app.post(
    '/api/units/:unitId/dissolve',
    {
      config: {
        access: {
          kind: 'units',
          paths: ['params.unitId', 'body.childMoves[].unitId', 'body.childMoves[].newParentId'],
        },
      },
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.dissolveRequest,
        response: { 200: contract.eventResult },
      },
    },
    async (request) => {
      const { childMoves, ...meta } = request.body;
      return service.dissolveUnit(db, requireActor(request.actor), request.params.unitId, childMoves, meta);
    },
  );

  app.post(
    '/api/units/merge',
    {
      config: {
        access: {
          kind: 'units',
          paths: [
            'body.sourceIds[]',
            'body.targetId',
            'body.newUnit.parentId',
            'body.childMoves[].unitId',
            'body.childMoves[].newParentId',
          ],
        },
      },
      schema: { tags, body: contract.mergeRequest, response: { 200: contract.eventResult } },
    },
    async (request) => service.mergeFromRequest(db, requireActor(request.actor), request.body),
  );

  app.post(
    '/api/units/:unitId/split',
    {
      config: {
        access: {
          kind: 'units',
          paths: ['params.unitId', 'body.childMoves[].unitId', 'body.childMoves[].newParentId'],
        },
      },
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.splitRequest,
        response: { 200: contract.eventResult },
      },
    },
    async (request) =>
      service.splitFromRequest(db, requireActor(request.actor), request.params.unitId, request.body),
  );

  app.post(
    '/api/restructurings',
    {
      config: {
        access: {
          kind: 'units',
          paths: [
            'body.found[].parentId',
            'body.moves[].unitId',
            'body.moves[].newParentId',
            'body.dissolve[]',
          ],
        },
      },
      schema: { tags, body: contract.restructureRequest, response: { 200: contract.eventResult } },
    },
    async (request) => service.restructureFromRequest(db, requireActor(request.actor), request.body),
  );

  app.get(
    '/api/unit-types',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, response: { 200: contract.unitTypesResponse } },
    },
    async () => ({
      types: await service.listUnitTypes(db),
      groups: await service.listUnitGroups(db),
    }),
  );

  putReferenceRow(
    app,
    '/api/unit-types/:id',
    contract.unitTypeParams,
    contract.unitTypeRequest,
    (actor, input) => service.saveUnitType(db, actor, input),
  );

  app.get(
    '/api/sectors',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, querystring: contract.sectorsQuery, response: { 200: contract.sectorsResponse } },
    },
    async (request) => ({ sectors: await service.listSectors(db, request.query.at) }),
  );

  putReferenceRow(app, '/api/sectors/:id', contract.sectorParams, contract.sectorRequest, (actor, input) =>
    service.saveSector(db, actor, input),
  );

  putReferenceRow(
    app,
    '/api/unit-groups/:id',
    contract.unitGroupParams,
    contract.unitGroupRequest,
    (actor, input) => service.saveUnitGroup(db, actor, input),
  );
}

/** A system administrator saves one row of a reference list (unit types, sectors, unit groups), named by its id. */
function putReferenceRow<Body extends object>(
  app: App,
  path: string,
  params: z.ZodType<{ id: string }>,
  body: z.ZodType<Body>,
  save: (actor: Actor, input: Body & { id: string }) => Promise<void>,
): void {
  app.put(
    path,
    { config: { access: { kind: 'system' } }, schema: { tags, params, body, response: { 200: okResponse } } },
    async (request) => {
      // Checked against `params` and `body` above; the type provider cannot carry a generic schema's type here.
      const { id } = request.params;
      await save(requireActor(request.actor), { ...(request.body as Body), id });
      return { ok: true as const };
    },
  );
}
