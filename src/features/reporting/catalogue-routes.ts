/**
 * The catalogue editor over HTTP. The catalogue is reference data every signed-in user reads; a change is for the
 * administrators of the union at the top of the tree and system administrators, which the service checks (the
 * catalogue belongs to no unit a request could name, so there is no unit for the door to check).
 */
import { requireActor, type App, type AppContext } from '../../platform/http';
import * as contract from './catalogue-contract';
import * as service from './service';

const signedIn = { access: { kind: 'authenticated' as const } };
const tags = ['reporting'];
const response = { 200: contract.catalogueChangeResponse };

export function registerReportCatalogueRoutes(app: App, ctx: AppContext): void {
  const { db } = ctx;

  app.get(
    '/api/report-catalogue',
    { config: signedIn, schema: { tags, response: { 200: contract.catalogueAdminResponse } } },
    async (request) => service.getCatalogueForEditor(db, requireActor(request.actor)),
  );

  app.post(
    '/api/report-catalogue/indicators',
    { config: signedIn, schema: { tags, body: contract.createIndicatorRequest, response } },
    async (request) => service.createIndicator(db, requireActor(request.actor), request.body),
  );

  app.patch(
    '/api/report-catalogue/indicators/:code',
    {
      config: signedIn,
      schema: { tags, params: contract.indicatorParams, body: contract.updateIndicatorRequest, response },
    },
    async (request) =>
      service.updateIndicator(db, requireActor(request.actor), request.params.code, request.body),
  );

  app.post(
    '/api/report-catalogue/period-types',
    { config: signedIn, schema: { tags, body: contract.createPeriodTypeRequest, response } },
    async (request) => service.createPeriodType(db, requireActor(request.actor), request.body),
  );

  app.post(
    '/api/report-catalogue/forms',
    { config: signedIn, schema: { tags, body: contract.createFormRequest, response } },
    async (request) => service.createForm(db, requireActor(request.actor), request.body),
  );

  app.post(
    '/api/report-catalogue/forms/:formId/versions',
    {
      config: signedIn,
      schema: { tags, params: contract.formParams, body: contract.createFormVersionRequest, response },
    },
    async (request) =>
      service.createFormVersion(db, requireActor(request.actor), request.params.formId, request.body),
  );

  app.put(
    '/api/report-catalogue/forms/:formId/versions/:validFrom',
    {
      config: signedIn,
      schema: { tags, params: contract.versionParams, body: contract.formVersionBody, response },
    },
    async (request) => {
      const { formId, validFrom } = request.params;
      return service.updateFormVersion(db, requireActor(request.actor), formId, validFrom, request.body);
    },
  );
}
