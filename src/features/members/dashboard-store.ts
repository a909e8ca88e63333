/** The dashboard's two reads that the tallies do not hold: admissions in a period and proposals waiting. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { queryRows } from '../../platform/db';

/** Admissions dated in [from, to] into the unit or a unit under it (the tree as it stood on each admission's day). */
export async function countAdmissions(
  db: Database,
  rootId: string,
  from: string,
  to: string,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM membership_events e
        JOIN unit_closure c ON c.descendant_id = e.unit_id AND c.ancestor_id = ${rootId}::uuid
         AND c.valid_from <= e.effective_on AND c.valid_to > e.effective_on
        WHERE e.kind = 'admit' AND e.effective_on BETWEEN ${from}::date AND ${to}::date`,
  );
  return row?.n ?? 0;
}

/** Proposals still waiting for a decision, made by the unit or a unit under it on `date`. */
export async function countPendingProposals(db: Database, rootId: string, date: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM member_proposals p
        JOIN unit_closure c ON c.descendant_id = p.unit_id AND c.ancestor_id = ${rootId}::uuid
         AND c.valid_from <= ${date}::date AND c.valid_to > ${date}::date
        WHERE p.status = 'proposed'`,
  );
  return row?.n ?? 0;
}
