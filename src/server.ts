/** Composition root: config → database → features → HTTP app. */
import { z } from 'zod';
import type { Config } from './platform/config';
import { migrateDatabase, openDatabase, targetFromConfig, type DatabaseHandle } from './platform/db';
import { buildHttpApp, serveWebApp, type App } from './platform/http';
import { registerAccessRoutes } from './features/access/routes';
import { removeEndedSessions, scopeGuard } from './features/access/service';
import { registerOrganisationRoutes } from './features/organisation/routes';
import { registerUnitExchangeRoutes } from './features/organisation/exchange-routes';
import { registerMembersRoutes } from './features/members/routes';
import { registerMemberCardRoutes } from './features/members/card-routes';
import { registerMemberExchangeRoutes } from './features/members/exchange-routes';
import { registerMemberDashboardRoutes } from './features/members/dashboard-routes';
import {
  ensureMemberReferenceData,
  ensureTallies,
  memberRestructureHandlers,
} from './features/members/service';
import { ensureReferenceData } from './features/organisation/service';
import { registerReportCatalogueRoutes } from './features/reporting/catalogue-routes';
import { registerReportDocumentRoutes } from './features/reporting/document-routes';
import { registerReportingRoutes } from './features/reporting/routes';
import {
  ensureReportingReferenceData,
  keepFiguresAhead,
  sendDueReminders,
} from './features/reporting/service';
import { createMailer, drainOutbox } from './platform/mail/sender';
import { todayIso } from './lib/dates';
import { registerReportExchangeRoutes } from './features/reporting/exchange-routes';
import { registerRestructureHandlers } from './features/organisation/restructure-handlers';

/**
 * Wires the features to one another where one reacts to another's change: members follow their unit through a
 * restructuring (and keep a unit with members from ending). Every way the app is composed (server, command line,
 * demo, tests) calls this; calling it twice is harmless.
 */
export function composeFeatures(): void {
  registerRestructureHandlers('members', memberRestructureHandlers);
}

/** Applies migrations and loads reference data (unit types, rules) where missing. */
export async function prepareDatabase(handle: DatabaseHandle): Promise<void> {
  composeFeatures();
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  await ensureMemberReferenceData(handle.db);
  await ensureReportingReferenceData(handle.db);
  await ensureTallies(handle.db);
}

export async function openPreparedDatabase(config: Config): Promise<DatabaseHandle> {
  const handle = await openDatabase(targetFromConfig(config));
  await prepareDatabase(handle);
  return handle;
}

/** The scheduled job that deletes ended sessions, and how often it runs (once across every server process). */
export const SESSION_CLEANUP_JOB = 'access.session_cleanup';
const SESSION_CLEANUP_EVERY_MS = 15 * 60_000;

/** The scheduled job that sends the outbox's mail, and how often. */
export const MAIL_OUTBOX_JOB = 'mail.outbox';
const MAIL_OUTBOX_EVERY_MS = 60_000;

/**
 * The daily job that queues the reminders due today. Its slot is a UTC day, so it runs once a day from 07:00 Vietnam
 * time (or at the first start after it); the day it reminds for is the Vietnam date.
 */
export const REPORT_REMINDERS_JOB = 'reporting.reminders';
const REPORT_REMINDERS_EVERY_MS = 24 * 3600_000;

/**
 * The daily job that keeps ahead the registry figures of the periods being reported on for every union above the
 * grassroots (services/registry-ahead.ts); its slot is a UTC day, like the reminders'.
 */
export const REPORT_FIGURES_JOB = 'reporting.registry-figures';

/** The HTTP app on a prepared database; `jobs: false` leaves the background jobs unpolled (a test runs them). */
export async function createApp(
  handle: DatabaseHandle,
  config: Config,
  options: { logger?: boolean; web?: boolean; jobs?: boolean } = {},
): Promise<App> {
  composeFeatures();
  const ctx = { db: handle.db, config };
  const app = await buildHttpApp(ctx, scopeGuard(handle.db, { idleMinutes: config.SESSION_IDLE_MINUTES }), {
    logger: options.logger ?? false,
  });
  app.get(
    '/api/health',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    () => Promise.resolve({ status: 'ok' as const, database: handle.kind }),
  );
  registerAccessRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
  registerUnitExchangeRoutes(app, ctx);
  registerMembersRoutes(app, ctx);
  registerMemberCardRoutes(app, ctx);
  registerMemberExchangeRoutes(app, ctx);
  registerMemberDashboardRoutes(app, ctx);
  registerReportingRoutes(app, ctx);
  registerReportExchangeRoutes(app, ctx);
  registerReportDocumentRoutes(app, ctx);
  registerReportCatalogueRoutes(app, ctx);
  app.jobs.every(SESSION_CLEANUP_JOB, SESSION_CLEANUP_EVERY_MS, ({ db }) =>
    removeEndedSessions(db, config.SESSION_IDLE_MINUTES),
  );
  const mailer = createMailer(config);
  app.addHook('onClose', () => mailer?.close());
  app.jobs.every(MAIL_OUTBOX_JOB, MAIL_OUTBOX_EVERY_MS, ({ db }) =>
    drainOutbox(db, mailer, { log: app.log }),
  );
  app.jobs.every(REPORT_REMINDERS_JOB, REPORT_REMINDERS_EVERY_MS, ({ db }) =>
    sendDueReminders(db, todayIso()),
  );
  app.jobs.every(REPORT_FIGURES_JOB, REPORT_REMINDERS_EVERY_MS, ({ db }) => keepFiguresAhead(db, todayIso()));
  if (options.jobs !== false) app.jobs.start();
  if (options.web !== false) await serveWebApp(app);
  await app.ready();
  return app;
}
