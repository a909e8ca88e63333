/**
 * Periodic reports over HTTP. A unit's report lives at /api/units/:unitId/reports/:formId/:periodCode (the unit in the
 * path is the one reporting; the HTTP layer checks it is in the actor's scope first); roll-ups, completeness, targets
 * and the approval queue are read from the unit that looks at them.
 */
import { requireActor, type App, type AppContext } from '../../platform/http';
import * as contract from './contract';
import * as service from './service';

const unitScope = { access: { kind: 'units' as const, paths: ['params.unitId'] } };
const tags = ['reporting'];

export function registerReportingRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/reporting/catalogue',
    {
      config: { access: { kind: 'authenticated' } },
      schema: { tags, response: { 200: contract.catalogueResponse } },
    },
    async () => service.listCatalogue(db),
  );

  app.get(
    '/api/units/:unitId/reports/:formId/:periodCode',
    {
      config: unitScope,
      schema: { tags, params: contract.reportParams, response: { 200: contract.reportResponse } },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.getReport(db, requireActor(request.actor), unitId, formId, periodCode);
    },
  );

  app.put(
    '/api/units/:unitId/reports/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.reportParams,
        body: contract.saveReportRequest,
        response: { 200: contract.saveReportResponse },
      },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.saveReport(db, requireActor(request.actor), unitId, formId, periodCode, request.body);
    },
  );

  for (const transition of ['submit', 'approve', 'return', 'reopen'] as const)
    app.post(
      `/api/units/:unitId/reports/:formId/:periodCode/${transition}`,
      {
        config: unitScope,
        schema: {
          tags,
          params: contract.reportParams,
          body: contract.statusRequest,
          response: { 200: contract.statusResponse },
        },
      },
      async (request) => {
        const { unitId, formId, periodCode } = request.params;
        return service.moveReport(
          db,
          requireActor(request.actor),
          unitId,
          formId,
          periodCode,
          transition,
          request.body,
        );
      },
    );

  app.get(
    '/api/units/:unitId/report-totals/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.reportParams,
        querystring: contract.basisQuery,
        response: { 200: contract.totalsResponse },
      },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.getTotals(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        request.query.basis,
      );
    },
  );

  app.get(
    '/api/units/:unitId/report-breakdown/:formId/:periodCode',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.reportParams,
        querystring: contract.basisQuery,
        response: { 200: contract.breakdownResponse },
      },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.getBreakdown(
        db,
        requireActor(request.actor),
        unitId,
        formId,
        periodCode,
        request.query.basis,
      );
    },
  );

  app.get(
    '/api/units/:unitId/report-completeness/:formId/:periodCode',
    {
      config: unitScope,
      schema: { tags, params: contract.reportParams, response: { 200: contract.completenessResponse } },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.getCompleteness(db, requireActor(request.actor), unitId, formId, periodCode);
    },
  );

  app.get(
    '/api/units/:unitId/report-approvals',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.approvalsQuery,
        response: { 200: contract.approvalsResponse },
      },
    },
    async (request) =>
      service.listApprovals(db, requireActor(request.actor), request.params.unitId, request.query),
  );

  app.get(
    '/api/units/:unitId/report-targets',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.yearQuery,
        response: { 200: contract.targetsResponse },
      },
    },
    async (request) =>
      service.getTargets(db, requireActor(request.actor), request.params.unitId, request.query.year),
  );

  app.put(
    '/api/units/:unitId/report-targets',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        body: contract.setTargetsRequest,
        response: { 200: contract.setTargetsResponse },
      },
    },
    async (request) =>
      service.setTargets(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.body.year,
        request.body.targets,
      ),
  );

  app.post(
    '/api/units/:unitId/report-reminders/:formId/:periodCode',
    {
      config: unitScope,
      schema: { tags, params: contract.reportParams, response: { 200: contract.remindResponse } },
    },
    async (request) => {
      const { unitId, formId, periodCode } = request.params;
      return service.remindNow(db, requireActor(request.actor), unitId, formId, periodCode);
    },
  );

  app.get(
    '/api/units/:unitId/report-reminders',
    {
      config: unitScope,
      schema: {
        tags,
        params: contract.unitParams,
        querystring: contract.formPeriodQuery,
        response: { 200: contract.remindersResponse },
      },
    },
    async (request) =>
      service.listReminders(
        db,
        requireActor(request.actor),
        request.params.unitId,
        request.query.formId,
        request.query.periodCode,
      ),
  );
}
