/** The catalogue's SQL: indicators, period types, forms and their versions. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
import { reportFormVersions, reportForms, reportIndicators, reportPeriodTypes } from './tables';

export type IndicatorRow = typeof reportIndicators.$inferSelect;
export type FormRow = typeof reportForms.$inferSelect;
export type FormVersionRow = typeof reportFormVersions.$inferSelect;
export type PeriodTypeRow = typeof reportPeriodTypes.$inferSelect;

export async function insertCatalogue(
  db: Database,
  rows: {
    indicators: (typeof reportIndicators.$inferInsert)[];
    periodTypes: (typeof reportPeriodTypes.$inferInsert)[];
    forms: (typeof reportForms.$inferInsert)[];
    versions: (typeof reportFormVersions.$inferInsert)[];
  },
): Promise<void> {
  if (rows.indicators.length) await db.insert(reportIndicators).values(rows.indicators).onConflictDoNothing();
  if (rows.periodTypes.length)
    await db.insert(reportPeriodTypes).values(rows.periodTypes).onConflictDoNothing();
  if (rows.forms.length) await db.insert(reportForms).values(rows.forms).onConflictDoNothing();
  if (rows.versions.length) await db.insert(reportFormVersions).values(rows.versions).onConflictDoNothing();
}

export async function catalogueMissing(db: Database): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM report_forms`);
  return (row?.n ?? 0) === 0;
}

/** Every indicator, whatever its dates (a form's version names the ones it uses). */
export async function listIndicators(db: Database): Promise<IndicatorRow[]> {
  return db.select().from(reportIndicators).orderBy(reportIndicators.sortOrder, reportIndicators.code);
}

export async function listPeriodTypes(db: Database): Promise<PeriodTypeRow[]> {
  return db.select().from(reportPeriodTypes).orderBy(reportPeriodTypes.sortOrder);
}

export async function listForms(db: Database): Promise<FormRow[]> {
  return db.select().from(reportForms).orderBy(reportForms.sortOrder, reportForms.id);
}

export async function listFormVersions(db: Database): Promise<FormVersionRow[]> {
  return db
    .select()
    .from(reportFormVersions)
    .orderBy(reportFormVersions.formId, reportFormVersions.validFrom);
}
