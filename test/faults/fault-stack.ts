import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import pg from 'pg';
import Stripe from 'stripe';
import { freePort } from '../../tools/local/infra.js';
import { startStripeEmulator, type StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { TEST_ADMIN, testEnv } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { waitUntil } from '../support/wait.js';
import { MailSink } from './mail-sink.js';

export const WEBHOOK_SECRET = 'whsec_faults_secret';

/**
 * A dead worker's lock expires after 3 s instead of 30. The outbox relay's periodic re-check keeps its production
 * default (5 minutes), longer than any scenario: what recovers lost work here is the relay noticing an emptied Redis
 * and the sweep a restarted worker makes, as in production.
 */
export const FAST_RECOVERY = { QUEUE_LOCK_MS: '3000' };
/** After everything is finished, how long to keep watching for a late duplicate (past a restarted worker's sweep). */
const DUPLICATE_WATCH_MS = 3000;

export interface FaultStackOptions {
  duplicates?: number;
  shuffle?: boolean;
  /** A migrated database; by default a fresh clone of the test template. */
  databaseUrl?: string;
  /** By default the run's shared Redis, under a key prefix of this stack's own. */
  redisUrl?: string;
  env?: Record<string, string>;
  /** Start the worker process (default true). */
  worker?: boolean;
}

/** A compiled entrypoint (dist/src/main.js or worker.js) run as its own process, so it can be killed and so it gets its own CPU. */
export class NodeProcess {
  private child: ChildProcess | undefined;
  private output = '';
  starts = 0;

  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    if (this.running) throw new Error(`${this.script} is already running`);
    this.starts++;
    const child = spawn(process.execPath, [this.script], { env: { PATH: process.env.PATH ?? '', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-8000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote lately (its log lines, at LOG_LEVEL error), for a failure message. */
  get log(): string {
    return this.output;
  }

  /** Sends the signal and waits for the process to be gone. */
  stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

export interface HttpResult {
  status: number;
  body: any;
  text: string;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  rawBody?: string | Buffer;
}

// Keep-alive and node:http rather than fetch: the test process also runs the emulator, and fetch costs it several times more CPU per request.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(url: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let answer: { status: number; chunks: Buffer[]; contentType: string } | undefined;
    const finish = () => {
      const text = Buffer.concat(answer!.chunks).toString('utf8');
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      resolve({ status: answer!.status, body: parsed, text, contentType: answer!.contentType });
    };
    const outgoing = httpRequest(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (response) => {
      answer = { status: response.statusCode ?? 0, chunks: [], contentType: String(response.headers['content-type'] ?? '') };
      response.on('data', (chunk: Buffer) => answer!.chunks.push(chunk));
      response.on('end', finish);
      response.on('error', reject);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as we reused it: the request never reached the server, so send it again.
      if (outgoing.reusedSocket && error.code === 'ECONNRESET') send(url, method, headers, body).then(resolve, reject);
      // The server answered before it had read the whole body (a body over the limit) and closed: its answer stands.
      else if (answer) finish();
      else reject(error);
    });
    outgoing.end(body);
  });
}

export interface Donation {
  donationId: string;
  paymentIntentId: string;
}

export interface DonateOptions {
  concurrency?: number;
  prefix?: string;
  currency?: string;
  /** Runs after each donation with how many are done; a fault can be injected from here. */
  onProgress?: (done: number) => Promise<void> | void;
  /**
   * Statuses a donor's browser retries after a pause, with the same Idempotency-Key, as a real checkout page
   * would; each one seen is counted here. Any other failure fails the run.
   */
  retry?: { statuses: number[]; seen: Map<number, number> };
}

/**
 * The API and the worker as separate processes on one database, the Stripe emulator delivering webhooks to the
 * API, and a mail sink. Unlike test/support/stack.ts, nothing of the app runs inside the test process: the
 * processes can be killed, and on two cores they work in parallel with the emulator and the test's own driver.
 */
export class FaultStack {
  private adminToken: string | undefined;

  private constructor(
    readonly env: Record<string, string>,
    readonly url: string,
    readonly api: NodeProcess,
    readonly worker: NodeProcess,
    readonly emulator: StripeEmulator,
    readonly mail: MailSink,
    readonly stripe: Stripe,
    readonly db: pg.Pool,
  ) {}

  static async start(options: FaultStackOptions = {}): Promise<FaultStack> {
    const emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET, duplicates: options.duplicates, shuffle: options.shuffle });
    const mail = await MailSink.start();
    const port = await freePort();
    const env = testEnv(options.databaseUrl ?? (await createTestDatabase()), {
      PORT: String(port),
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SMTP_URL: mail.smtpUrl,
      ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
      ...options.env,
    });
    const url = `http://127.0.0.1:${port}`;
    const api = new NodeProcess('dist/src/main.js', env);
    const worker = new NodeProcess('dist/src/worker.js', env);
    const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 3 });
    // A small pool of its own for the checks; a pool replaces clients that PostgreSQL dropped in a restart.
    const db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4 });
    db.on('error', () => undefined);
    const stack = new FaultStack(env, url, api, worker, emulator, mail, stripe, db);
    try {
      api.start();
      if (options.worker !== false) worker.start();
      await stack.waitForApi();
    } catch (error) {
      await stack.close();
      throw error;
    }
    emulator.setWebhookUrl(`${url}/api/webhooks/stripe`);
    return stack;
  }

  async waitForApi(): Promise<void> {
    await waitUntil(
      'the API to answer /health',
      async () => {
        if (!this.api.running) throw new Error(`the API exited:\n${this.api.log}`);
        return send(`${this.url}/health`, 'GET', {}).then(
          (r) => r.status === 200,
          () => false,
        );
      },
      30_000,
    );
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return send(`${this.url}${path}`, method, headers, body);
  }

  async sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(text, params)).rows as T[];
  }

  async count(text: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.sql<{ n: string }>(text, params);
    return Number(row.n);
  }

  async admin(): Promise<string> {
    if (!this.adminToken) {
      const login = await this.request('POST', '/api/auth/login', { body: TEST_ADMIN });
      if (login.status !== 200) throw new Error(`admin login: ${login.status} ${login.text}`);
      this.adminToken = login.body.accessToken as string;
    }
    return this.adminToken!;
  }

  /** Creates and publishes a campaign; returns its id. */
  async campaign(currency = 'jpy', goalAmount = 99_999_999): Promise<string> {
    const token = await this.admin();
    const created = await this.request('POST', '/api/campaigns', {
      token,
      body: { title: `Fault drill ${currency} ${Math.random()}`, disasterType: 'earthquake', region: 'Tōhoku', currency, goalAmount },
    });
    if (created.status !== 201) throw new Error(`campaign: ${created.status} ${created.text}`);
    const published = await this.request('POST', `/api/campaigns/${created.body.id}/publish`, { token });
    if (published.status !== 201) throw new Error(`publish: ${published.status} ${published.text}`);
    return created.body.id as string;
  }

  /**
   * What a donor's browser does: ask Kizuna for a donation, then confirm its PaymentIntent with a card that
   * succeeds, as Stripe.js would (a form POST with the secret key standing in for the client secret).
   */
  async donate(campaignId: string, amount: number, email: string, options: DonateOptions = {}): Promise<Donation> {
    const body = { amount, currency: options.currency ?? 'jpy', email };
    const key = `faults-${email}`;
    for (;;) {
      const created = await this.request('POST', `/api/campaigns/${campaignId}/donations`, { body, headers: { 'idempotency-key': key } }).catch(() => ({
        status: 0,
        text: 'no answer',
        body: undefined,
        contentType: '',
      }));
      if (created.status === 201) {
        await this.confirm(created.body.paymentIntentId);
        return { donationId: created.body.donationId, paymentIntentId: created.body.paymentIntentId };
      }
      if (!options.retry?.statuses.includes(created.status)) throw new Error(`donation: ${created.status} ${created.text}\nAPI log:\n${this.api.log}`);
      options.retry.seen.set(created.status, (options.retry.seen.get(created.status) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async confirm(paymentIntentId: string): Promise<void> {
    const confirmed = await send(
      `${this.emulator.url}/v1/payment_intents/${paymentIntentId}/confirm`,
      'POST',
      { authorization: 'Bearer sk_test_emulator', 'content-type': 'application/x-www-form-urlencoded' },
      'payment_method=pm_card_visa',
    );
    if (confirmed.status !== 200 || confirmed.body.status !== 'succeeded') throw new Error(`confirm ${paymentIntentId}: ${confirmed.status} ${confirmed.text}`);
  }

  /** `count` donations of varied amounts from `concurrency` donors at a time. */
  async donateMany(campaignIds: string[], count: number, options: DonateOptions = {}): Promise<Donation[]> {
    const donations: Donation[] = [];
    let next = 0;
    const donor = async () => {
      while (next < count) {
        const i = next++;
        // ¥100 to ¥590: small enough that no scenario reaches a milestone, whose update emails (50 a second) would only add waiting.
        donations.push(await this.donate(campaignIds[i % campaignIds.length], 100 + (i % 50) * 10, `${options.prefix ?? 'donor'}-${i}@example.jp`, options));
        await options.onProgress?.(donations.length);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 24 }, donor));
    return donations;
  }

  async sentReceipts(): Promise<number> {
    return this.count(`SELECT count(*) AS n FROM receipts WHERE kind = 'receipt' AND sent_at IS NOT NULL`);
  }

  /**
   * Waits for the emulator to have every webhook acknowledged, then for every receipt to be sent and every outbox
   * row finished, then a few seconds more, so that a late duplicate would show.
   */
  async settle(expectedReceipts: number, timeoutMs = 240_000): Promise<void> {
    await this.emulator.idle();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.worker.running) throw new Error(`the worker exited:\n${this.worker.log}`);
      const sent = await this.sentReceipts();
      const open = await this.count(`SELECT count(*) AS n FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL`);
      if (sent >= expectedReceipts && open === 0) break;
      if (Date.now() > deadline)
        throw new Error(
          `after ${timeoutMs} ms, ${sent} of ${expectedReceipts} receipts sent and ${open} outbox rows unfinished: ${await this.diagnose()}\nworker log:\n${this.worker.log}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, DUPLICATE_WATCH_MS));
  }

  /** What the queues and the outbox look like, for the message of a scenario that stopped making progress. */
  async diagnose(): Promise<string> {
    const outbox = await this.sql(
      `SELECT job_name, count(*) FILTER (WHERE completed_at IS NULL) AS open, count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed, max(enqueued_at) AS last_enqueued FROM outbox GROUP BY 1`,
    );
    const waiting = await this.sql(
      `SELECT state, wait_event_type, left(query, 100) AS query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
    );
    const ready = await this.request('GET', '/health/ready').catch((error: Error) => ({ status: 0, text: error.message }));
    return JSON.stringify({
      worker: this.worker.running ? 'running' : 'not running',
      workerStarts: this.worker.starts,
      outbox,
      busyConnections: waiting,
      ready: `${ready.status} ${ready.text.slice(0, 300)}`,
    });
  }

  /** Requests the API answered on one route, by status, from its Prometheus histogram (since the API started). */
  async statusesOf(method: string, route: string): Promise<Record<string, number>> {
    const metrics = await this.request('GET', '/metrics');
    const statuses: Record<string, number> = {};
    const pattern = /^http_request_duration_seconds_count\{([^}]*)\} (\d+)/gm;
    for (const [, labels, value] of metrics.text.matchAll(pattern)) {
      const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1];
      if (label('method') === method && label('route') === route) statuses[label('status_code')!] = Number(value);
    }
    return statuses;
  }

  async close(): Promise<void> {
    this.emulator.setWebhookUrl(undefined);
    await this.worker.stop('SIGKILL');
    await this.api.stop('SIGKILL');
    await this.emulator.close();
    await this.mail.close();
    await this.db.end();
  }
}
