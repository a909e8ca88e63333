/**
 * Every SQL statement of the outbox (tables.ts). The same statements run on PGlite and PostgreSQL. A mail goes
 * queued → sending (claimed by one drain) → sent, or back to queued after a failed attempt, or failed once its
 * attempts are spent.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, textArray, type Database } from '../db';
import { mailOutbox } from './tables';

export type NewMail = Pick<
  typeof mailOutbox.$inferInsert,
  'kind' | 'dedupeKey' | 'toAddress' | 'toName' | 'subject' | 'body' | 'ref'
>;

export type MailRow = typeof mailOutbox.$inferSelect;

/** A claimed mail whose drain has not answered for this long is taken as interrupted and may be claimed again. */
const SENDING_LEASE = '10 minutes';

/**
 * Queues mails in one statement. A mail whose dedupe key is already in the outbox (queued, sent or failed) is not
 * queued again: that is "already queued", not an error. Returns how many were queued now.
 */
export async function enqueue(db: Database, mails: readonly NewMail[]): Promise<{ queued: number }> {
  if (mails.length === 0) return { queued: 0 };
  const inserted = await db
    .insert(mailOutbox)
    .values([...mails])
    .onConflictDoNothing({ target: mailOutbox.dedupeKey })
    .returning({ id: mailOutbox.id });
  return { queued: inserted.length };
}

/**
 * Takes up to `limit` queued mails (and those whose drain stopped mid-send), marks them sending and counts the
 * attempt, in one statement. The rows are locked and skipped by every other drain's claim (FOR UPDATE SKIP LOCKED):
 * two drains never take the same mail, and neither waits for the other. `sent_at` holds when the attempt started
 * while a mail is sending.
 */
export async function claimBatch(db: Database, limit: number): Promise<MailRow[]> {
  const claimed = await queryRows<{ id: number }>(
    db,
    sql`UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, sent_at = now()
        WHERE id IN (SELECT id FROM mail_outbox
                     WHERE state = 'queued'
                        OR (state = 'sending' AND sent_at < now() - ${SENDING_LEASE}::interval)
                     ORDER BY id
                     FOR UPDATE SKIP LOCKED LIMIT ${limit})
        RETURNING id`,
  );
  if (claimed.length === 0) return [];
  return db
    .select()
    .from(mailOutbox)
    .where(
      inArray(
        mailOutbox.id,
        claimed.map((c) => Number(c.id)),
      ),
    )
    .orderBy(asc(mailOutbox.id));
}

export async function markSent(db: Database, id: number): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ state: 'sent', sentAt: sql`now()`, lastError: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'sending')));
}

/** Records a failed attempt: queued again for the next drain, or failed for good when `final`. */
export async function markAttemptFailed(
  db: Database,
  id: number,
  error: string,
  final: boolean,
): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ state: final ? 'failed' : 'queued', lastError: error.slice(0, 2000), sentAt: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'sending')));
}

/** How many mails wait to be sent. */
export async function countQueued(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM mail_outbox WHERE state IN ('queued', 'sending')`,
  );
  return Number(row?.n ?? 0);
}

/**
 * The outbox's log of one kind of mail: those whose `ref` holds every pair of `ref` and whose `ref[inKey]` is one of
 * `inValues`, newest first.
 */
export async function listByRef(
  db: Database,
  filter: { kind: string; ref: Record<string, string>; inKey: string; inValues: readonly string[] },
  limit = 2000,
): Promise<MailRow[]> {
  if (filter.inValues.length === 0) return [];
  return db
    .select()
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.kind, filter.kind),
        sql`${mailOutbox.ref} @> ${JSON.stringify(filter.ref)}::jsonb`,
        sql`${mailOutbox.ref} ->> ${filter.inKey} = ANY(${textArray(filter.inValues)})`,
      ),
    )
    .orderBy(sql`${mailOutbox.createdAt} DESC, ${mailOutbox.id} DESC`)
    .limit(limit);
}
