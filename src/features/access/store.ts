/** Every SQL statement of the access feature. */
import { and, asc, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { idArray, queryRows } from '../../platform/db';
import { foldVietnamese } from '../../lib/text';
import { auditLog, roleGrants, sessions, users } from './tables';
import type { Grant, Role } from './model';

export type UserRow = typeof users.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;

export async function findUserByUsername(db: Database, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function findUser(db: Database, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(db: Database, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await db.insert(users).values(row).returning();
  if (!created) throw new Error('insert users returned nothing');
  return created;
}

export async function updateUser(
  db: Database,
  id: string,
  values: Partial<typeof users.$inferInsert>,
): Promise<void> {
  await db.update(users).set(values).where(eq(users.id, id));
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function grantsOf(db: Database, userId: string): Promise<Grant[]> {
  const rows = await db
    .select({ id: roleGrants.id, role: roleGrants.role, unitId: roleGrants.unitId })
    .from(roleGrants)
    .where(eq(roleGrants.userId, userId));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function findGrant(db: Database, id: string) {
  const [row] = await db.select().from(roleGrants).where(eq(roleGrants.id, id));
  return row;
}

export async function insertGrant(db: Database, row: typeof roleGrants.$inferInsert) {
  const [created] = await db.insert(roleGrants).values(row).returning();
  if (!created) throw new Error('insert role_grants returned nothing');
  return created;
}

export async function deleteGrant(db: Database, id: string): Promise<void> {
  await db.delete(roleGrants).where(eq(roleGrants.id, id));
}

/**
 * Users the given subtrees manage on a date: every role they hold is on a unit inside them (a unit that has ended is
 * judged on its last day), and they are not system administrators. Every user for 'all'.
 */
export async function listUsersWithin(db: Database, roots: string[] | 'all', date: string) {
  const scope =
    roots === 'all'
      ? sql`TRUE`
      : roots.length === 0
        ? sql`FALSE`
        : sql`NOT u.is_system_admin
              AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id)
              AND NOT EXISTS (
                SELECT 1 FROM role_grants g JOIN units gu ON gu.id = g.unit_id
                WHERE g.user_id = u.id AND NOT EXISTS (
                  SELECT 1 FROM unit_closure c
                  WHERE c.descendant_id = g.unit_id AND c.ancestor_id = ANY(${idArray(roots)})
                    AND c.valid_from <= least(${date}::date, gu.ended_on - 1)
                    AND c.valid_to > least(${date}::date, gu.ended_on - 1)))`;
  return queryRows<{
    id: string;
    username: string;
    fullName: string;
    email: string | null;
    phone: string | null;
    isSystemAdmin: boolean;
    disabled: boolean;
    lockedUntil: string | null;
    lastLoginAt: string | null;
  }>(
    db,
    sql`SELECT u.id, u.username, u.full_name AS "fullName", u.email, u.phone, u.is_system_admin AS "isSystemAdmin",
               u.disabled, u.locked_until AS "lockedUntil", u.last_login_at AS "lastLoginAt"
        FROM users u WHERE ${scope} ORDER BY u.username LIMIT 2000`,
  );
}

export async function grantsOfUsers(db: Database, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({
      id: roleGrants.id,
      userId: roleGrants.userId,
      role: roleGrants.role,
      unitId: roleGrants.unitId,
    })
    .from(roleGrants)
    .where(inArray(roleGrants.userId, userIds))
    .orderBy(asc(roleGrants.grantedAt));
}

// Sessions

export async function insertSession(db: Database, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** A session that has neither expired at `now` nor been idle since before `seenSince`. */
export async function findLiveSession(db: Database, tokenHash: string, at: { now: Date; seenSince: Date }) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, at.now),
        gt(sessions.lastSeenAt, at.seenSince),
      ),
    );
  return row;
}

/** Marks a session used at `now`, unless another request already did since `unlessSince`. */
export async function touchSession(
  db: Database,
  tokenHash: string,
  now: Date,
  unlessSince: Date,
): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(sessions.tokenHash, tokenHash), lt(sessions.lastSeenAt, unlessSince)));
}

