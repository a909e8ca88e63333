/** Every SQL statement of the background jobs. The same statements run on PGlite and PostgreSQL. */
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, textArray, type Database } from '../db';
import { jobs, type JobRow } from './tables';

export type NewJob = Pick<
  typeof jobs.$inferInsert,
  'kind' | 'ownerId' | 'unitId' | 'dedupeKey' | 'payload'
> & {
  maxAttempts?: number;
  /** Milliseconds from now before it may run. */
  delayMs?: number;
};

/** Queues a job; with a dedupe key already taken nothing is queued and null comes back. */
export async function insertQueued(db: Database, job: NewJob): Promise<string | null> {
  const { delayMs = 0, ...row } = job;
  const [inserted] = await db
    .insert(jobs)
    .values({ ...row, runAfter: sql`now() + ${`${delayMs} milliseconds`}::interval` })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return inserted?.id ?? null;
}

/** A job that starts at once on `workerId` (its input lives in that process: an uploaded file). */
export async function insertRunning(db: Database, job: NewJob, workerId: string): Promise<string> {
  const { delayMs: _, ...row } = job;
  const [inserted] = await db
    .insert(jobs)
    .values({
      ...row,
      state: 'running',
      attempts: 1,
      lockedBy: workerId,
      startedAt: sql`now()`,
      heartbeatAt: sql`now()`,
    })
    .returning({ id: jobs.id });
  return inserted!.id;
}

/**
 * Takes the next queued job of `kinds` that is due, for `workerId`. The row is locked and skipped by every other
 * worker's claim (FOR UPDATE SKIP LOCKED) and marked running in the same statement: two workers never take the
 * same job, and neither waits for the other.
 */
export async function claimNext(
  db: Database,
  kinds: readonly string[],
  workerId: string,
): Promise<JobRow | null> {
  if (kinds.length === 0) return null;
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`UPDATE jobs SET state = 'running', locked_by = ${workerId}, started_at = now(), heartbeat_at = now(),
               attempts = attempts + 1
        WHERE id = (SELECT id FROM jobs
                    WHERE state = 'queued' AND run_after <= now() AND kind = ANY(${textArray(kinds)})
                    ORDER BY run_after, created_at
                    FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id`,
  );
  return row ? readJob(db, row.id) : null;
}

export async function readJob(db: Database, id: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** How far a running job got; also its worker's sign of life. Nothing happens once the job has ended. */
export async function saveProgress(
  db: Database,
  id: string,
  progress: { phase: string | null; done: number; total: number },
): Promise<void> {
  await db
    .update(jobs)
    .set({ ...progress, heartbeatAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running')));
}

/** Every running job of `workerId` is still alive. */
export async function beat(db: Database, workerId: string): Promise<void> {
  await db
    .update(jobs)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(jobs.lockedBy, workerId), eq(jobs.state, 'running')));
}

/** Ends a running job as done with its result, kept for `keepMs`. */
export async function finish(db: Database, id: string, result: unknown, keepMs: number): Promise<void> {
  await db
    .update(jobs)
    .set({
      state: 'done',
      result: result ?? null,
      endedAt: sql`now()`,
      expiresAt: sql`now() + ${`${keepMs} milliseconds`}::interval`,
    })
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running')));
}

/**
 * Ends a running job as failed with `error`, or, when `retryInMs` is given, queues it again for then (the error kept
 * as the last attempt's).
 */
export async function fail(
  db: Database,
  id: string,
  error: unknown,
  keepMs: number,
  retryInMs?: number,
): Promise<void> {
  const again = retryInMs !== undefined;
  await db
    .update(jobs)
    .set(
      again
        ? {
            state: 'queued',
            error,
            lockedBy: null,
            runAfter: sql`now() + ${`${retryInMs} milliseconds`}::interval`,
          }
        : {
            state: 'failed',
            error,
            endedAt: sql`now()`,
            expiresAt: sql`now() + ${`${keepMs} milliseconds`}::interval`,
          },
    )
    .where(and(eq(jobs.id, id), eq(jobs.state, 'running')));
}

/**
 * Ends as failed, with `error`, the running jobs of other workers that have not given a sign of life for `staleMs`:
 * their process stopped (a restart, a crash). A worker never judges its own jobs. Returns how many.
 */
export async function failAbandoned(
  db: Database,
  workerId: string,
  staleMs: number,
  error: unknown,
  keepMs: number,
): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`UPDATE jobs SET state = 'failed', error = ${JSON.stringify(error)}::jsonb, ended_at = now(),
               expires_at = now() + ${`${keepMs} milliseconds`}::interval
        WHERE state = 'running' AND locked_by IS DISTINCT FROM ${workerId}
          AND heartbeat_at < now() - ${`${staleMs} milliseconds`}::interval
        RETURNING id`,
  );
  return rows.length;
}

/** Deletes the ended jobs whose time is up. Returns how many. */
export async function deleteExpired(db: Database): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`DELETE FROM jobs WHERE expires_at < now() AND state IN ('done', 'failed') RETURNING id`,
  );
  return rows.length;
}
