import { z } from 'zod';

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

const prefixed = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[A-Za-z0-9_]+$`), `must start with ${prefix}`);

/** Every variable the processes read; nothing else in src/ touches process.env. */
export const configFields = z.object({
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
  SMTP_URL: url(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().email('must be an email address'),
  PUBLIC_BASE_URL: url(['http:', 'https:']),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ADMIN_EMAIL: z.string().email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ORG_NAME: z.string().min(1).default('Kizuna Relief Fund'),
  ORG_ADDRESS: z.string().default('1-1 Example-cho, Chiyoda-ku, Tokyo, Japan'),
  ORG_EMAIL: z.string().email('must be an email address').default('relief@kizuna.local'),
  UPDATE_EMAILS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(50),
  OUTBOX_REENQUEUE_AFTER_MS: z.coerce.number().int().min(500).default(300_000),
  QUEUE_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const configSchema = configFields.refine((c) => Boolean(c.ADMIN_EMAIL) === Boolean(c.ADMIN_PASSWORD), {
  path: ['ADMIN_PASSWORD'],
  message: 'must be set together with ADMIN_EMAIL',
});

export type AppConfig = z.infer<typeof configSchema>;
