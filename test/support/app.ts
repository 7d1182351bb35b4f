import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApi } from '../../src/app.factory.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createTestDatabase } from './database.js';
import { waitUntil } from './wait.js';

export const TEST_ADMIN = { email: 'admin@test.kizuna', password: 'admin-password-for-tests' };

/** The environment of a test process: its own database and its own Redis key prefix. */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    REDIS_PREFIX: `t${randomBytes(4).toString('hex')}`,
    STRIPE_SECRET_KEY: 'sk_test_emulator',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_emulator',
    STRIPE_WEBHOOK_SECRET: 'whsec_test_secret',
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MAIL_FROM: 'receipts@test.kizuna',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-to-pass',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    // Tests create many donations quickly from 127.0.0.1; test/security sets the real limits back.
    DONATIONS_PER_IP_PER_MINUTE: '1000000',
    DONATIONS_PER_EMAIL_PER_MINUTE: '1000000',
    // Tests decline cards on purpose; test/security/card-testing.test.ts sets the real thresholds back.
    CARD_TESTING_SITE_DECLINES: '1000000',
    CARD_TESTING_DECLINES_PER_IP: '1000000',
    CARD_TESTING_DECLINES_PER_EMAIL: '1000000',
    CARD_TESTING_DECLINES_PER_CARD: '1000000',
    LOG_LEVEL: 'error',
    ...overrides,
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

export class TestApp {
  constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
    readonly config: AppConfig,
    /** The environment it was configured from, to start another process (a worker) the same way. */
    readonly env: Record<string, string>,
  ) {}

  async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, text, headers: response.headers };
  }

  async login(email = TEST_ADMIN.email, password = TEST_ADMIN.password): Promise<string> {
    const result = await this.request('POST', '/api/auth/login', { body: { email, password } });
    if (result.status !== 200) throw new Error(`login as ${email} failed: ${result.status} ${result.text}`);
    return result.body.accessToken as string;
  }

  /** Creates a staff account through the API and returns its token. */
  async staffToken(role: 'admin' | 'coordinator' | 'finance'): Promise<string> {
    const email = `${role}-${randomBytes(3).toString('hex')}@test.kizuna`;
    const password = `${role}-password-123`;
    const created = await this.request('POST', '/api/users', { token: await this.login(), body: { email, password, role } });
    if (created.status !== 201) throw new Error(`creating ${role} failed: ${created.status} ${created.text}`);
    return this.login(email, password);
  }

  /** Waits until every stored Stripe event is applied (the webhook answers once an event is stored, not applied). */
  async inboxApplied(): Promise<void> {
    await waitUntil('every stored Stripe event applied', async () => (await this.sql(`SELECT 1 FROM stripe_events WHERE applied_at IS NULL LIMIT 1`)).length === 0, 30_000);
  }

  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

/** The real API on a fresh database, listening on a random port. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const env = testEnv(await createTestDatabase(), overrides);
  const config = parseConfig(env);
  const app = await createApi(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return new TestApp(app, `http://127.0.0.1:${address.port}`, config, env);
}
