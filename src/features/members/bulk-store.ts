/**
 * The set-based statements of the member import, apart from store.ts's one-person statements: look-ups by lists of
 * codes, CCCDs and ids (2,000 keys a statement, one array parameter each), the duplicate guard for long lists, the
 * new members, admissions and stays each in one COPY made ready before it starts (prepareCopy), proposals in chunks of 5,000
 * rows (platform/db.ts insertTableRows), and the records of an export's batch.
 */
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../platform/db';
import {
  idArray,
  insertTableRows,
  prepareRows,
  queryRows,
  textArray,
  writeRows,
  type PreparedRows,
} from '../../platform/db';
import { memberProposals, members, membershipEvents, memberships } from './tables';
import type { DuplicateMatch, MemberRow, NewMemberRow } from './record-store';
import type { EventRow, NewEventRow, StayRow } from './stay-store';
import type { NewProposalRow } from './proposal-store';
import { PERSON_FIELDS, type PersonField } from './model';

type NewStayRow = typeof memberships.$inferInsert;

/** A list of strings as one array parameter, the same on both drivers. */

/**
 * Keys per look-up: with longer lists the planner trades the index probes for a scan of the whole table (on
 * 1,000,000 members, 20,000 CCCDs take 130–300 ms as one list, 2,000 take 1.5 ms; the duplicate guard, 20,000
 * candidates 450 ms, 2,000 candidates 12 ms).
 */
export const LOOKUP_CHUNK = 2000;

/** `lookup` over the distinct keys, LOOKUP_CHUNK at a time, the rows of every chunk together. */
async function inChunks<T>(keys: readonly string[], lookup: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const distinct = [...new Set(keys)];
  const rows: T[] = [];
  for (let i = 0; i < distinct.length; i += LOOKUP_CHUNK)
    rows.push(...(await lookup(distinct.slice(i, i + LOOKUP_CHUNK))));
  return rows;
}

/** What the import needs to know of a person already in the registry: who they are (sameIdentity) and their code. */
export type KnownMember = Pick<MemberRow, 'id' | 'code' | 'fullName' | 'searchText' | 'birthDate' | 'cccd'>;

const memberColumns = sql`id, code, full_name AS "fullName", search_text AS "searchText",
  birth_date::text AS "birthDate", cccd`;

export async function membersByCodes(db: Database, codes: readonly string[]): Promise<KnownMember[]> {
  return inChunks(codes, (chunk) =>
    queryRows<KnownMember>(
      db,
      sql`SELECT ${memberColumns} FROM members WHERE code = ANY(${textArray(chunk)})`,
    ),
  );
}

export async function membersByCccds(db: Database, cccds: readonly string[]): Promise<KnownMember[]> {
  return inChunks(cccds, (chunk) =>
    queryRows<KnownMember>(
      db,
      sql`SELECT ${memberColumns} FROM members WHERE cccd = ANY(${textArray(chunk)})`,
    ),
  );
}

/**
 * store.findDuplicates for long lists: the same matches (active members with a stay reaching `date`, and pending
 * proposals, sharing a CCCD or the folded name and date of birth with a candidate), but the candidates travel as
 * array parameters and each way of matching is its own indexed join. (A list of row constructors, as
 * store.findDuplicates builds, makes the planner crawl past a few hundred candidates.) A member found by name
 * counts only when the candidate or the member lacks a CCCD (two CCCDs decide alone: sameIdentity), so a candidate
 * with a CCCD looks by name among the members without one only (members_search_birth_no_cccd_idx).
 */
