import { isIP } from 'node:net';
import { z } from 'zod';

/** How long an unused session lasts when SESSION_IDLE_MINUTES is not set. */
export const DEFAULT_SESSION_IDLE_MINUTES = 30;

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies' X-Forwarded-For and X-Forwarded-Proto are believed (Fastify's `trustProxy`). Off unless set: a
 * client could otherwise name any address and slip past the per-address login limit and into the audit as someone
 * else. 'true' trusts every hop (only behind a proxy that overwrites the header); a comma-separated list trusts those
 * addresses, CIDR ranges or proxy-addr names (loopback, linklocal, uniquelocal). A number of hops is refused: Fastify
 * 5 ignores it (hop counts cannot tell a proxy from a client naming enough hops), so it would silently trust nobody.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((value, ctx): boolean | string[] => {
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'số lớp proxy không được hỗ trợ: ghi địa chỉ IP hoặc dải CIDR của proxy, hoặc true',
      });
      return z.NEVER;
    }
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `phải là true, false hoặc danh sách địa chỉ IP/CIDR cách nhau bởi dấu phẩy (sai: ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** An SMTP server as a URL: scheme smtp or smtps, a host, an optional port. */
const smtpUrl = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'phải là địa chỉ máy chủ thư dạng smtp://tên:mật-khẩu@máy-chủ:587 hoặc smtps://máy-chủ:465' },
  );

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const mailFrom = z
  .string()
  .trim()
  .refine((value) => ADDRESS.test(/<([^>]*)>\s*$/.exec(value)?.[1] ?? value), {
    message: 'phải là một địa chỉ thư điện tử, ví dụ "Công Đoàn Số <thongbao@congdoan.vn>"',
  });

/** Environment the product reads, validated once at start; a bad value stops start-up with every problem listed. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'phải bắt đầu bằng postgres:// hoặc postgresql://')
    .optional(),
  CONGDOAN_DATA_DIR: z.string().min(1).default('./data'),
  SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** A session not used for this long ends, even before SESSION_HOURS. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(DEFAULT_SESSION_IDLE_MINUTES),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  TRUST_PROXY: trustProxy,
  /** The session cookie is Secure on HTTPS requests anyway; true makes it Secure always. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * The SMTP server reminders go through (smtp://user:pass@host:587, smtps://… for TLS from the start). Unset: mail
   * is queued in the outbox and waits until it is set.
   */
  SMTP_URL: smtpUrl.optional(),
  /** The sender of the app's mail: an address, or "Name <address>". */
  MAIL_FROM: mailFrom.default('Công Đoàn Số <no-reply@congdoan.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const SECRET_KEYS = new Set(['SMTP_URL']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        // An SMTP URL may carry a password: the message names the variable, never its value.
        const value = SECRET_KEYS.has(key) ? '(ẩn)' : String(relevant[key]);
        return `${issue.path.join('.')}: ${issue.message} (giá trị: ${value})`;
      }),
    );
  }
  return parsed.data;
}