/**
 * Counts one login attempt, in one conditional statement so that parallel attempts each get their own number:
 * the attempt reaching `maxFailures` locks the account until `lockUntil`; while it is locked nothing is counted
 * and nothing returned. A lock that has run out starts the count again from 1.
 */
export async function claimLoginAttempt(
  db: Database,
  userId: string,
  at: { maxFailures: number; now: Date; lockUntil: Date },
): Promise<{ attempt: number; lockedUntil: Date | null } | undefined> {
  const attempt = sql`(CASE WHEN ${users.lockedUntil} IS NULL THEN ${users.failedLogins} + 1 ELSE 1 END)`;
  const [row] = await db
    .update(users)
    .set({
      failedLogins: attempt,
      lockedUntil: sql`CASE WHEN ${attempt} >= ${at.maxFailures} THEN ${at.lockUntil.toISOString()}::timestamptz END`,
    })
    .where(
      and(
        eq(users.id, userId),
        sql`(${users.lockedUntil} IS NULL OR ${users.lockedUntil} <= ${at.now.toISOString()}::timestamptz)`,
      ),
    )
    .returning({ attempt: users.failedLogins, lockedUntil: users.lockedUntil });
  return row;
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOf(db: Database, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Deletes the sessions past their end, or idle since before `seenBefore`; returns how many. */
export async function deleteExpiredSessions(db: Database, now: Date, seenBefore: Date): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, seenBefore)))
    .returning({ tokenHash: sessions.tokenHash });
  return deleted.length;
}

// Audit