export async function findDuplicatesBulk(
  db: Database,
  candidates: readonly { cccd: string | null; searchText: string; birthDate: string }[],
  date: string,
): Promise<DuplicateMatch[]> {
  if (candidates.length === 0) return [];
  const cccds = textArray(candidates.flatMap((c) => (c.cccd ? [c.cccd] : [])));
  const dates = textArray(candidates.map((c) => c.birthDate));
  const names = textArray(candidates.map((c) => c.searchText));
  const withCccd = textArray(candidates.map((c) => (c.cccd ? 't' : 'f')));
  return queryRows<DuplicateMatch>(
    db,
    sql`WITH cand AS (
          SELECT DISTINCT b::date AS birth_date, t AS search_text, c::boolean AS has_cccd
          FROM unnest(${dates}, ${names}, ${withCccd}) AS x(b, t, c)
          WHERE b IS NOT NULL AND t IS NOT NULL
        ),
        people AS (
          SELECT p.id FROM members p WHERE p.cccd = ANY(${cccds})
          UNION
          SELECT p.id FROM cand JOIN members p ON p.birth_date = cand.birth_date AND p.search_text = cand.search_text
          WHERE NOT cand.has_cccd
          UNION
          SELECT p.id FROM cand JOIN members p ON p.birth_date = cand.birth_date AND p.search_text = cand.search_text
            AND p.cccd IS NULL
          WHERE cand.has_cccd
        ),
        proposals AS (
          SELECT q.id FROM member_proposals q WHERE q.cccd = ANY(${cccds})
          UNION
          SELECT q.id FROM cand
          JOIN member_proposals q ON q.birth_date = cand.birth_date AND q.search_text = cand.search_text
        )
        SELECT 'member' AS kind, p.id, p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.cccd,
               p.search_text AS "searchText", s.unit_id AS "unitId", u.name AS "unitName"
        FROM people h JOIN members p ON p.id = h.id
        JOIN LATERAL (SELECT m.unit_id FROM memberships m WHERE m.member_id = p.id AND m.valid_to > ${date}::date
                      ORDER BY m.valid_from DESC LIMIT 1) s ON TRUE
        JOIN units u ON u.id = s.unit_id
        UNION ALL
        SELECT 'proposal' AS kind, q.id, q.full_name, q.birth_date::text, q.cccd, q.search_text, q.unit_id, u.name
        FROM proposals h JOIN member_proposals q ON q.id = h.id JOIN units u ON u.id = q.unit_id
        WHERE q.status IN ('proposed', 'returned') AND q.existing_member_id IS NULL`,
  );
}

/** The stays of many people, each person's in date order. */
export async function staysOfMembers(db: Database, memberIds: readonly string[]): Promise<StayRow[]> {
  return inChunks(memberIds, (chunk) =>
    queryRows<StayRow>(
      db,
      sql`SELECT member_id AS "memberId", unit_id AS "unitId", federation_id AS "federationId",
                 valid_from::text AS "validFrom", valid_to::text AS "validTo", start_kind AS "startKind",
                 end_kind AS "endKind"
          FROM memberships WHERE member_id = ANY(${idArray(chunk)})
          ORDER BY member_id, valid_from`,
    ),
  );
}

export type EventFacts = Pick<EventRow, 'id' | 'memberId' | 'unitId' | 'kind' | 'effectiveOn'>;

/** The recorded events of many people (what model.deriveStays replays), oldest first. */
export async function eventsOfMembersBulk(db: Database, memberIds: readonly string[]): Promise<EventFacts[]> {
  const events = await inChunks(memberIds, (chunk) =>
    queryRows<EventFacts>(
      db,
      sql`SELECT id::int AS id, member_id AS "memberId", unit_id AS "unitId", kind,
                 effective_on::text AS "effectiveOn"
          FROM membership_events WHERE member_id = ANY(${idArray(chunk)})`,
    ),
  );
  return events.sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.id - b.id);
}

/** What an export writes of a person: the record's fields, no bookkeeping. */
export type ExportedRecord = Pick<MemberRow, 'id' | 'version' | 'code' | PersonField>;

/**
 * The records of a batch of an export, by id: one array parameter (store.findMembers binds one parameter per id and
 * reads every column, a third of an export's time at 5,000 ids a batch).
 */
export async function membersForExport(db: Database, ids: readonly string[]): Promise<ExportedRecord[]> {
  if (ids.length === 0) return [];
  return queryRows<ExportedRecord>(
    db,
    sql`SELECT id, code, full_name AS "fullName", birth_date::text AS "birthDate", gender,
               ethnicity_code AS "ethnicityCode", religion, cccd, phone, email, education, occupation,
               union_position AS "unionPosition", party_member AS "partyMember", joined_on::text AS "joinedOn", version
        FROM members WHERE id = ANY(${idArray(ids)})`,
  );
}

type PersonValues = Pick<NewMemberRow, 'federationId' | 'searchText' | PersonField>;

/** The person's fields of a row (what members and proposals share), nothing else it may carry. */
export function personValues(p: PersonValues): PersonValues {
  const values = { federationId: p.federationId, searchText: p.searchText } as PersonValues;
  for (const field of PERSON_FIELDS) Object.assign(values, { [field]: p[field] });
  return values;
}

