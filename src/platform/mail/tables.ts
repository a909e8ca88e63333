/**
 * The outbox: every e-mail the app sends is first a row here, written in the transaction that decides to send it,
 * then delivered by the sender job over SMTP (`SMTP_URL`). The row is the log of what went to whom and how it ended.
 * `dedupe_key` makes "send once" a unique key (a reminder per unit, form, period and day).
 */
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** 'sending': claimed by one drain, its attempt under way (`sent_at` is when it started). */
export const MAIL_STATES = ['queued', 'sending', 'sent', 'failed'] as const;

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What the mail is ("reporting.reminder"). */
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key'),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** What the mail is about, for the log: {unitId, formId, periodCode, offset, …}. */
    ref: jsonb('ref'),
    state: text('state', { enum: MAIL_STATES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_key').on(t.dedupeKey),
    index('mail_outbox_queue_idx')
      .on(t.id)
      .where(sql`state = 'queued'`),
  ],
);
