import { z } from 'zod';
import { PUBLISHED_SECRETS, SECRET_VARIABLES, weakSecretReason } from './secret-rules.js';
import { trustProxySchema } from './trust-proxy.js';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** An IANA zone name that both Intl and PostgreSQL read the same way (no bare offsets, whose sign PostgreSQL reverses). */
export function isIanaZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const prefixed = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9_]+$`), `must start with ${prefix}`);

/** Every variable the processes read; nothing else in src/ touches process.env. */
export const configFields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], 'must be development, test or production').default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'must be letters, digits, - or _')
    .default('kizuna'),
  STRIPE_SECRET_KEY: prefixed('(sk|rk)_'),
  STRIPE_PUBLISHABLE_KEY: prefixed('pk_'),
  STRIPE_WEBHOOK_SECRET: prefixed('whsec_'),
  STRIPE_API_BASE: url(['http:', 'https:']).optional(),
  STRIPE_EMULATOR_PUBLIC_URL: url(['http:', 'https:']).optional(),
  // The currency the Stripe account settles in (its balance and payouts); a gift in another currency is converted by Stripe.
  STRIPE_SETTLEMENT_CURRENCY: z
    .string()
    .regex(/^[a-z]{3}$/, 'must be a lowercase ISO 4217 code such as jpy')
    .default('jpy'),
  // Days a konbini voucher stays payable (Stripe: 1 to 60; it ends at 23:59 Japan time of the last day).
  KONBINI_EXPIRES_AFTER_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  // How often the worker looks for pledges to remind: vouchers due the next day, transfers still partly unpaid.
  PLEDGE_REMINDER_SWEEP_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  // How long after the email saying what remains of a transfer its donor is reminded, once, if that is still owed.
  PLEDGE_PARTIAL_REMINDER_AFTER_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(3 * 24 * 3_600_000),
  SMTP_URL: url(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().email('must be an email address'),
  PUBLIC_BASE_URL: url(['http:', 'https:']),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: trustProxySchema,
  ADMIN_EMAIL: z.string().email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ORG_NAME: z.string().min(1).default('Kizuna Relief Fund'),
  ORG_ADDRESS: z.string().default('1-1 Example-cho, Chiyoda-ku, Tokyo, Japan'),
  ORG_EMAIL: z.string().email('must be an email address').default('relief@kizuna.local'),
  // The staff pages show dates and times in this zone, and the donations chart buckets its days and hours in it.
  ORG_TIMEZONE: z.string().refine(isIanaZone, 'must be an IANA time zone such as Asia/Tokyo').default('Asia/Tokyo'),
  // When the worker issues and mails the annual receipts of the year before: a five-field cron pattern in ORG_TIMEZONE (January 10th, 09:00).
  ANNUAL_RECEIPTS_CRON: z
    .string()
    .regex(/^\s*[\d*,/-]+(\s+[\d*,/-]+){4}\s*$/, 'must be a five-field cron pattern such as 0 9 10 1 *')
    .default('0 9 10 1 *'),
  // Stored webhooks are applied in batches of up to this many events, by this many concurrent appliers per process.
  WEBHOOK_APPLY_BATCH: z.coerce.number().int().min(1).max(5000).default(500),
  WEBHOOK_APPLIERS: z.coerce.number().int().min(1).max(16).default(4),
  WEBHOOK_APPLY_SWEEP_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  UPDATE_EMAILS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(50),
  OUTBOX_REENQUEUE_AFTER_MS: z.coerce.number().int().min(500).default(300_000),
  QUEUE_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  // Mail jobs retry for about four days with growing waits; tests shrink the waits with a scale (README, "Mail").
  MAIL_RETRY_SCALE: z.coerce.number().positive().max(1).default(1),
  MAIL_RETRY_SWEEP_MS: z.coerce.number().int().min(100).default(300_000),
  // Receipts and update emails go out in batches of up to MAIL_BATCH_SIZE, over MAIL_CONNECTIONS pooled SMTP connections per worker.
  MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  MAIL_CONNECTIONS: z.coerce.number().int().min(1).max(64).default(16),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Abuse limits, counted in Redis so every API process shares them (README, "Abuse limits").
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  LOGIN_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(100),
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).default(60),
  LOGIN_BLOCK_MAX_SECONDS: z.coerce.number().int().min(1).default(900),
  DONATIONS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  DONATIONS_PER_EMAIL_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  // Card-testing defence (README, "Card testing"): declined cards counted in PostgreSQL over a sliding window.
  CARD_TESTING_WINDOW_SECONDS: z.coerce.number().int().min(60).default(600),
  CARD_TESTING_SITE_DECLINES: z.coerce.number().int().min(1).default(150),
  CARD_TESTING_DECLINES_PER_IP: z.coerce.number().int().min(1).default(10),
  CARD_TESTING_DECLINES_PER_EMAIL: z.coerce.number().int().min(1).default(5),
  CARD_TESTING_DECLINES_PER_CARD: z.coerce.number().int().min(1).default(5),
  CARD_TESTING_ALARM_SECONDS: z.coerce.number().int().min(60).default(3600),
  CHALLENGE_DIFFICULTY: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  // Live totals (README, "Live totals"): open Server-Sent Events streams one API process keeps before it answers 503.
  SSE_MAX_WATCHERS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
});

type Fields = z.infer<typeof configFields>;

function isLiveStripeKey(key: string): boolean {
  return /^(sk|rk)_live_/.test(key);
}

/** Production: no secret anyone can read in this repository, none too weak, and a live Stripe key only over https. */
function productionProblem(c: Fields): { path: string; message: string } | undefined {
  for (const name of SECRET_VARIABLES) {
    const value = c[name];
    if (value === undefined) continue;
    if (PUBLISHED_SECRETS.has(value)) return { path: name, message: 'is an example value published in this repository: generate one (openssl rand -base64 48)' };
    const weak = weakSecretReason(name, value);
    if (weak) return { path: name, message: weak };
  }
  if (!isLiveStripeKey(c.STRIPE_SECRET_KEY)) return undefined;
  for (const name of ['STRIPE_API_BASE', 'PUBLIC_BASE_URL'] as const) {
    if (c[name]?.startsWith('http:')) return { path: name, message: 'must start with https:// when STRIPE_SECRET_KEY is a live key' };
  }
  return undefined;
}

export const configSchema = configFields
  .refine((c) => Boolean(c.ADMIN_EMAIL) === Boolean(c.ADMIN_PASSWORD), {
    path: ['ADMIN_PASSWORD'],
    message: 'must be set together with ADMIN_EMAIL',
  })
  .superRefine((c, context) => {
    const problem = c.NODE_ENV === 'production' ? productionProblem(c) : undefined;
    if (problem) context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });

export type AppConfig = z.infer<typeof configSchema>;
