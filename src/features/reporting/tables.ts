/**
 * Periodic reports. What the union asks for is data with effective dates (indicators, period types, forms and their
 * versions); what units report grows with units and time and carries `federation_id`, with no foreign key to another
 * large table (ARCHITECTURE.md, the scale path). Values are `numeric`: counts and money (integer VND) stay exact,
 * rates keep their decimals.
 */
import { OPEN_END } from '../../lib/dates';
import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  json,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The catalogue of indicators (chỉ tiêu). `source` says where a value comes from: typed by the unit, computed from the
 * registry and the tree for the period's dates (`registry_key`, with `registry_arg` such as a sector), or computed
 * from other indicators by a formula (formula.ts). An "of which" part names its whole (`parent_code`) and how it is
 * checked against it (`part_rule`: le, each part at most the whole; sum, the parts add up to the whole).
 */
export const reportIndicators = pgTable('report_indicators', {
  code: text('code').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  /** What the figure counts and how, for the people who fill the form (the catalogue editor writes it). */
  description: text('description'),
  /** người, đơn vị, đồng, suất, căn, lượt, % */
  measure: text('measure').notNull(),
  valueType: text('value_type').notNull(),
  aggregation: text('aggregation').notNull(),
  source: text('source').notNull().default('typed'),
  registryKey: text('registry_key'),
  registryArg: text('registry_arg'),
  formula: text('formula'),
  parentCode: text('parent_code'),
  partRule: text('part_rule'),
  /** How the review report narrates the figure ("kết nạp {value} đoàn viên"); null: not narrated. */
  phraseVi: text('phrase_vi'),
  /** A money figure told with another's phrase ("trao 105 suất quà trị giá 52.500.000 đồng"). */
  worthOf: text('worth_of'),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
  legalBasis: text('legal_basis'),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** Period types with their boundaries as data (periods.ts PeriodTypeDefinition). */
export const reportPeriodTypes = pgTable('report_period_types', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  definition: jsonb('definition').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const reportForms = pgTable('report_forms', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/**
 * A form as it stood from `valid_from`: its period type, sections of indicators, the deadline rule, the reminders'
 * days (relative to the deadline), the unit types that fill it and its validation rules. A period reads the version
 * valid on its last day, so a form changed next year leaves old reports readable.
 */
export const reportFormVersions = pgTable(
  'report_form_versions',
  {
    formId: text('form_id')
      .notNull()
      .references(() => reportForms.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
    periodTypeId: text('period_type_id')
      .notNull()
      .references(() => reportPeriodTypes.id),
    deadlineDaysAfterEnd: integer('deadline_days_after_end').notNull(),
    reminderOffsets: integer('reminder_offsets')
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    fillerTypes: text('filler_types').array().notNull(),
    /** [{titleVi, titleEn, indicators: [code…]}] */
    sections: jsonb('sections').notNull(),
    /** [{kind, …}]: see model.ts ValidationRule. */
    rules: jsonb('rules')
      .notNull()
      .default(sql`'[]'::jsonb`),
    legalBasis: text('legal_basis'),
  },
  (t) => [primaryKey({ columns: [t.formId, t.validFrom] })],
);

/**
 * One unit's report for one form and period: draft, submitted, approved or returned. `version` goes up with every
 * write (values or status), so an edit made meanwhile is refused (409). `received_on` is the day a report handed in on
 * paper reached the upper union, which then counts for timeliness instead of `submitted_at`.
 */
export const reportSubmissions = pgTable(
  'report_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    federationId: uuid('federation_id').notNull(),
    formId: text('form_id').notNull(),
    periodCode: text('period_code').notNull(),
    unitId: uuid('unit_id').notNull(),
    status: text('status').notNull().default('draft'),
    version: integer('version').notNull().default(1),
    receivedOn: date('received_on', { mode: 'string' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    /** The approver's comment when returning, or the reason given when reopening. */
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    uniqueIndex('report_submissions_key').on(t.formId, t.periodCode, t.unitId),
    index('report_submissions_status_idx').on(t.formId, t.periodCode, t.status),
    // A unit's reports of every form and period (the approval queue's tabs unfiltered, a unit's history).
    index('report_submissions_unit_idx').on(t.unitId, t.status),
  ],
);

/** The values of a report, one row per indicator; text values in `txt`, everything else in `num`. */
export const reportValues = pgTable(
  'report_values',
  {
    submissionId: uuid('submission_id').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    federationId: uuid('federation_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    formId: text('form_id').notNull(),
    periodCode: text('period_code').notNull(),
    num: numeric('num'),
    txt: text('txt'),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.indicatorCode] }),
    index('report_values_period_idx').on(t.formId, t.periodCode, t.indicatorCode),
  ],
);

/**
 * The live roll-up: for each unit, form, period and typed indicator, the aggregate of the reports of the units below
 * it (strictly) along the tree as it stood on the period's last day, on two bases: `submitted` (submitted or
 * approved) and `approved`. Kept in the transaction of every submission, approval, return and reopening; a unit's own
 * report is read beside it, so nothing is counted twice.
 */
export const reportTotals = pgTable(
  'report_totals',
  {
    unitId: uuid('unit_id').notNull(),
    formId: text('form_id').notNull(),
    periodCode: text('period_code').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    basis: text('basis').notNull(),
    federationId: uuid('federation_id').notNull(),
    total: numeric('total').notNull(),
    /** How many reports gave a value (for averages and "count of yes"). */
    reported: integer('reported').notNull(),
    min: numeric('min'),
    max: numeric('max'),
  },
  (t) => [primaryKey({ columns: [t.formId, t.periodCode, t.unitId, t.indicatorCode, t.basis] })],
);

/** Yearly targets (chỉ tiêu giao) a unit was given by the unit above it, per indicator. */
export const reportTargets = pgTable(
  'report_targets',
  {
    unitId: uuid('unit_id').notNull(),
    year: integer('year').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    federationId: uuid('federation_id').notNull(),
    value: numeric('value').notNull(),
    /** The unit that assigned it (the parent when it was set). */
    assignedBy: uuid('assigned_by').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.year, t.indicatorCode] }),
    index('report_targets_assigner_idx').on(t.assignedBy, t.year),
  ],
);

/**
 * The registry figures of a unit's subtree for a period's dates (members and women at the end, movements during it,
 * CĐCS by sector), computed once (registry-store `registryFiguresOf`) with the snapshot they were read in and the
 * federations of the units they covered. They hold while no transaction that snapshot did not see has written a
 * member tally or changed the tree of one of those federations from a day on or before the period's end
 * (member_tally_writes): a past period's figures stay put while today's admissions go on. Kept a day at most.
 */
export const reportRegistryFigures = pgTable(
  'report_registry_figures',
  {
    unitId: uuid('unit_id').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    figures: json('figures').notNull(),
    /** The federations of the units covered (a unit outside any federation stands for itself). */
    federationIds: uuid('federation_ids').array().notNull(),
    /** pg_current_snapshot() taken before the figures were read. */
    snapshot: text('snapshot').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.periodEnd, t.periodStart] })],
);
