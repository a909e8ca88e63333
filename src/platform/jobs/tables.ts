/**
 * Background jobs, kept in the database so that a restart or a second server process sees them (runner.ts). One row
 * a job: what it is (`kind`, `payload`), who started it, how far it got, how it ended, and until when it is kept.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const;

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the job does ("members.import", "access.session_cleanup"); the runner's handler for it runs it. */
    kind: text('kind').notNull(),
    state: text('state', { enum: JOB_STATES }).notNull().default('queued'),
    /** The person who started it (null for a scheduled job); only they may read it. */
    ownerId: uuid('owner_id'),
    /** The unit the job works on, when it works on one (a member import: the CĐCS). */
    unitId: uuid('unit_id'),
    /** A job with a key runs once for that key: a scheduled job's kind and time slot. */
    dedupeKey: text('dedupe_key'),
    payload: jsonb('payload'),
    phase: text('phase'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    result: jsonb('result'),
    /** {code, message, messageEn, problems} when it failed. */
    error: jsonb('error'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(1),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    /** The worker (one a server process) running it, and when that worker last said it still is. */
    lockedBy: text('locked_by'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** An ended job is deleted after this moment. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key').on(t.dedupeKey),
    index('jobs_queue_idx')
      .on(t.runAfter)
      .where(sql`state = 'queued'`),
    index('jobs_running_idx')
      .on(t.heartbeatAt)
      .where(sql`state = 'running'`),
    index('jobs_expires_idx').on(t.expiresAt),
  ],
);

export type JobRow = typeof jobs.$inferSelect;
