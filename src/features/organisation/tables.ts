import { OPEN_END } from '../../lib/dates';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Unit types are data with effective dates: the 2025 restructuring ended some and added others. */
export const unitTypes = pgTable('unit_types', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  shortVi: text('short_vi').notNull(),
  level: integer('level').notNull(),
  /** Powers held: found_units, admit_members, collect_fees, approve_reports. */
  powers: text('powers')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
  legalBasis: text('legal_basis'),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** Which type may sit directly under which, and when. */
export const unitTypeRules = pgTable(
  'unit_type_rules',
  {
    parentTypeId: text('parent_type_id')
      .notNull()
      .references(() => unitTypes.id),
    childTypeId: text('child_type_id')
      .notNull()
      .references(() => unitTypes.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
  },
  (t) => [primaryKey({ columns: [t.parentTypeId, t.childTypeId, t.validFrom] })],
);

/**
 * Sectors (khu vực) a unit works in, as the union counts its blocs: agencies and public-service units, education,
 * enterprises by ownership, cooperatives. Data with effective dates, like unit types: a unit's sector is one valid
 * on the day it is set.
 */
export const sectors = pgTable('sectors', {
  id: text('id').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  /** The short label of files and counts ("Khối HCSN", "DN FDI"). */
  shortVi: text('short_vi').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
  legalBasis: text('legal_basis'),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    /** Name and short name folded to plain ASCII, for diacritic-free, typo-tolerant search. */
    searchText: text('search_text').notNull(),
    typeId: text('type_id')
      .notNull()
      .references(() => unitTypes.id),
    sector: text('sector').references(() => sectors.id),
    province: text('province'),
    commune: text('commune'),
    address: text('address'),
    foundingDecisionNo: text('founding_decision_no'),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    /** First day the unit no longer exists (half-open), or the open end. */
    endedOn: date('ended_on', { mode: 'string' }).notNull().default(OPEN_END),
    /** The level-2 ancestor (province federation or national sector union) that owns the unit's data. */
    federationId: uuid('federation_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('units_code_key').on(t.code),
    index('units_search_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('units_type_idx').on(t.typeId),
  ],
);

/** Names over time: a rename closes one row and opens the next. */
export const unitNames = pgTable(
  'unit_names',
  {
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.validFrom] })],
);

/** The dated parent links: the source of truth of the tree. Ranges are half-open [valid_from, valid_to). */
export const unitParents = pgTable(
  'unit_parents',
  {
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    parentId: uuid('parent_id')
      .notNull()
      .references(() => units.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.validFrom] }),
    index('unit_parents_parent_idx').on(t.parentId, t.validFrom),
  ],
);

/**
 * Closure of the dated tree, derived from unit_parents: one row per (ancestor, descendant, range), self rows at
 * depth 0 over the unit's lifetime. "Ancestors of U on D" and "every unit under A on D" are index look-ups.
 */
export const unitClosure = pgTable(
  'unit_closure',
  {
    ancestorId: uuid('ancestor_id').notNull(),
    descendantId: uuid('descendant_id').notNull(),
    depth: integer('depth').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ancestorId, t.descendantId, t.validFrom] }),
    index('unit_closure_descendant_idx').on(t.descendantId, t.validFrom),
  ],
);

/**
 * A level of the tree as the tree screen lists it: each unit under a parent, per period in which nothing shown
 * changed, with its name then, its attributes and its counts of direct children and of all units below it. Derived
 * from units, unit_names, unit_parents and unit_closure (`child-count-store.ts`), in the transaction of each change
 * (parent-store `rebuildClosure`, unit-store `renameFrom`, `updateUnitAttributes`). Keyed by the parent, so that a
 * level of thousands of units is one index range: no closure walk, no unit or name looked up for every child.
 */
export const treeLevels = pgTable(
  'tree_levels',
  {
    unitId: uuid('unit_id').notNull(),
    parentId: uuid('parent_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    children: integer('children').notNull(),
    below: integer('below').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    typeId: text('type_id').notNull(),
    sector: text('sector'),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.validFrom] }),
    // By end date: a level asked for a recent day reads the rows that reach it, not every period of its history.
    index('tree_levels_parent_idx').on(t.parentId, t.validTo),
  ],
);

/** Restructuring events: found, rename, move, merge, split, dissolve, restructure (bulk). */
export const unitEvents = pgTable(
  'unit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    decisionNo: text('decision_no'),
    decisionDate: date('decision_date', { mode: 'string' }),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    note: text('note'),
    /** What changed, for the timeline: unit names, from and to parents, counts. */
    details: jsonb('details')
      .notNull()
      .default(sql`'{}'::jsonb`),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('unit_events_effective_idx').on(t.effectiveOn)],
);

/** Which units an event touched, and how: subject, source, target, new_parent, old_parent, child. */
export const unitEventUnits = pgTable(
  'unit_event_units',
  {
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => unitEvents.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.unitId, t.role] }),
    index('unit_event_units_unit_idx').on(t.unitId),
  ],
);

/** Tags such as "Khối HCSN", "Khối doanh nghiệp". */
export const unitGroups = pgTable('unit_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
});

export const unitGroupMembers = pgTable(
  'unit_group_members',
  {
    groupId: text('group_id')
      .notNull()
      .references(() => unitGroups.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.unitId] }), index('unit_group_members_unit_idx').on(t.unitId)],
);
