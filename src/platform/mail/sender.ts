/**
 * Delivers the outbox over SMTP (`SMTP_URL`, through nodemailer) from `MAIL_FROM`. The drain runs as a scheduled
 * job: it claims a batch, sends each mail, and marks it sent, or queued again with the error, or failed once
 * `maxAttempts` attempts have failed. Without SMTP_URL nothing is sent: the mail stays queued, and the log says so.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../db';
import * as store from './store';

export interface Mailer {
  /** The sender's address as the mail shows it. */
  from: string;
  send(mail: { to: string; toName: string | null; subject: string; body: string }): Promise<void>;
  close(): void;
}

/** The SMTP transport of the configuration; null when SMTP_URL is not set. */
export function createMailer(config: { SMTP_URL?: string; MAIL_FROM: string }): Mailer | null {
  if (!config.SMTP_URL) return null;
  const transport: Transporter = nodemailer.createTransport(config.SMTP_URL);
  return {
    from: config.MAIL_FROM,
    async send(mail) {
      await transport.sendMail({
        from: config.MAIL_FROM,
        to: mail.toName ? { name: mail.toName, address: mail.to } : mail.to,
        subject: mail.subject,
        text: mail.body,
      });
    },
    close: () => transport.close(),
  };
}

export interface DrainOptions {
  /** Mails claimed in one round. */
  batch?: number;
  /** A mail is given up (failed) after this many failed attempts. */
  maxAttempts?: number;
  log?: { info(message: string): void; warn(message: string): void };
}

export interface DrainResult {
  sent: number;
  /** Failed this time, queued for another attempt. */
  retrying: number;
  failed: number;
  /** Left queued because SMTP is not configured. */
  waiting: number;
}

export const DEFAULT_MAIL_ATTEMPTS = 5;
export const MAIL_NOT_CONFIGURED = 'Chưa cấu hình SMTP (SMTP_URL): thư được giữ trong hàng đợi, chưa gửi.';

/** Why an attempt failed, as the log shows it: the SMTP server's answer when it gave one. */
function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const response = (error as Error & { response?: string }).response;
    return response ? `${error.message} (${response})` : error.message;
  }
  return String(error);
}

/** Sends the queued mails, one batch after another, until none is left or a round sends nothing. */
export async function drainOutbox(
  db: Database,
  mailer: Mailer | null,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const { batch = 50, maxAttempts = DEFAULT_MAIL_ATTEMPTS, log } = options;
  const result: DrainResult = { sent: 0, retrying: 0, failed: 0, waiting: 0 };
  if (!mailer) {
    result.waiting = await store.countQueued(db);
    if (result.waiting > 0) log?.warn(`${MAIL_NOT_CONFIGURED} Đang chờ: ${result.waiting} thư.`);
    return result;
  }
  for (;;) {
    const mails = await store.claimBatch(db, batch);
    if (mails.length === 0) break;
    for (const mail of mails) {
      try {
        await mailer.send({
          to: mail.toAddress,
          toName: mail.toName,
          subject: mail.subject,
          body: mail.body,
        });
        await store.markSent(db, mail.id);
        result.sent += 1;
      } catch (error) {
        const final = mail.attempts >= maxAttempts;
        await store.markAttemptFailed(db, mail.id, reasonOf(error), final);
        if (final) result.failed += 1;
        else result.retrying += 1;
      }
    }
    // A mail that failed goes back to the queue: it waits for the next drain, not this one.
    if (mails.length < batch || result.retrying > 0) break;
  }
  if (result.sent + result.failed > 0)
    log?.info(`Đã gửi ${result.sent} thư; ${result.failed} thư không gửi được sau ${maxAttempts} lần thử.`);
  return result;
}