/**
 * Rows of one table made ready to be written in one COPY (PostgreSQL; PGlite takes them as one JSON parameter) before
 * the statement starts (platform/db.ts prepareRows): an import makes a part's rows while the part before is being
 * stored, and the statement then never waits for JavaScript. `fields` are the table's fields the rows give (the others
 * take their defaults in the database).
 */
export interface PreparedCopy {
  table: string;
  columns: string[];
  rows: PreparedRows;
}

function prepareCopy<T extends PgTable, F extends keyof T['$inferInsert'] & string, R>(
  db: Database,
  table: T,
  fields: readonly F[],
  rows: Iterable<R>,
  /** The values of a row, one per field in the order of `fields`. */
  values: (row: R) => unknown[],
): PreparedCopy {
  const config = getTableConfig(table);
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  function* all(): Generator<unknown[]> {
    for (const row of rows) yield values(row);
  }
  return {
    table: config.name,
    columns: fields.map((f) => columns[f]!.name),
    rows: prepareRows(db, all()),
  };
}

/** The values of `fields` of a row object, null for what it lacks. */
const fieldValues =
  <F extends string>(fields: readonly F[]) =>
  (row: Partial<Record<F, unknown>>) =>
    fields.map((f) => row[f] ?? null);

/** Writes rows made ready by one of the prepare functions below, in one COPY. */
export async function copyPrepared(db: Database, prepared: PreparedCopy): Promise<void> {
  await writeRows(db, prepared.table, prepared.columns, prepared.rows);
}

const MEMBER_FIELDS = [
  'id',
  'federationId',
  'code',
  'searchText',
  'sortKey',
  ...PERSON_FIELDS,
] as const satisfies readonly (keyof NewMemberRow)[];

/** A new member: the person's fields (a checked row's), with the id, federation and code given to them. */
export interface NewMember {
  person: Pick<NewMemberRow, 'searchText' | 'sortKey' | PersonField>;
  id: string;
  federationId: string;
  code: string;
}

/** New members, for one COPY (see prepareCopy). */
export function prepareMembers(db: Database, rows: Iterable<NewMember>): PreparedCopy {
  return prepareCopy(db, members, MEMBER_FIELDS, rows, ({ person, id, federationId, code }) => [
    id,
    federationId,
    code,
    person.searchText,
    person.sortKey,
    ...PERSON_FIELDS.map((f) => person[f] ?? null),
  ]);
}

const EVENT_FIELDS = ['federationId', 'memberId', 'unitId', 'kind', 'effectiveOn', 'recordedBy'] as const;

/** Admissions (events without a related unit, reason, decision or proposal), for one COPY (see prepareCopy). */
export function prepareAdmissions(
  db: Database,
  rows: Iterable<Pick<NewEventRow, (typeof EVENT_FIELDS)[number]>>,
): PreparedCopy {
  return prepareCopy(db, membershipEvents, EVENT_FIELDS, rows, fieldValues(EVENT_FIELDS));
}

const STAY_FIELDS = [
  'memberId',
  'unitId',
  'federationId',
  'validFrom',
  'validTo',
  'startKind',
  'endKind',
  'birthDate',
] as const;

/** First stays of people who had none, for one COPY (see prepareCopy). */
export function prepareFirstStays(
  db: Database,
  rows: Iterable<Pick<NewStayRow, (typeof STAY_FIELDS)[number]>>,
): PreparedCopy {
  return prepareCopy(db, memberships, STAY_FIELDS, rows, fieldValues(STAY_FIELDS));
}

/** Inserts proposals (ids chosen by the caller); a proposal's join date may be empty (the day of its approval). */
export async function insertProposalsBulk(
  db: Database,
  rows: readonly (Omit<PersonValues, 'joinedOn'> & { id: string; joinedOn: string | null } & Pick<
      NewProposalRow,
      'unitId' | 'approvingUnitId' | 'proposedOn' | 'existingMemberId' | 'createdBy'
    >)[],
  onChunk?: (done: number) => void,
): Promise<void> {
  await insertTableRows(
    db,
    memberProposals,
    rows.map((r) => ({
      id: r.id,
      ...personValues({ ...r, joinedOn: r.joinedOn ?? '' }),
      joinedOn: r.joinedOn,
      unitId: r.unitId,
      approvingUnitId: r.approvingUnitId,
      proposedOn: r.proposedOn,
      existingMemberId: r.existingMemberId,
      createdBy: r.createdBy,
    })),
    { onChunk },
  );
}
