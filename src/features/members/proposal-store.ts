/** Admission proposals: filed by a grassroots union, claimed and decided once by the upper union. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { memberProposals } from './tables';

export type ProposalRow = typeof memberProposals.$inferSelect;
export type NewProposalRow = typeof memberProposals.$inferInsert;

export async function insertProposals(db: Database, rows: NewProposalRow[]): Promise<ProposalRow[]> {
  if (rows.length === 0) return [];
  return db.insert(memberProposals).values(rows).returning();
}

export async function findProposals(db: Database, ids: readonly string[]): Promise<ProposalRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(memberProposals)
    .where(inArray(memberProposals.id, [...ids]));
}

/**
 * Claims proposals still waiting for a decision, for the rest of the transaction: a decision made meanwhile by
 * someone else holds the row until it ends, after which the row no longer qualifies. Answers the rows claimed, as
 * they stand now.
 */
export async function claimPendingProposals(db: Database, ids: readonly string[]): Promise<ProposalRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(memberProposals)
    .where(and(inArray(memberProposals.id, [...ids]), eq(memberProposals.status, 'proposed')))
    .orderBy(asc(memberProposals.id))
    .for('update');
}

export async function updateProposal(
  db: Database,
  id: string,
  values: Partial<NewProposalRow>,
): Promise<void> {
  await db
    .update(memberProposals)
    .set({ ...values, version: sql`${memberProposals.version} + 1`, updatedAt: new Date() })
    .where(eq(memberProposals.id, id));
}

/**
 * Writes a change to a proposal only if its status is still `status` (what the caller read): a decision or a
 * withdrawal made meanwhile by someone else wins, and this change writes nothing. Answers whether it was written.
 */
/**
 * Writes a proposal only if its status (and, when given, its version) is still the one read; raises its version.
 * Answers whether it was written.
 */
export async function updateProposalIfStatus(
  db: Database,
  id: string,
  status: string,
  values: Partial<NewProposalRow>,
  version?: number,
): Promise<boolean> {
  const rows = await db
    .update(memberProposals)
    .set({ ...values, version: sql`${memberProposals.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(memberProposals.id, id),
        eq(memberProposals.status, status),
        version === undefined ? undefined : eq(memberProposals.version, version),
      ),
    )
    .returning({ id: memberProposals.id });
  return rows.length > 0;
}

export interface ProposalListRow extends ProposalRow {
  unitName: string;
  approvingUnitName: string;
  memberCode: string | null;
}

/** Proposals from units under `rootId` (judged on each proposal's date), newest first. */
export async function listProposals(
  db: Database,
  rootId: string,
  filter: { status?: string | undefined; offset: number; limit: number },
): Promise<{ total: number; rows: ProposalListRow[] }> {
  const where = and(
    sql`EXISTS (SELECT 1 FROM unit_closure c WHERE c.ancestor_id = ${rootId}::uuid AND c.descendant_id = ${memberProposals.unitId}
               AND c.valid_from <= ${memberProposals.proposedOn} AND c.valid_to > ${memberProposals.proposedOn})`,
    filter.status ? eq(memberProposals.status, filter.status) : undefined,
  );
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberProposals)
    .where(where);
  const rows = await db
    .select({
      proposal: memberProposals,
      unitName: sql<string>`(SELECT name FROM units WHERE id = ${memberProposals.unitId})`,
      approvingUnitName: sql<string>`(SELECT name FROM units WHERE id = ${memberProposals.approvingUnitId})`,
      memberCode: sql<string | null>`(SELECT code FROM members WHERE id = ${memberProposals.memberId})`,
    })
    .from(memberProposals)
    .where(where)
    .orderBy(sql`${memberProposals.updatedAt} DESC`, asc(memberProposals.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return {
    total: count?.n ?? 0,
    rows: rows.map((r) => ({
      ...r.proposal,
      unitName: r.unitName,
      approvingUnitName: r.approvingUnitName,
      memberCode: r.memberCode,
    })),
  };
}
