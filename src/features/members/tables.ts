/**
 * The member registry. Every table that grows with members carries `federation_id` (the level-2 unit that owns the
 * row) and has no foreign key to another large table, so it can be partitioned or distributed by federation later
 * (ARCHITECTURE.md, the scale path). Unit ids are not foreign keys either, as in access: units are checked by the
 * services against the dated tree.
 */
import { OPEN_END } from '../../lib/dates';
import { newId } from '../../platform/ids';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  json,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Reference data: the 54 ethnic groups with their official codes (seeded by ensureMemberReferenceData). */
export const ethnicities = pgTable('ethnicities', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** Numbers behind member codes: a 9-digit number + a Luhn check digit (see member-code.ts). */
export const memberCodeSeq = pgSequence('member_code_seq', {
  startWith: 100000000,
  minValue: 100000000,
  maxValue: 999999999,
  increment: 1,
});

/** The person's fields, the same on a member and on a proposal (fresh builders for each table). */
const personColumns = () => ({
  fullName: text('full_name').notNull(),
  /** The full name folded to plain ASCII (foldVietnamese), for diacritic-free, typo-tolerant search. */
  searchText: text('search_text').notNull(),
  birthDate: date('birth_date', { mode: 'string' }).notNull(),
  gender: text('gender').notNull(),
  ethnicityCode: text('ethnicity_code')
    .notNull()
    .references(() => ethnicities.code),
  religion: text('religion'),
  /** 12 digits, stored whole; masked in lists unless the role holds members.pii. */
  cccd: text('cccd'),
  /** A mobile number normalised to 0xxxxxxxxx. */
  phone: text('phone'),
  email: text('email'),
  education: text('education'),
  occupation: text('occupation'),
  unionPosition: text('union_position'),
  partyMember: boolean('party_member').notNull().default(false),
  /** Ngày vào công đoàn: the admission date. */
  joinedOn: date('joined_on', { mode: 'string' }).notNull(),
});

/** A person who is or was a member. Their stays in units are in `memberships`, their history in `membership_events`. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom().$defaultFn(newId),
    /** The federation of the unit of the person's latest stay. */
    federationId: uuid('federation_id').notNull(),
    code: text('code').notNull(),
    ...personColumns(),
    /** Vietnamese name order (given name first) as a digit string: see name-order.ts. */
    sortKey: text('sort_key').notNull(),
    /**
     * Goes up by one with every change of the row (a correction, an event that moves the person to another
     * federation): a form sends the version it loaded and a change made meanwhile by someone else refuses it (409).
     */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_code_key').on(t.code),
    uniqueIndex('members_cccd_key')
      .on(t.cccd)
      .where(sql`${t.cccd} IS NOT NULL`),
    index('members_phone_idx').on(t.phone),
    // Name search (list-store.ts `listMembers`): whole words of the folded name through a GIN index on its words (a typo is
    // looked up as its one-edit variants), and the beginning of the name through a pattern btree. Trigrams of every
    // name would cost each insert a dozen index entries and still crawl through the posting lists of "ngu" and "thi".
    // fastupdate off: a pending list (up to 4 MB until autovacuum) is scanned by every search, once per looked-up
    // word, and a typo search looks up hundreds of variants; three or four words a row are cheap to insert directly.
    index('members_search_words')
      .using('gin', sql`string_to_array(${t.searchText}, ' ')`)
      .with({ fastupdate: 'off' }),
    // One btree for the beginning of the name (LIKE 'nguyen van h%', by the pattern operators) and for the duplicate
    // guard's folded name with date of birth (equality on both): each index costs an import about 0.5 s per
    // 100,000 people on top of a million, so the two share one.
    index('members_search_birth_idx').on(sql`${t.searchText} text_pattern_ops`, t.birthDate),
    // The duplicate guard's name look-up for a candidate who has a CCCD: two CCCDs decide alone (sameIdentity), so
    // only people without one can be them by name and date of birth. This index holds those people alone (none in a
    // registry where everyone has a CCCD), so an import's 100,000 candidates with a CCCD probe a small index, not the
    // million names (bulk-store.findDuplicatesBulk).
    index('members_search_birth_no_cccd_idx')
      .on(t.searchText, t.birthDate)
      .where(sql`${t.cccd} IS NULL`),
    index('members_sort_idx').on(t.sortKey, t.id),
  ],
);

/**
 * Stays, derived from membership_events (like unit_closure from unit_parents): one row per person per unit per
 * uninterrupted period, half-open [valid_from, valid_to). Rebuilt for a person whenever their events change.
 */
export const memberships = pgTable(
  'memberships',
  {
    memberId: uuid('member_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    federationId: uuid('federation_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull().default(OPEN_END),
    startKind: text('start_kind').notNull(),
    endKind: text('end_kind'),
    /** The person's date of birth, copied here so that counts find the people whose age band a date decides. */
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /** The person holds another stay over part of this one (two organisations): counted once as a person. */
    shared: boolean('shared').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.unitId, t.validFrom] }),
    // member_id last: a count of a province's stays on a date reads this index only (count-store.ts `countMembersFromStays`).
    index('memberships_unit_member_idx').on(t.unitId, t.validFrom, t.validTo, t.memberId),
    // Whether a person found by search is in scope on a date, read from the index only (list-store.ts `listMembers`).
    index('memberships_member_dates_idx').on(t.memberId, t.validTo, t.validFrom, t.unitId),
    // Counts: the few stays whose age band needs the day of birth, and the few people with two stays at once.
    index('memberships_birth_idx').on(t.birthDate, t.validFrom, t.validTo, t.unitId),
    index('memberships_shared_idx')
      .on(t.unitId, t.validFrom)
      .where(sql`${t.shared}`),
  ],
);