export async function insertAudit(db: Database, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

/** Many audit rows, in chunks that stay under the bind-parameter limit. */
export async function insertAudits(db: Database, rows: (typeof auditLog.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(auditLog).values(rows.slice(i, i + 1000));
}

/** Which audit rows to list: about a unit (and the units under it on the day), by an action, by a person. */
export interface AuditFilter {
  unitId?: string | undefined;
  action?: string | undefined;
  /** Part of the acting person's name or user name, diacritics and case ignored. */
  actor?: string | undefined;
}

/**
 * Vietnamese letters and their plain forms, for matching folded names in SQL without the unaccent extension (lower()
 * first; the database's own lower() may leave non-ASCII capitals, so both cases are listed).
 */
const ACCENTED_LETTERS = [
  ...new Set([...'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ']),
];
const ACCENTED = [...ACCENTED_LETTERS, ...ACCENTED_LETTERS.map((c) => c.toUpperCase())].join('');
const PLAIN = [...ACCENTED_LETTERS, ...ACCENTED_LETTERS].map((c) => foldVietnamese(c)).join('');

/** Rows whose unit stood under one of `roots` on the day of the action (a unit out of its life: its nearest day). */
function underOnTheDay(roots: readonly string[]) {
  return sql`EXISTS (SELECT 1 FROM units au
            CROSS JOIN LATERAL (SELECT least(greatest((${auditLog.at} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                                                       au.founded_on), au.ended_on - 1) AS day) d
            JOIN unit_closure c ON c.descendant_id = au.id AND c.valid_from <= d.day AND c.valid_to > d.day
            WHERE au.id = ${auditLog.unitId} AND c.ancestor_id = ANY(${idArray(roots)}))`;
}

/** Audit records about units inside the given subtrees (any time), newest first. */
export async function listAudit(
  db: Database,
  roots: string[] | 'all',
  filter: AuditFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const conditions = [];
  if (roots !== 'all') {
    if (roots.length === 0) return { rows: [], total: 0 };
    // A row is seen by those whose scope held its unit on the day of the action (Vietnam time), not by a later owner
    // of a moved unit, nor by its earlier one.
    conditions.push(underOnTheDay(roots));
  }
  // The unit asked and every unit that stood under it on the day of the action.
  if (filter.unitId) conditions.push(underOnTheDay([filter.unitId]));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  const folded = filter.actor ? foldVietnamese(filter.actor) : '';
  if (folded) {
    // foldVietnamese leaves letters, digits and spaces only: nothing LIKE would read as a wildcard.
    const pattern = `%${folded}%`;
    conditions.push(
      sql`(translate(lower(${auditLog.actorName}), ${ACCENTED}, ${PLAIN}) LIKE ${pattern}
           OR ${auditLog.actorId} IN (SELECT id FROM users WHERE lower(username) LIKE ${pattern}))`,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .offset(page.offset)
    .limit(page.limit);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(where);
  return { rows, total: count?.n ?? 0 };
}

/** The names of units, members, users and proposals (their person) among `ids` (audit rows name them by id). */
export async function namesOfIds(db: Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`SELECT id::text AS id, name FROM units WHERE id = ANY(${idArray(ids)})
        UNION ALL SELECT id::text, full_name FROM members WHERE id = ANY(${idArray(ids)})
        UNION ALL SELECT id::text, full_name FROM users WHERE id = ANY(${idArray(ids)})
        UNION ALL SELECT id::text, full_name FROM member_proposals WHERE id = ANY(${idArray(ids)})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

// Scope: reads the organisation's closure table (a store may read any feature's tables).

export interface UnitCover {
  id: string;
  name: string;
  foundedOn: string;
  endedOn: string;
  federationId: string | null;
  /** The day the unit was judged on: `date` clamped into the unit's life. */
  judgedOn: string;
  /** Which of the given ancestors are the unit or above it on that day, and whether each is alive today. */
  covering: { id: string; aliveToday: boolean }[];
}

/**
 * The one closure query of the scope API: for each unit, which of `ancestorIds` are it or above it on `date`
 * (clamped into the unit's life, so that a dissolved unit is judged on its last day).
 */
export async function unitCovers(
  db: Database,
  ancestorIds: readonly string[],
  unitIds: readonly string[],
  date: string,
  today: string,
): Promise<UnitCover[]> {
  if (unitIds.length === 0) return [];
  const rows = await queryRows<Omit<UnitCover, 'covering'> & { covering: string | null }>(
    db,
    sql`WITH u AS (
          SELECT id, name, founded_on, ended_on, federation_id,
                 least(greatest(${date}::date, founded_on), ended_on - 1) AS judged_on
          FROM units WHERE id = ANY(${idArray(unitIds)}))
        SELECT u.id, u.name, u.founded_on::text AS "foundedOn", u.ended_on::text AS "endedOn",
               u.federation_id AS "federationId", u.judged_on::text AS "judgedOn",
               (SELECT json_agg(json_build_object('id', c.ancestor_id, 'aliveToday', a.ended_on > ${today}::date))::text
                FROM unit_closure c JOIN units a ON a.id = c.ancestor_id
                WHERE c.descendant_id = u.id AND c.ancestor_id = ANY(${idArray(ancestorIds)})
                  AND c.valid_from <= u.judged_on AND c.valid_to > u.judged_on) AS covering
        FROM u`,
  );
  return rows.map((r) => ({
    ...r,
    covering: r.covering ? (JSON.parse(r.covering) as UnitCover['covering']) : [],
  }));
}

/** The pairs (ancestor, unit) among the given ids where the ancestor is the unit or above it on `date`. */
export async function underPairs(
  db: Database,
  ancestorIds: readonly string[],
  unitIds: readonly string[],
  date: string,
): Promise<{ ancestorId: string; unitId: string }[]> {
  if (ancestorIds.length === 0 || unitIds.length === 0) return [];
  return queryRows(
    db,
    sql`SELECT ancestor_id AS "ancestorId", descendant_id AS "unitId" FROM unit_closure
        WHERE ancestor_id = ANY(${idArray(ancestorIds)}) AND descendant_id = ANY(${idArray(unitIds)})
          AND valid_from <= ${date}::date AND valid_to > ${date}::date`,
  );
}

/** The name of each unit and the day it ended (OPEN_END while it lives). */
export async function unitNamesAndEnds(
  db: Database,
  unitIds: readonly string[],
): Promise<Map<string, { name: string; endedOn: string }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string; endedOn: string }>(
    db,
    sql`SELECT id, name, ended_on::text AS "endedOn" FROM units WHERE id = ANY(${idArray(unitIds)})`,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, endedOn: r.endedOn }]));
}

export async function unitNames(db: Database, unitIds: readonly string[]): Promise<Map<string, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`SELECT id, name FROM units WHERE id = ANY(${idArray(unitIds)})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
