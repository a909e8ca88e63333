/**
 * The outbox through a real SMTP exchange (a server started in the test), on PGlite or PostgreSQL: a key already
 * queued is "already queued"; a batch is sent and marked sent; a server refusing every recipient costs an attempt
 * each drain until the mail is failed with the server's answer; without SMTP_URL mail stays queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/db';
import { startSmtpServer, type TestSmtp } from '../../../test/support/smtp';
import { loadConfig } from '../config';
import { queryRows, sql, type DatabaseHandle } from '../db';
import { createMailer, drainOutbox, MAIL_NOT_CONFIGURED } from './sender';
import * as store from './store';

let handle: DatabaseHandle;
let smtp: TestSmtp;
let refusing: TestSmtp;

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  refusing = await startSmtpServer({ refuse: 'Hộp thư không tồn tại' });
});
afterAll(async () => {
  await smtp.close();
  await refusing.close();
  await handle.close();
});

const mail = (key: string, to = `${key}@congdoan.test`): store.NewMail => ({
  kind: 'test.mail',
  dedupeKey: key,
  toAddress: to,
  toName: 'Trần Thị Thư',
  subject: `Thư thử ${key}`,
  body: `Nội dung có dấu: Công đoàn cơ sở ${key}`,
  ref: { unitId: key },
});

const states = async (prefix: string) =>
  queryRows<{ key: string; state: string; attempts: number; lastError: string | null }>(
    handle.db,
    sql`SELECT dedupe_key AS key, state, attempts, last_error AS "lastError" FROM mail_outbox
        WHERE dedupe_key LIKE ${`${prefix}%`} ORDER BY dedupe_key`,
  );

const config = (url?: string) => loadConfig(url ? { SMTP_URL: url } : {});

describe('the outbox', () => {
  it('queues a key once and sends every queued mail over SMTP, then marks it sent', async () => {
    expect(await store.enqueue(handle.db, [mail('a1'), mail('a2')])).toEqual({ queued: 2 });
    expect(await store.enqueue(handle.db, [mail('a1'), mail('a3')])).toEqual({ queued: 1 });
    const mailer = createMailer(config(smtp.url))!;
    const result = await drainOutbox(handle.db, mailer, { batch: 2 });
    mailer.close();
    expect(result).toEqual({ sent: 3, retrying: 0, failed: 0, waiting: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([
      'a1@congdoan.test',
      'a2@congdoan.test',
      'a3@congdoan.test',
    ]);
    const a1 = smtp.received.find((m) => m.to[0] === 'a1@congdoan.test')!;
    expect(a1.parsed.subject).toBe('Thư thử a1');
    expect(a1.parsed.text?.trim()).toBe('Nội dung có dấu: Công đoàn cơ sở a1');
    expect(a1.parsed.to && 'text' in a1.parsed.to ? a1.parsed.to.text : '').toContain('Trần Thị Thư');
    expect((await states('a')).map((s) => [s.key, s.state, s.attempts])).toEqual([
      ['a1', 'sent', 1],
      ['a2', 'sent', 1],
      ['a3', 'sent', 1],
    ]);
    // Nothing is left: a second drain sends nothing more.
    expect(await drainOutbox(handle.db, createMailer(config(smtp.url)))).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(3);
  });

  it('a refusing server costs an attempt each drain, then the mail is failed with its answer', async () => {
    await store.enqueue(handle.db, [mail('b1')]);
    const mailer = createMailer(config(refusing.url))!;
    expect(await drainOutbox(handle.db, mailer, { maxAttempts: 3 })).toMatchObject({
      retrying: 1,
      failed: 0,
    });
    const [first] = await states('b');
    expect(first).toMatchObject({ state: 'queued', attempts: 1 });
    expect(first!.lastError).toMatch(/550/);
    await drainOutbox(handle.db, mailer, { maxAttempts: 3 });
    expect(await drainOutbox(handle.db, mailer, { maxAttempts: 3 })).toMatchObject({
      retrying: 0,
      failed: 1,
    });
    mailer.close();
    const [last] = await states('b');
    expect(last).toMatchObject({ state: 'failed', attempts: 3 });
    expect(last!.lastError).toMatch(/550/);
    // A failed mail is not tried again.
    expect(await drainOutbox(handle.db, createMailer(config(smtp.url)))).toMatchObject({ sent: 0 });
    expect(refusing.received).toHaveLength(0);
  });

  it('without SMTP_URL mail stays queued and the log says SMTP is not configured', async () => {
    await store.enqueue(handle.db, [mail('c1'), mail('c2')]);
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (m: string) => warnings.push(m) };
    expect(createMailer(config())).toBeNull();
    expect(await drainOutbox(handle.db, createMailer(config()), { log })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      waiting: 2,
    });
    expect(warnings.join('\n')).toContain(MAIL_NOT_CONFIGURED);
    expect(warnings.join('\n')).toMatch(/chưa cấu hình SMTP/i);
    expect((await states('c')).map((s) => [s.state, s.attempts])).toEqual([
      ['queued', 0],
      ['queued', 0],
    ]);
  });
});
