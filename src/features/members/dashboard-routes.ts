/** The dashboard's member figures for a unit on a day. */
import { requireActor, type App, type AppContext } from '../../platform/http';
import * as contract from './dashboard-contract';
import { unitParams } from './contract';
import { getMemberDashboard } from './services/dashboard';

export function registerMemberDashboardRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;
  app.get(
    '/api/units/:unitId/dashboard',
    {
      config: { access: { kind: 'units', paths: ['params.unitId'] } },
      schema: {
        tags: ['members'],
        params: unitParams,
        querystring: contract.dashboardQuery,
        response: { 200: contract.dashboardResponse },
      },
    },
    async (request) =>
      getMemberDashboard(db, requireActor(request.actor), request.params.unitId, request.query.at),
  );
}
