/** Member records and the reference data they name (ethnicities): one row per person, found by id, code or CCCD. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows, textArray } from '../../platform/db';
import { ethnicities, members } from './tables';

export type MemberRow = typeof members.$inferSelect;
export type NewMemberRow = typeof members.$inferInsert;

export async function insertEthnicities(
  db: Database,
  rows: (typeof ethnicities.$inferInsert)[],
): Promise<void> {
  if (rows.length) await db.insert(ethnicities).values(rows).onConflictDoNothing();
}

export async function listEthnicities(db: Database) {
  return db.select().from(ethnicities).orderBy(asc(ethnicities.sortOrder), asc(ethnicities.code));
}

export async function nextMemberCodeNumbers(db: Database, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ n: string | number }>(
    db,
    sql`SELECT nextval('member_code_seq') AS n FROM generate_series(1, ${count}::int)`,
  );
  return rows.map((r) => Number(r.n));
}

export async function insertMember(db: Database, row: NewMemberRow): Promise<MemberRow> {
  const [created] = await db.insert(members).values(row).returning();
  if (!created) throw new Error('insert members returned nothing');
  return created;
}

export async function findMember(db: Database, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export async function findMembers(db: Database, ids: readonly string[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(members)
    .where(inArray(members.id, [...ids]));
}

export async function findMemberByCode(db: Database, code: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.code, code));
  return row;
}

export async function findMemberByCccd(db: Database, cccd: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.cccd, cccd));
  return row;
}

/**
 * Writes a correction only if the row is still at `version` (what the person editing loaded), moving it to the next
 * version; answers the new version, or null when someone changed the row meanwhile (nothing written).
 */
export async function updateMember(
  db: Database,
  id: string,
  version: number,
  values: Partial<NewMemberRow>,
): Promise<number | null> {
  const [row] = await db
    .update(members)
    .set({ ...values, version: sql`${members.version} + 1`, updatedAt: new Date() })
    .where(and(eq(members.id, id), eq(members.version, version)))
    .returning({ version: members.version });
  return row?.version ?? null;
}

/**
 * Takes the people's rows for the rest of the transaction, in one order (two transactions touching the same people
 * wait for each other instead of deadlocking): whatever changes a person's history or record reads it after this.
 * Answers the ids found.
 */
export async function lockMembers(db: Database, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM members WHERE id = ANY(${idArray(ids)}) ORDER BY id FOR UPDATE`,
  );
  return rows.map((r) => r.id);
}

/** A person matched by the duplicate guard: a member with a stay that reaches `date`, or a pending proposal. */
export interface DuplicateMatch {
  kind: 'member' | 'proposal';
  id: string;
  fullName: string;
  birthDate: string;
  cccd: string | null;
  searchText: string;
  unitId: string;
  unitName: string;
}

/**
 * Active members (a stay open on or after `date`) and pending proposals that share a CCCD, or the folded name and
 * date of birth, with any of the candidates, anywhere in the country.
 */
export async function findDuplicates(
  db: Database,
  candidates: { cccd: string | null; searchText: string; birthDate: string }[],
  date: string,
  excludeProposalIds: readonly string[] = [],
): Promise<DuplicateMatch[]> {
  if (candidates.length === 0) return [];
  const cccds = candidates.map((c) => c.cccd).filter((c): c is string => c !== null);
  const pairs = sql.join(
    candidates.map((c) => sql`(${c.birthDate}::date, ${c.searchText}::text)`),
    sql`, `,
  );
  const cccdList = cccds.length ? textArray(cccds) : sql`ARRAY[]::text[]`;
  const excluded = excludeProposalIds.length ? idArray(excludeProposalIds) : sql`ARRAY[]::uuid[]`;
  return queryRows<DuplicateMatch>(
    db,
    sql`SELECT 'member' AS kind, p.id, p.full_name AS "fullName", p.birth_date::text AS "birthDate", p.cccd,
               p.search_text AS "searchText", s.unit_id AS "unitId", u.name AS "unitName"
        FROM members p
        JOIN LATERAL (SELECT m.unit_id FROM memberships m WHERE m.member_id = p.id AND m.valid_to > ${date}::date
                      ORDER BY m.valid_from DESC LIMIT 1) s ON TRUE
        JOIN units u ON u.id = s.unit_id
        WHERE p.cccd = ANY(${cccdList}) OR (p.birth_date, p.search_text) IN (${pairs})
        UNION ALL
        SELECT 'proposal' AS kind, q.id, q.full_name, q.birth_date::text, q.cccd, q.search_text, q.unit_id, u.name
        FROM member_proposals q JOIN units u ON u.id = q.unit_id
        WHERE q.status IN ('proposed', 'returned') AND q.existing_member_id IS NULL
          AND NOT (q.id = ANY(${excluded}))
          AND (q.cccd = ANY(${cccdList}) OR (q.birth_date, q.search_text) IN (${pairs}))`,
  );
}

export interface CorrectionRow {
  at: Date;
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The corrections of a person's record (audited as member.update: the changed fields, masked), oldest first. */
export async function correctionsOf(db: Database, memberId: string): Promise<CorrectionRow[]> {
  return queryRows<CorrectionRow>(
    db,
    sql`SELECT at, actor_name AS "actorName", before, after FROM audit_log
         WHERE action = 'member.update' AND entity = 'member' AND entity_id = ${memberId}
         ORDER BY id`,
  );
}
