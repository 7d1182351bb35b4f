/**
 * `npm run bench`: brings up PostgreSQL, Redis, the Stripe emulator, an SMTP sink, the API and the worker,
 * runs each benchmark with its baseline in the same run (three times, the median reported), and writes
 * bench/RESULTS.md. Load always comes from a separate process. BENCH_SCALE (default 1) shrinks the sizes
 * for a quick try; only a full-size run belongs in RESULTS.md. BENCH_PROFILE=1 profiles the API and the worker
 * (.cpuprofile files next to their logs; `node dist/bench/profile-summary.js <file>` summarises one).
 * BENCH_WORKERS (default 1) starts that many worker processes for the receipts and the fan-out.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import Stripe from 'stripe';
import { runMigrations } from '../src/database/migrate.js';
import { freePort, startPostgres, startRedis, type RunningService } from '../tools/local/infra.js';
import { startStripeEmulator, type StripeEmulator } from '../tools/stripe-emulator/emulator.js';
import type { CapturedStatement } from './capture-sql.js';
import { idsOfEvent, statementsOfEvent } from './ingestion.js';
import type { BenchDonation, FanOutResult, LoadResult, LoadSpec } from './load-types.js';
import { killAll, peakRssMb, runToEnd, startNode, stopProcess, waitForHttp } from './processes.js';
import { writeResults, type Figures } from './report.js';
import { seedDonations } from './seed.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** For profiling one benchmark: a comma-separated list of ingestion, totals, receipts, fanout. Writes no RESULTS.md. */
const ONLY = process.env.BENCH_ONLY?.split(',');
const wanted = (name: string) => !ONLY || ONLY.includes(name);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const REPEATS = 3;
const INGESTION_CONCURRENCY = [8, 32, 128];
const INGESTION_DONATIONS = Math.round(1500 * SCALE);
const TOTALS_CONCURRENCY = 64;
const TOTALS_SECONDS = 5;
const RECEIPTS = Math.round(1000 * SCALE);
const RECEIPT_CONCURRENCY = 16; // the receipts queue's concurrency in src/queue/queue.registry.ts
const FANOUT_DONORS = Math.round(100_000 * SCALE);
// Past this the fan-out is reported as unfinished (with what was sent), so that the whole run stays under ten minutes.
const FANOUT_LIMIT_SECONDS = 240;
const DB_POOL_SIZE = 20; // the API's pool, src/database/data-source-options.ts
const WEBHOOK_SECRET = 'whsec_bench_secret';
const ADMIN = { email: 'admin@bench.kizuna', password: 'bench-admin-password' };
const DATA_DIR = join(process.cwd(), '.data/bench', String(process.pid));

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Services {
  postgres: RunningService;
  redis: RunningService;
  emulator: StripeEmulator;
  sink: SmtpSink;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  apiUrl: string;
}

async function startServices(): Promise<Services> {
  mkdirSync(DATA_DIR, { recursive: true });
  // Durable settings (fsync and synchronous commit on): the figures are for a database that keeps what it acknowledged.
  const postgres = await startPostgres({ dataDir: join(DATA_DIR, 'postgres'), port: await freePort(), database: 'kizuna_bench', fresh: true });
  const redis = await startRedis({ dataDir: join(DATA_DIR, 'redis'), port: await freePort(), persist: false });
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET });
  const sink = await startSmtpSink();
  await runMigrations(postgres.url);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PORT: String(port),
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    STRIPE_SECRET_KEY: 'sk_test_emulator',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_emulator',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM: 'receipts@bench.kizuna',
    PUBLIC_BASE_URL: `http://localhost:${port}`,
    JWT_SECRET: 'bench-jwt-secret-long-enough-for-the-schema',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    UPDATE_EMAILS_PER_SECOND: '10000',
    // The load comes from one address and a few emails, far faster than any donor.
    DONATIONS_PER_IP_PER_MINUTE: '100000000',
    DONATIONS_PER_EMAIL_PER_MINUTE: '100000000',
  };
  emulator.setWebhookUrl(`http://127.0.0.1:${port}/api/webhooks/stripe`);
  return { postgres, redis, emulator, sink, databaseUrl: postgres.url, env, apiUrl: `http://127.0.0.1:${port}` };
}

