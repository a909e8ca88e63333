/** Every SQL statement of the access feature. */
import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';
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

/** Users holding a grant on a unit inside any of the given subtrees on a date (or every user, for 'all'). */
export async function listUsersWithin(db: Database, roots: string[] | 'all', date: string) {
  const scope =
    roots === 'all'
      ? sql`TRUE`
      : roots.length === 0
        ? sql`FALSE`
        : sql`EXISTS (SELECT 1 FROM role_grants g JOIN unit_closure c ON c.descendant_id = g.unit_id
                WHERE g.user_id = u.id AND c.ancestor_id = ANY(string_to_array(${roots.join(',')}, ',')::uuid[])
                AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date)`;
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

export async function findLiveSession(db: Database, tokenHash: string) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date())));
  return row;
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionsOf(db: Database, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Database): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

// Audit

export async function insertAudit(db: Database, row: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(row);
}

/** Many audit rows, in chunks that stay under the bind-parameter limit. */
export async function insertAudits(db: Database, rows: (typeof auditLog.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(auditLog).values(rows.slice(i, i + 1000));
}

/** Audit records about units inside the given subtrees (any time), newest first. */
export async function listAudit(
  db: Database,
  roots: string[] | 'all',
  filter: { unitId?: string | undefined; action?: string | undefined },
  page: { offset: number; limit: number },
): Promise<{ rows: AuditRow[]; total: number }> {
  const conditions = [];
  if (roots !== 'all') {
    if (roots.length === 0) return { rows: [], total: 0 };
    conditions.push(
      sql`${auditLog.unitId} IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ANY(string_to_array(${roots.join(',')}, ',')::uuid[]))`,
    );
  }
  if (filter.unitId) conditions.push(eq(auditLog.unitId, filter.unitId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
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

// Scope: reads the organisation's closure table (a store may read any feature's tables).

export async function unitLife(db: Database, unitId: string) {
  const rows = await queryRows<{
    id: string;
    name: string;
    foundedOn: string;
    endedOn: string;
    federationId: string | null;
  }>(
    db,
    sql`SELECT id, name, founded_on::text AS "foundedOn", ended_on::text AS "endedOn", federation_id AS "federationId" FROM units WHERE id = ${unitId}::uuid`,
  );
  return rows[0];
}

/** Whether any of `roots` is `unitId` or above it on `date`. */
export async function rootsCoverUnit(
  db: Database,
  roots: string[],
  unitId: string,
  date: string,
): Promise<boolean> {
  if (roots.length === 0) return false;
  const rows = await queryRows<{ one: number }>(
    db,
    sql`SELECT 1 AS one FROM unit_closure WHERE descendant_id = ${unitId}::uuid
        AND ancestor_id = ANY(string_to_array(${roots.join(',')}, ',')::uuid[])
        AND valid_from <= ${date}::date AND valid_to > ${date}::date LIMIT 1`,
  );
  return rows.length > 0;
}
