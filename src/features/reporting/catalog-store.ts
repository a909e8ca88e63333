/** The catalogue's SQL: indicators, period types, forms and their versions. */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows, textArray } from '../../platform/db';
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

/**
 * A stamp that changes whenever a row of the catalogue is added, changed or removed: per table, its rows and the
 * newest writing transaction among them (xmin). One small read instead of four, to know a catalogue read before
 * still holds.
 */
export async function catalogueStamp(db: Database): Promise<string> {
  const [row] = await queryRows<{ stamp: string }>(
    db,
    sql`SELECT concat_ws('/',
          (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM report_indicators),
          (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM report_period_types),
          (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM report_forms),
          (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM report_form_versions)) AS stamp`,
  );
  return row!.stamp;
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

// ---- The catalogue editor's writes (services/manage-catalogue.ts), each inside its transaction.

export async function findIndicator(db: Database, code: string): Promise<IndicatorRow | undefined> {
  const [row] = await db.select().from(reportIndicators).where(eq(reportIndicators.code, code));
  return row;
}

export async function insertIndicator(
  db: Database,
  row: Omit<typeof reportIndicators.$inferInsert, 'sortOrder'>,
): Promise<IndicatorRow> {
  const [inserted] = await db
    .insert(reportIndicators)
    .values({
      ...row,
      sortOrder: sql`(SELECT coalesce(max(sort_order), -1) + 1 FROM report_indicators)`,
    })
    .returning();
  return inserted!;
}

export async function updateIndicator(
  db: Database,
  code: string,
  patch: Partial<
    Pick<
      IndicatorRow,
      'nameVi' | 'nameEn' | 'measure' | 'description' | 'valueType' | 'aggregation' | 'validTo'
    >
  >,
): Promise<IndicatorRow> {
  const [row] = await db
    .update(reportIndicators)
    .set(patch)
    .where(eq(reportIndicators.code, code))
    .returning();
  return row!;
}

/**
 * Whether a report stores a value for the indicator, looked up among the given forms' reported periods (the index
 * on form, period and indicator answers it without reading other indicators' values).
 */
export async function indicatorHasValues(
  db: Database,
  code: string,
  formIds: readonly string[],
  periodCodes: readonly string[],
): Promise<boolean> {
  if (formIds.length === 0 || periodCodes.length === 0) return false;
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM report_values
        WHERE form_id = ANY(${textArray(formIds)}) AND period_code = ANY(${textArray(periodCodes)})
          AND indicator_code = ${code}
        LIMIT 1`,
  );
  return rows.length > 0;
}

/** How many reports (any status) each form has per period code. */
export async function reportCounts(
  db: Database,
  formId?: string,
): Promise<{ formId: string; periodCode: string; reports: number }[]> {
  return queryRows(
    db,
    sql`SELECT form_id AS "formId", period_code AS "periodCode", count(*)::int AS reports
        FROM report_submissions ${formId === undefined ? sql`` : sql`WHERE form_id = ${formId}`}
        GROUP BY form_id, period_code ORDER BY form_id, period_code`,
  );
}

export async function findPeriodType(db: Database, id: string): Promise<PeriodTypeRow | undefined> {
  const [row] = await db.select().from(reportPeriodTypes).where(eq(reportPeriodTypes.id, id));
  return row;
}

export async function insertPeriodType(
  db: Database,
  row: Omit<typeof reportPeriodTypes.$inferInsert, 'sortOrder'>,
): Promise<PeriodTypeRow> {
  const [inserted] = await db
    .insert(reportPeriodTypes)
    .values({
      ...row,
      sortOrder: sql`(SELECT coalesce(max(sort_order), -1) + 1 FROM report_period_types)`,
    })
    .returning();
  return inserted!;
}

export async function findForm(db: Database, id: string): Promise<FormRow | undefined> {
  const [row] = await db.select().from(reportForms).where(eq(reportForms.id, id));
  return row;
}

export async function insertForm(db: Database, row: Omit<typeof reportForms.$inferInsert, 'sortOrder'>) {
  await db.insert(reportForms).values({
    ...row,
    sortOrder: sql`(SELECT coalesce(max(sort_order), -1) + 1 FROM report_forms)`,
  });
}

export async function versionsOf(db: Database, formId: string): Promise<FormVersionRow[]> {
  return db
    .select()
    .from(reportFormVersions)
    .where(eq(reportFormVersions.formId, formId))
    .orderBy(reportFormVersions.validFrom);
}

export async function insertFormVersion(
  db: Database,
  row: typeof reportFormVersions.$inferInsert,
): Promise<FormVersionRow> {
  const [inserted] = await db.insert(reportFormVersions).values(row).returning();
  return inserted!;
}

/** Rewrites a version's content (its dates stay) or, with `validTo` alone, ends it where the next one starts. */
export async function updateFormVersion(
  db: Database,
  formId: string,
  validFrom: string,
  patch: Partial<Omit<FormVersionRow, 'formId' | 'validFrom'>>,
): Promise<FormVersionRow> {
  const [row] = await db
    .update(reportFormVersions)
    .set(patch)
    .where(and(eq(reportFormVersions.formId, formId), eq(reportFormVersions.validFrom, validFrom)))
    .returning();
  return row!;
}