/**
 * Member counts per unit over time, kept with the stays (services/tallies.ts): one row per unit per period in which
 * nothing changed, holding the memberships open in it, by gender (`g:`), ethnicity (`e:`) and year of birth (`y:`).
 * A count on a date reads one row per unit of the subtree instead of every stay.
 */
export const memberTallies = pgTable(
  'member_tallies',
  {
    unitId: uuid('unit_id').notNull(),
    federationId: uuid('federation_id').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    memberships: integer('memberships').notNull(),
    /**
     * json, not jsonb: stored as written ({"g:female":12,"e:01":10,"y:1985":3}), 40% smaller, and a count reads a
     * province's rows whole instead of looking inside them.
     */
    counts: json('counts').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.validFrom] })],
);

/**
 * Which transactions wrote tallies, per federation (services/tallies.ts `noteTallyWrites`): a cached list total
 * (member_totals) holds while no transaction it could not see has written the tallies of a federation it read.
 * `federation_id` ALL_FEDERATIONS (the nil uuid) stands for every federation: a restructuring, a rebuild.
 */
export const memberTallyWrites = pgTable(
  'member_tally_writes',
  {
    federationId: uuid('federation_id').notNull(),
    /** pg_current_xact_id() of the writing transaction. */
    xid: bigint('xid', { mode: 'number' }).notNull(),
    /**
     * The first day the transaction changed (a stay's start, a restructuring's effective day); null: any day. A count
     * of a day before it still holds (the registry figures of a past report period, reporting's registry-store).
     */
    fromDate: date('from_date', { mode: 'string' }),
    /** When it was noted: a write is kept two days at least, longer than any figure computed before it is kept. */
    notedAt: timestamp('noted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.federationId, t.xid] })],
);

/**
 * The number of people a list holds, computed from the tallies (services/tallies.ts `cachedTotal`) with the
 * snapshot it was read in and the federations of the units it covered, so that a province's list does not add up
 * thousands of tallies again for every page while nothing changed.
 */
export const memberTotals = pgTable(
  'member_totals',
  {
    rootId: uuid('root_id').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    /** The subtree or the unit alone, and the one narrowing (gender, ethnic group, age range) the total is of. */
    narrowing: text('narrowing').notNull(),
    persons: integer('persons').notNull(),
    federationIds: uuid('federation_ids').array().notNull(),
    /** pg_current_snapshot() taken before the tallies were read. */
    snapshot: text('snapshot').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.rootId, t.onDate, t.narrowing] })],
);

/** The truth of membership: admit, transfer (out + in), leave, reinstate, death, each dated. */
export const membershipEvents = pgTable(
  'membership_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    federationId: uuid('federation_id').notNull(),
    memberId: uuid('member_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** The other side of a transfer. */
    relatedUnitId: uuid('related_unit_id'),
    /** Leave reason code (LEAVE_REASONS). */
    reason: text('reason'),
    decisionNo: text('decision_no'),
    note: text('note'),
    proposalId: uuid('proposal_id'),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('membership_events_member_idx').on(t.memberId, t.effectiveOn),
    index('membership_events_unit_idx').on(t.unitId, t.effectiveOn),
    // A proposal admits one person once, whoever approves it at the same moment (services/decide-proposals.ts
    // claims it first; this key stands behind the claim).
    uniqueIndex('membership_events_proposal_key')
      .on(t.proposalId)
      .where(sql`${t.proposalId} IS NOT NULL AND ${t.kind} = 'admit'`),
  ],
);

/**
 * Proposals to admit (đề nghị kết nạp): a CĐCS proposes, the nearest upper unit holding `admit_members` on the
 * proposal date approves or returns with a reason; a returned proposal is corrected and proposed again.
 */
export const memberProposals = pgTable(
  'member_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom().$defaultFn(newId),
    federationId: uuid('federation_id').notNull(),
    /** The proposing unit, where the person will be a member. */
    unitId: uuid('unit_id').notNull(),
    approvingUnitId: uuid('approving_unit_id').notNull(),
    proposedOn: date('proposed_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('proposed'),
    /** 1 for the first proposal, +1 each time a returned proposal is proposed again. */
    round: integer('round').notNull().default(1),
    /** Raised by every change of the proposal: a correction names the version it was made on (409 when stale). */
    version: integer('version').notNull().default(1),
    ...personColumns(),
    /**
     * Ngày vào công đoàn as proposed: usually none, since no admission decision exists when a CĐCS proposes; the
     * approval then takes the decision's date (decide-proposals.ts). A date only for someone who joined the union
     * earlier (a transfer from outside the system).
     */
    joinedOn: date('joined_on', { mode: 'string' }),
    /** When the person is already a member elsewhere and joins a second organisation (by their member code). */
    existingMemberId: uuid('existing_member_id'),
    returnReason: text('return_reason'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    memberId: uuid('member_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('member_proposals_unit_idx').on(t.unitId, t.status),
    index('member_proposals_approver_idx').on(t.approvingUnitId, t.status),
    index('member_proposals_cccd_idx').on(t.cccd),
    index('member_proposals_birth_name_idx').on(t.birthDate, t.searchText),
    index('member_proposals_federation_idx').on(t.federationId, t.proposedOn),
  ],
);
