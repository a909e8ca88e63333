/** Membership events and the stays they make: which unit a person belonged to, from when to when. */
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows } from '../../platform/db';
import { memberships, membershipEvents } from './tables';

export type EventRow = typeof membershipEvents.$inferSelect;
export type NewEventRow = typeof membershipEvents.$inferInsert;
export type StayRow = typeof memberships.$inferSelect;

export async function eventsOfMembers(db: Database, memberIds: readonly string[]): Promise<EventRow[]> {
  if (memberIds.length === 0) return [];
  return db
    .select()
    .from(membershipEvents)
    .where(inArray(membershipEvents.memberId, [...memberIds]))
    .orderBy(asc(membershipEvents.effectiveOn), asc(membershipEvents.id));
}

export async function insertEvents(db: Database, rows: NewEventRow[]): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < rows.length; i += CHUNK)
    await db.insert(membershipEvents).values(rows.slice(i, i + CHUNK));
}

/** Replaces the derived stays of the given people with freshly derived ones. */
export async function replaceStays(
  db: Database,
  memberIds: readonly string[],
  stays: (typeof memberships.$inferInsert)[],
): Promise<void> {
  if (memberIds.length === 0) return;
  await db.delete(memberships).where(inArray(memberships.memberId, [...memberIds]));
  const CHUNK = 2000;
  for (let i = 0; i < stays.length; i += CHUNK)
    await db.insert(memberships).values(stays.slice(i, i + CHUNK));
}

/** Sets each person's federation (that of the unit of their latest stay) in one statement. */
export async function setMemberFederations(
  db: Database,
  pairs: readonly { memberId: string; federationId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  await db.execute(sql`
    UPDATE members p SET federation_id = v.federation_id, version = p.version + 1, updated_at = now()
    FROM unnest(${idArray(pairs.map((x) => x.memberId))}, ${idArray(pairs.map((x) => x.federationId))})
      AS v(member_id, federation_id)
    WHERE p.id = v.member_id AND p.federation_id <> v.federation_id`);
}

export async function staysOf(db: Database, memberId: string): Promise<StayRow[]> {
  return db
    .select()
    .from(memberships)
    .where(eq(memberships.memberId, memberId))
    .orderBy(asc(memberships.validFrom));
}

/** People with a stay open at exactly `unitId` on `date`. */
export async function memberIdsActiveAt(db: Database, unitId: string, date: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT DISTINCT member_id AS id FROM memberships
        WHERE unit_id = ${unitId}::uuid AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
  );
  return rows.map((r) => r.id);
}

/**
 * Stays open at `unitId` on or after `date`: what still has to be transferred before the unit can end there.
 * (For the organisation's dissolve and merge checks.)
 */
export async function countStaysReaching(db: Database, unitId: string, date: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM memberships WHERE unit_id = ${unitId}::uuid AND valid_to > ${date}::date`,
  );
  return row?.n ?? 0;
}

/**
 * Whether the person belongs to a unit under `rootId` now: a unit holding one of their stays open today (or, for
 * someone who has left, their last stay), judged where that unit stands today (a unit that has ended, on its last
 * day). The unit a member left keeps the history line of the stay, not the record.
 */
export async function memberBelongsUnder(
  db: Database,
  rootId: string,
  memberId: string,
  today: string,
): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    db,
    sql`WITH s AS (
          SELECT unit_id, valid_to FROM memberships WHERE member_id = ${memberId}::uuid AND valid_from <= ${today}::date),
        now_units AS (
          SELECT unit_id FROM s WHERE valid_to > ${today}::date
          UNION ALL
          SELECT unit_id FROM s WHERE NOT EXISTS (SELECT 1 FROM s WHERE valid_to > ${today}::date)
            AND valid_to = (SELECT max(valid_to) FROM s))
        SELECT 1 AS one FROM now_units n JOIN units u ON u.id = n.unit_id
        JOIN unit_closure c ON c.descendant_id = u.id AND c.ancestor_id = ${rootId}::uuid
          AND c.valid_from <= least(${today}::date, u.ended_on - 1) AND c.valid_to > least(${today}::date, u.ended_on - 1)
        LIMIT 1`,
  );
  return rows.length > 0;
}

export interface HistoryStay {
  unitId: string;
  unitName: string;
  validFrom: string;
  validTo: string;
  startKind: string;
  endKind: string | null;
}

export async function historyStays(db: Database, memberId: string): Promise<HistoryStay[]> {
  return queryRows<HistoryStay>(
    db,
    sql`SELECT m.unit_id AS "unitId", coalesce(n.name, u.name) AS "unitName", m.valid_from::text AS "validFrom",
               m.valid_to::text AS "validTo", m.start_kind AS "startKind", m.end_kind AS "endKind"
        FROM memberships m JOIN units u ON u.id = m.unit_id
        LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= m.valid_from AND n.valid_to > m.valid_from
        WHERE m.member_id = ${memberId}::uuid ORDER BY m.valid_from, m.unit_id`,
  );
}

export interface HistoryEvent {
  id: number;
  kind: string;
  unitId: string;
  unitName: string;
  relatedUnitName: string | null;
  effectiveOn: string;
  reason: string | null;
  decisionNo: string | null;
  note: string | null;
  recordedByName: string | null;
  recordedAt: string;
  /** The proposal an admission was approved on (none for a list registered directly or an earlier system's). */
  proposal: {
    proposedOn: string;
    round: number;
    approvingUnitName: string;
    decidedByName: string | null;
    decidedAt: string | null;
  } | null;
}

export async function historyEvents(db: Database, memberId: string): Promise<HistoryEvent[]> {
  return queryRows<HistoryEvent>(
    db,
    sql`SELECT e.id::int AS id, e.kind, e.unit_id AS "unitId", u.name AS "unitName", r.name AS "relatedUnitName",
               e.effective_on::text AS "effectiveOn", e.reason, e.decision_no AS "decisionNo", e.note,
               usr.full_name AS "recordedByName", e.recorded_at AS "recordedAt",
               CASE WHEN q.id IS NOT NULL THEN json_build_object(
                 'proposedOn', q.proposed_on, 'round', q.round, 'approvingUnitName', a.name,
                 'decidedByName', dec.full_name, 'decidedAt', q.decided_at) END AS proposal
        FROM membership_events e JOIN units u ON u.id = e.unit_id
        LEFT JOIN units r ON r.id = e.related_unit_id
        LEFT JOIN users usr ON usr.id = e.recorded_by
        LEFT JOIN member_proposals q ON q.id = e.proposal_id
        LEFT JOIN units a ON a.id = q.approving_unit_id
        LEFT JOIN users dec ON dec.id = q.decided_by
        WHERE e.member_id = ${memberId}::uuid ORDER BY e.effective_on, e.id`,
  );
}