async function startApi(services: Services, nodeArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<ChildProcess> {
  const api = startNode('dist/src/main.js', { ...services.env, ...extraEnv }, join(DATA_DIR, 'api.log'), nodeArgs);
  await waitForHttp(`${services.apiUrl}/health`, api);
  return api;
}

async function api<T = unknown>(services: Services, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${services.apiUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function adminToken(services: Services): Promise<string> {
  return (await api<{ accessToken: string }>(services, 'POST', '/api/auth/login', ADMIN)).accessToken;
}

async function openCampaign(services: Services, token: string, title: string): Promise<string> {
  const campaign = await api<{ id: string }>(
    services,
    'POST',
    '/api/campaigns',
    { title, disasterType: 'tsunami', region: 'Sanriku', currency: 'jpy', goalAmount: 99_999_999 },
    token,
  );
  await api(services, 'POST', `/api/campaigns/${campaign.id}/publish`, undefined, token);
  return campaign.id;
}

async function load(spec: LoadSpec): Promise<LoadResult> {
  const file = join(DATA_DIR, `load-${spec.mode}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return JSON.parse(await runToEnd(['dist/bench/load.js', file])) as LoadResult;
}

interface Template {
  campaignId: string;
  eventText: string;
  ids: BenchDonation;
  statements: CapturedStatement[];
}

/**
 * Two real donations through the API and the emulator, with the API's SQL captured: the second one's
 * payment_intent.succeeded event becomes the webhook template, and its transaction the replayed baseline.
 */
async function captureTemplate(services: Services): Promise<Template> {
  const captureFile = join(DATA_DIR, 'captured-sql.json');
  const apiProcess = await startApi(services, ['--import', './dist/bench/capture-sql.js'], { BENCH_CAPTURE_FILE: captureFile });
  const token = await adminToken(services);
  const campaignId = await openCampaign(services, token, 'Sanriku tsunami relief (benchmark)');
  const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: services.emulator.port, protocol: 'http' });
  let donationId = '';
  for (const email of ['warmup@example.org', 'template@example.org']) {
    const donation = await api<{ donationId: string; paymentIntentId: string }>(services, 'POST', `/api/campaigns/${campaignId}/donations`, {
      amount: 3000,
      currency: 'jpy',
      email,
    });
    await stripe.paymentIntents.confirm(donation.paymentIntentId, { payment_method: 'pm_card_visa' });
    donationId = donation.donationId;
  }
  await services.emulator.idle();
  await new Promise((resolve) => setTimeout(resolve, 500)); // the capture is written 100 ms after the last statement
  await stopProcess(apiProcess);
  const event = services.emulator.events().find((e) => e.type === 'payment_intent.succeeded' && idsOfEvent(e).donationId === donationId)!;
  const captured = JSON.parse(readFileSync(captureFile, 'utf8')) as CapturedStatement[];
  return { campaignId, eventText: JSON.stringify(event, null, 2), ids: idsOfEvent(event), statements: statementsOfEvent(captured, event.id) };
}

async function countRecorded(client: pg.Client, donations: BenchDonation[]): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(*)::int AS n FROM ledger_transactions t JOIN outbox o ON o.payload->>'donationId' = t.donation_id::text
      WHERE t.kind = 'charge' AND t.donation_id = ANY($1::uuid[]) AND o.job_name = 'receipts.issue'`,
    [donations.map((d) => d.donationId)],
  );
  return rows[0].n;
}

interface IngestionRun {
  concurrency: number;
  app: LoadResult;
  baseline: LoadResult;
  recorded: boolean;
}

async function benchIngestion(services: Services, client: pg.Client, template: Template): Promise<IngestionRun[]> {
  const runs: IngestionRun[] = [];
  const webhookSpec = {
    mode: 'webhooks' as const,
    url: `${services.apiUrl}/api/webhooks/stripe`,
    secret: WEBHOOK_SECRET,
    eventTemplate: template.eventText,
    templateIds: template.ids,
  };
  const replaySpec = { mode: 'replay' as const, databaseUrl: services.databaseUrl, poolSize: DB_POOL_SIZE, statements: template.statements, templateIds: template.ids };
  for (const concurrency of INGESTION_CONCURRENCY) {
    for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
      const viaApi = await seedDonations(client, template.campaignId, `c${concurrency}r${repeat}a`, INGESTION_DONATIONS, 3000, 'pending');
      const app = await load({ ...webhookSpec, concurrency, donations: viaApi });
      const viaSql = await seedDonations(client, template.campaignId, `c${concurrency}r${repeat}b`, INGESTION_DONATIONS, 3000, 'pending');
      const baseline = await load({ ...replaySpec, concurrency, donations: viaSql });
      const recorded = (await countRecorded(client, viaApi)) === viaApi.length && (await countRecorded(client, viaSql)) === viaSql.length;
      log(
        `ingestion c=${concurrency} #${repeat}: app ${app.perSecond.toFixed(0)}/s p99 ${app.p99Ms} ms, baseline ${baseline.perSecond.toFixed(0)}/s p99 ${baseline.p99Ms.toFixed(1)} ms, all recorded: ${recorded}`,
      );
      runs.push({ concurrency, app, baseline, recorded });
    }
  }
  return runs;
}

async function benchTotals(services: Services, campaignId: string): Promise<{ app: LoadResult[]; baseline: LoadResult[] }> {
  const barePort = await freePort();
  const bare = startNode('dist/bench/bare-fastify.js', { PORT: String(barePort) }, join(DATA_DIR, 'bare-fastify.log'));
  await waitForHttp(`http://127.0.0.1:${barePort}/api/campaigns/any/totals`, bare);
  const path = `/api/campaigns/${campaignId}/totals`;
  const app: LoadResult[] = [];
  const baseline: LoadResult[] = [];
  for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
    app.push(await load({ mode: 'get', url: `${services.apiUrl}${path}`, concurrency: TOTALS_CONCURRENCY, seconds: TOTALS_SECONDS }));
    baseline.push(await load({ mode: 'get', url: `http://127.0.0.1:${barePort}${path}`, concurrency: TOTALS_CONCURRENCY, seconds: TOTALS_SECONDS }));
    log(`totals #${repeat}: app ${app.at(-1)!.perSecond.toFixed(0)}/s, bare Fastify ${baseline.at(-1)!.perSecond.toFixed(0)}/s`);
  }
  await stopProcess(bare);
  return { app, baseline };
}

async function waitForMail(sink: SmtpSink, kind: string, count: number, timeoutMs: number, processes: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (sink.count(kind) < count) {
    const exited = processes.find((p) => p.exitCode !== null);
    if (exited) throw new Error(`${exited.spawnargs.join(' ')} exited while waiting for ${kind} emails`);
    if (Date.now() > deadline) throw new Error(`only ${sink.count(kind)} of ${count} ${kind} emails after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** BENCH_WORKERS worker processes (1 by default); jobs are safe to run in any number of them. */
function startWorkers(services: Services): ChildProcess[] {
  return Array.from({ length: WORKERS }, (_, i) => startNode('dist/src/worker.js', services.env, join(DATA_DIR, WORKERS === 1 ? 'worker.log' : `worker-${i + 1}.log`)));
}

async function stopWorkers(workers: ChildProcess[], workerRss: number[]): Promise<void> {
  workerRss.push(...workers.map((worker) => peakRssMb(worker)));
  await Promise.all(workers.map((worker) => stopProcess(worker)));
}

/** Donations are recorded while the worker is stopped; then the worker starts on the backlog and the receipts are timed. */
async function benchReceipts(services: Services, client: pg.Client, template: Template, token: string, workerRss: number[]): Promise<LoadResult[]> {
  // A campaign of its own, far from its first milestone, so that only receipts are sent.
  const campaignId = await openCampaign(services, token, 'Kerala flood relief (benchmark)');
  const results: LoadResult[] = [];
  for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
    const donations = await seedDonations(client, campaignId, `receipts${repeat}`, RECEIPTS, 1000, 'pending');
    await load({
      mode: 'webhooks',
      url: `${services.apiUrl}/api/webhooks/stripe`,
      secret: WEBHOOK_SECRET,
      eventTemplate: template.eventText,
      templateIds: template.ids,
      concurrency: 32,
      donations,
    });
    services.sink.reset();
    const workers = startWorkers(services);
    await waitForMail(services.sink, 'receipt', RECEIPTS, 300_000, workers);
    const seconds = (services.sink.acceptedAt('receipt', RECEIPTS)! - services.sink.acceptedAt('receipt', 1)!) / 1000;
    results.push({ completed: RECEIPTS, failed: 0, seconds, perSecond: (RECEIPTS - 1) / seconds, p50Ms: 0, p99Ms: 0 });
    log(`receipts #${repeat}: ${results.at(-1)!.perSecond.toFixed(0)}/s`);
    await stopWorkers(workers, workerRss);
  }
  return results;
}

async function benchFanOut(services: Services, client: pg.Client, token: string, workerRss: number[]): Promise<FanOutResult> {
  const campaignId = await openCampaign(services, token, 'Kumamoto earthquake relief (benchmark)');
  await seedDonations(client, campaignId, 'fanout', FANOUT_DONORS, 500, 'succeeded');
  services.sink.reset();
  const workers = startWorkers(services);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // the workers' boot is not part of the fan-out
  const started = performance.now();
  await api(services, 'POST', `/api/campaigns/${campaignId}/updates`, { title: 'Water and shelter reached Mashiki', body: 'Your gifts are at work.' }, token);
  const finished = await waitForMail(services.sink, 'update', FANOUT_DONORS, FANOUT_LIMIT_SECONDS * 1000, workers).then(
    () => true,
    () => false,
  );
  const sent = services.sink.count('update');
  const seconds = finished ? (services.sink.acceptedAt('update', FANOUT_DONORS)! - started) / 1000 : FANOUT_LIMIT_SECONDS;
  log(`fan-out: ${sent} of ${FANOUT_DONORS} emails in ${seconds.toFixed(1)} s`);
  await stopWorkers(workers, workerRss);
  return { seconds, sent, finished };
}

async function main(): Promise<void> {
  const began = Date.now();
  const services = await startServices();
  const client = new pg.Client({ connectionString: services.databaseUrl });
  await client.connect();
  try {
    log('capturing a real donation as the template');
    const template = await captureTemplate(services);
    const apiProcess = await startApi(services);
    const ingestion = wanted('ingestion') ? await benchIngestion(services, client, template) : [];
    const totals = wanted('totals') ? await benchTotals(services, template.campaignId) : { app: [], baseline: [] };
    const apiRss = [peakRssMb(apiProcess)];
    // The ingestion runs left a receipt job per donation in the outbox; they are not part of the receipts benchmark.
    await client.query(`UPDATE outbox SET completed_at = now() WHERE completed_at IS NULL`);
    const workerRss: number[] = [];
    const token = await adminToken(services);
    const receipts = wanted('receipts') ? await benchReceipts(services, client, template, token, workerRss) : [];
    const receiptsBaseline: LoadResult[] = [];
    for (let repeat = 1; repeat <= REPEATS && wanted('receipts'); repeat += 1) {
      receiptsBaseline.push(JSON.parse(await runToEnd(['dist/bench/bullmq-baseline.js', services.env.REDIS_URL!, String(RECEIPTS), String(RECEIPT_CONCURRENCY)])));
      log(`bare BullMQ #${repeat}: ${receiptsBaseline.at(-1)!.perSecond.toFixed(0)}/s`);
    }
    const fanOut = wanted('fanout') ? await benchFanOut(services, client, token, workerRss) : { seconds: NaN, sent: 0, finished: false };
    apiRss.push(peakRssMb(apiProcess));
    await stopProcess(apiProcess);
    const figures: Figures = {
      scale: SCALE,
      repeats: REPEATS,
      ingestionDonations: INGESTION_DONATIONS,
      totalsConcurrency: TOTALS_CONCURRENCY,
      totalsSeconds: TOTALS_SECONDS,
      receiptsCount: RECEIPTS,
      receiptConcurrency: RECEIPT_CONCURRENCY,
      fanOutDonors: FANOUT_DONORS,
      ingestion,
      totals,
      receipts,
      receiptsBaseline,
      fanOut,
      apiRssMb: Math.max(...apiRss),
      workerRssMb: Math.max(...workerRss),
      postgresVersion: (await client.query('SHOW server_version')).rows[0].server_version,
      minutes: (Date.now() - began) / 60_000,
    };
    const file = SCALE === 1 && !ONLY && WORKERS === 1 ? 'bench/RESULTS.md' : join(DATA_DIR, 'RESULTS.md');
    writeResults(file, figures);
    log(`wrote ${file} after ${figures.minutes.toFixed(1)} minutes`);
  } finally {
    killAll();
    await client.end();
    await services.sink.close();
    await services.emulator.close();
    await services.redis.stop();
    await services.postgres.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
