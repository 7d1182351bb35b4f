/**
 * `npm run bench`: brings up PostgreSQL, Redis, the Stripe emulator and an SMTP sink, then for one API and one
 * worker process (1×1) and for two of each (2×2) runs each benchmark next to its baseline, and writes
 * bench/RESULTS.md. Load always comes from a separate process.
 *
 * BENCH_SCALE (default 1) shrinks the sizes for a quick try; BENCH_ONLY picks benchmarks (ingestion, totals,
 * receipts, surge, sse, fanout); BENCH_PROCESSES (default 1,2) picks the modes. Only a full-size run of
 * everything in both modes writes bench/RESULTS.md; any other goes under .data/bench/<pid>/.
 * BENCH_PROFILE=1 profiles the API and the worker (.cpuprofile files next to their logs).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import Stripe from 'stripe';
import { runMigrations } from '../src/database/migrate.js';
import { QueueName } from '../src/queue/queue.registry.js';
import { freePort, startPostgres, startRedis, type RunningService } from '../tools/local/infra.js';
import { startStripeEmulator, type StripeEmulator } from '../tools/stripe-emulator/emulator.js';
import { totalCpuMs } from './cpu.js';
import { campaignCounters, ledgerProblems, mailProblems, receiptProblems, receiptsFor } from './exactness.js';
import { idsOfEvent } from './ingestion.js';
import type { BenchDonation, FanOutResult, LoadResult, LoadSpec, SurgeResult } from './load-types.js';
import { createMinimalTables, minimalCounterTotal, minimalRecorded } from './minimal-transaction.js';
import { killAll, peakRssMb, rssMb, runToEnd, startNode, stopProcess, waitForHttp } from './processes.js';
import { type Figures, type IngestionRun, type ModeFigures, type ReceiptsRun, type SseFigures, type SurgeFigures, writeResults } from './report.js';
import { seedDonations } from './seed.js';
import { applyTimes, hasAppliedAt, succeededEventIds, unappliedCount, waitUntilApplied } from './settle.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';
import { benchSse } from './sse.js';
import { idSwaps, swapIds } from './substitute.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const BENCHMARKS = ['ingestion', 'totals', 'receipts', 'surge', 'sse', 'fanout'];
const ONLY = process.env.BENCH_ONLY?.split(',');
const unknown = ONLY?.filter((name) => !BENCHMARKS.includes(name));
if (unknown?.length) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`);
const wanted = (name: string) => !ONLY || ONLY.includes(name);
const MODES = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number);
if (MODES.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('BENCH_PROCESSES: a comma-separated list of process counts, e.g. 1,2');
const REPEATS = 3;
const INGESTION_CONCURRENCY = [8, 32, 128];
const INGESTION_DONATIONS = Math.round(1000 * SCALE);
const INGESTION_AMOUNT = 3000;
const TOTALS_CONCURRENCY = 64;
const TOTALS_SECONDS = 5;
const RECEIPTS = Math.round(1000 * SCALE);
const RECEIPT_CONCURRENCY = 16; // the receipts queue's concurrency in src/queue/queue.registry.ts
const SURGE_DONATIONS = Math.round(1000 * SCALE);
const SURGE_CONCURRENCY = 32;
const SURGE_LIMIT_SECONDS = 240;
const SSE_WATCHERS = Math.round(10_000 * SCALE);
const SSE_DONATIONS = 20;
const FANOUT_DONORS = Math.round(100_000 * SCALE);
// The target is three minutes; past it the fan-out is reported as unfinished with what was sent, which keeps the run short.
const FANOUT_LIMIT_SECONDS = 180;
const APPLY_LIMIT_MS = 120_000;
const DB_POOL_SIZE = 20; // the API's pool, src/database/data-source-options.ts
const WEBHOOK_SECRET = 'whsec_bench_secret';
const REDIS_PREFIX = 'kizuna'; // the default of REDIS_PREFIX, which the bench does not set
const ADMIN = { email: 'admin@bench.kizuna', password: 'bench-admin-password' };
const DATA_DIR = join(process.cwd(), '.data/bench', String(process.pid));
// The sink stamps messages with performance.now(); this turns those stamps into wall-clock time, as the database has.
const WALL_MINUS_PERF = Date.now() - performance.now();

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Services {
  postgres: RunningService;
  redis: RunningService;
  emulator: StripeEmulator;
  sink: SmtpSink;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
}

/** The API and worker processes of one mode: `size` of each. */
interface Cluster {
  size: number;
  apis: { process: ChildProcess; url: string }[];
  workers: ChildProcess[];
  workerRss: number[];
}

/** Found while capturing the template: how the running code applies webhooks. */
interface Applier {
  /** stripe_events.applied_at exists: events are stored first and applied later. */
  async: boolean;
  /** The API alone did not apply the template's event, so the worker processes run during the ingestion too. */
  inWorker: boolean;
}

async function startServices(): Promise<Services> {
  mkdirSync(DATA_DIR, { recursive: true });
  // Durable settings (fsync and synchronous commit on): the figures are for a database that keeps what it acknowledged.
  const postgres = await startPostgres({ dataDir: join(DATA_DIR, 'postgres'), port: await freePort(), database: 'kizuna_bench', fresh: true });
  const redis = await startRedis({ dataDir: join(DATA_DIR, 'redis'), port: await freePort(), persist: false });
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET });
  const sink = await startSmtpSink();
  await runMigrations(postgres.url);
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    STRIPE_SECRET_KEY: 'sk_test_emulator',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_emulator',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM: 'receipts@bench.kizuna',
    JWT_SECRET: 'bench-jwt-secret-long-enough-for-the-schema',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    UPDATE_EMAILS_PER_SECOND: '10000',
    // The load comes from one address and a few emails, far faster than any donor.
    DONATIONS_PER_IP_PER_MINUTE: '100000000',
    DONATIONS_PER_EMAIL_PER_MINUTE: '100000000',
  };
  return { postgres, redis, emulator, sink, databaseUrl: postgres.url, env };
}

/** `size` API processes on ports of their own; the emulator's webhooks go to the first (it has one endpoint). */
async function startCluster(services: Services, size: number): Promise<Cluster> {
  const ports = [];
  for (let i = 0; i < size; i += 1) ports.push(await freePort());
  const publicBase = `http://localhost:${ports[0]}`;
  const apis = ports.map((port, i) => ({
    process: startNode('dist/src/main.js', { ...services.env, PORT: String(port), PUBLIC_BASE_URL: publicBase }, join(DATA_DIR, `api-${size}x-${i + 1}.log`)),
    url: `http://127.0.0.1:${port}`,
  }));
  for (const api of apis) await waitForHttp(`${api.url}/health`, api.process);
  services.emulator.setWebhookUrl(`${apis[0].url}/api/webhooks/stripe`);
  return { size, apis, workers: [], workerRss: [] };
}

function startWorkers(services: Services, cluster: Cluster): void {
  const publicBase = cluster.apis[0].url.replace('127.0.0.1', 'localhost');
  cluster.workers = Array.from({ length: cluster.size }, (_, i) =>
    startNode('dist/src/worker.js', { ...services.env, PUBLIC_BASE_URL: publicBase }, join(DATA_DIR, `worker-${cluster.size}x-${i + 1}.log`)),
  );
}

async function stopWorkers(cluster: Cluster): Promise<void> {
  cluster.workerRss.push(...cluster.workers.map((worker) => peakRssMb(worker)));
  const started = performance.now();
  await Promise.all(cluster.workers.map((worker) => stopProcess(worker)));
  // A slow graceful stop lengthens the whole run without showing in any figure: worth knowing.
  const seconds = (performance.now() - started) / 1000;
  if (seconds > 3) log(`stopping the workers took ${seconds.toFixed(1)} s`);
  cluster.workers = [];
}

async function stopCluster(cluster: Cluster): Promise<number> {
  await stopWorkers(cluster);
  const apiRss = Math.max(...cluster.apis.map((api) => peakRssMb(api.process)));
  await Promise.all(cluster.apis.map((api) => stopProcess(api.process)));
  return apiRss;
}

/**
 * Leaves no work behind for the next benchmark: the jobs of donations another benchmark made (receipts,
 * milestone checks, update emails) are dropped from the outbox and from Redis. Workers must be stopped.
 */
async function dropPendingJobs(services: Services, client: pg.Client): Promise<void> {
  await client.query(`UPDATE outbox SET completed_at = now() WHERE completed_at IS NULL`);
  const connection = new Redis(services.env.REDIS_URL!, { maxRetriesPerRequest: null });
  for (const name of Object.values(QueueName)) {
    const queue = new Queue(name, { connection, prefix: REDIS_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  connection.disconnect();
}

async function api<T = unknown>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function adminToken(baseUrl: string): Promise<string> {
  return (await api<{ accessToken: string }>(baseUrl, 'POST', '/api/auth/login', ADMIN)).accessToken;
}

async function openCampaign(baseUrl: string, token: string, title: string): Promise<string> {
  const campaign = await api<{ id: string }>(
    baseUrl,
    'POST',
    '/api/campaigns',
    { title, disasterType: 'tsunami', region: 'Sanriku', currency: 'jpy', goalAmount: 99_999_999 },
    token,
  );
  await api(baseUrl, 'POST', `/api/campaigns/${campaign.id}/publish`, undefined, token);
  return campaign.id;
}

async function load<T extends LoadResult = LoadResult>(spec: LoadSpec): Promise<T> {
  const file = join(DATA_DIR, `load-${spec.mode}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return JSON.parse(await runToEnd(['dist/bench/load.js', file])) as T;
}

interface Template {
  campaignId: string;
  eventText: string;
  ids: BenchDonation;
}

/**
 * Two real donations through one API and the emulator: the second one's payment_intent.succeeded event becomes
 * the webhook template. Also finds out whether the API applies webhooks itself or leaves them to the worker.
 */
async function captureTemplate(services: Services, client: pg.Client): Promise<{ template: Template; applier: Applier }> {
  const cluster = await startCluster(services, 1);
  const baseUrl = cluster.apis[0].url;
  const campaignId = await openCampaign(baseUrl, await adminToken(baseUrl), 'Sanriku tsunami relief (benchmark)');
  const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: services.emulator.port, protocol: 'http' });
  let donationId = '';
  for (const email of ['warmup@example.org', 'template@example.org']) {
    const donation = await api<{ donationId: string; paymentIntentId: string }>(baseUrl, 'POST', `/api/campaigns/${campaignId}/donations`, {
      amount: INGESTION_AMOUNT,
      currency: 'jpy',
      email,
    });
    await stripe.paymentIntents.confirm(donation.paymentIntentId, { payment_method: 'pm_card_visa' });
    donationId = donation.donationId;
  }
  await services.emulator.idle();
  const event = services.emulator.events().find((e) => e.type === 'payment_intent.succeeded' && idsOfEvent(e).donationId === donationId)!;
  const applier: Applier = { async: await hasAppliedAt(client), inWorker: false };
  if (applier.async && !(await waitUntilApplied(client, 10_000, [cluster.apis[0].process], [event.id]))) {
    applier.inWorker = true;
    startWorkers(services, cluster);
    if (!(await waitUntilApplied(client, 60_000, cluster.workers, [event.id]))) throw new Error('the template event was not applied, by the API or the worker');
  }
  await stopCluster(cluster);
  await dropPendingJobs(services, client);
  log(`webhooks are ${applier.async ? `stored, then applied by the ${applier.inWorker ? 'worker' : 'API'}` : 'applied before the answer'}`);
  return { template: { campaignId, eventText: JSON.stringify(event, null, 2), ids: idsOfEvent(event) }, applier };
}

/** The minimal-transaction baseline, measured once per concurrency and repeat: it is the machine's, whatever the mode. */
const baselines = new Map<string, { result: LoadResult; exact: boolean }>();

async function ingestionBaseline(services: Services, client: pg.Client, template: Template, concurrency: number, repeat: number) {
  const key = `${concurrency}/${repeat}`;
  if (!baselines.has(key)) {
    const donations = Array.from({ length: INGESTION_DONATIONS }, (_, i) => ({ ...template.ids, eventId: `evt_min_c${concurrency}r${repeat}_${i}` }));
    const before = await minimalCounterTotal(client);
    const result = await load({
      mode: 'minimal',
      databaseUrl: services.databaseUrl,
      concurrency,
      poolSize: Math.min(concurrency, DB_POOL_SIZE),
      eventTemplate: template.eventText,
      templateIds: template.ids,
      donations,
      amount: INGESTION_AMOUNT,
    });
    const recorded = await minimalRecorded(
      client,
      donations.map((d) => d.eventId),
    );
    const after = await minimalCounterTotal(client);
    const exact =
      result.failed === 0 &&
      recorded.events === donations.length &&
      recorded.unbalanced === 0 &&
      after.donations - before.donations === donations.length &&
      after.amount - before.amount === donations.length * INGESTION_AMOUNT;
    baselines.set(key, { result, exact });
  }
  return baselines.get(key)!;
}

async function benchIngestion(services: Services, client: pg.Client, cluster: Cluster, template: Template, applier: Applier): Promise<IngestionRun[]> {
  const runs: IngestionRun[] = [];
  if (applier.inWorker) startWorkers(services, cluster);
  const apiPids = cluster.apis.map((a) => a.process.pid!);
  const workerPids = cluster.workers.map((w) => w.pid!);
  for (const concurrency of INGESTION_CONCURRENCY) {
    for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
      const donations = await seedDonations(client, template.campaignId, `m${cluster.size}c${concurrency}r${repeat}`, INGESTION_DONATIONS, INGESTION_AMOUNT, 'pending');
      const before = await campaignCounters(client, template.campaignId);
      const apiCpu = totalCpuMs(apiPids);
      const workerCpu = totalCpuMs(workerPids);
      const ack = await load({
        mode: 'webhooks',
        urls: cluster.apis.map((a) => `${a.url}/api/webhooks/stripe`),
        secret: WEBHOOK_SECRET,
        eventTemplate: template.eventText,
        templateIds: template.ids,
        concurrency,
        donations,
      });
      const problems: string[] = [];
      if (ack.failed > 0) problems.push(`${ack.failed} webhooks not answered 2xx`);
      let settledPerSecond = ack.perSecond;
      let stalenessP99Ms = 0;
      if (applier.async) {
        const eventIds = donations.map((d) => d.eventId);
        if (!(await waitUntilApplied(client, APPLY_LIMIT_MS, [...cluster.apis.map((a) => a.process), ...cluster.workers], eventIds))) {
          problems.push(`${await unappliedCount(client, eventIds)} events still unapplied after ${APPLY_LIMIT_MS / 1000} s`);
        }
        const times = await applyTimes(client, eventIds);
        settledPerSecond = times.applied / ((times.lastAppliedMs - ack.startedAtMs) / 1000);
        stalenessP99Ms = times.stalenessP99Ms;
      }
      const apiCpuMs = totalCpuMs(apiPids) - apiCpu;
      const workerCpuMs = totalCpuMs(workerPids) - workerCpu;
      const amounts = donations.map((d) => ({ donationId: d.donationId, amount: INGESTION_AMOUNT }));
      problems.push(...(await ledgerProblems(client, amounts, before, await campaignCounters(client, template.campaignId))));
      const baseline = await ingestionBaseline(services, client, template, concurrency, repeat);
      const run: IngestionRun = {
        concurrency,
        ack,
        settledPerSecond,
        stalenessP99Ms,
        apiCpuMsPerWebhook: apiCpuMs / donations.length,
        workerCpuMsPerWebhook: cluster.workers.length ? workerCpuMs / donations.length : null,
        baseline: baseline.result,
        baselineExact: baseline.exact,
        problems,
      };
      log(
        `${cluster.size}×${cluster.size} ingestion c=${concurrency} #${repeat}: acked ${ack.perSecond.toFixed(0)}/s p99 ${ack.p99Ms.toFixed(0)} ms, settled ${settledPerSecond.toFixed(0)}/s, staleness p99 ${stalenessP99Ms.toFixed(0)} ms, API ${run.apiCpuMsPerWebhook.toFixed(2)} CPU ms/webhook; baseline ${baseline.result.perSecond.toFixed(0)}/s; ${problems.length ? `NOT EXACT: ${problems.join('; ')}` : 'exact'}`,
      );
      runs.push(run);
    }
  }
  await stopWorkers(cluster);
  await dropPendingJobs(services, client);
  return runs;
}

/** The baseline is as many bare Fastify processes as the mode has API processes. */
async function benchTotals(cluster: Cluster, campaignId: string): Promise<{ app: LoadResult[]; baseline: LoadResult[] }> {
  const bare: { process: ChildProcess; url: string }[] = [];
  for (let i = 0; i < cluster.size; i += 1) {
    const port = await freePort();
    bare.push({ process: startNode('dist/bench/bare-fastify.js', { PORT: String(port) }, join(DATA_DIR, `bare-fastify-${i + 1}.log`)), url: `http://127.0.0.1:${port}` });
  }
  const path = `/api/campaigns/${campaignId}/totals`;
  for (const b of bare) await waitForHttp(`${b.url}${path}`, b.process);
  const app: LoadResult[] = [];
  const baseline: LoadResult[] = [];
  // Not counted: the first seconds of a route are slower while V8 compiles it, in the app and in bare Fastify alike.
  await load({ mode: 'get', urls: cluster.apis.map((a) => `${a.url}${path}`), concurrency: TOTALS_CONCURRENCY, seconds: 2 });
  await load({ mode: 'get', urls: bare.map((b) => `${b.url}${path}`), concurrency: TOTALS_CONCURRENCY, seconds: 2 });
  for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
    app.push(await load({ mode: 'get', urls: cluster.apis.map((a) => `${a.url}${path}`), concurrency: TOTALS_CONCURRENCY, seconds: TOTALS_SECONDS }));
    baseline.push(await load({ mode: 'get', urls: bare.map((b) => `${b.url}${path}`), concurrency: TOTALS_CONCURRENCY, seconds: TOTALS_SECONDS }));
    log(`${cluster.size}×${cluster.size} totals #${repeat}: app ${app.at(-1)!.perSecond.toFixed(0)}/s, bare Fastify ${baseline.at(-1)!.perSecond.toFixed(0)}/s`);
  }
  await Promise.all(bare.map((b) => stopProcess(b.process)));
  return { app, baseline };
}

/** Waits until `done()`; false at the deadline. Fails at once if one of the processes exits. */
async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs: number, processes: ChildProcess[], what: string): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    const exited = processes.find((p) => p.exitCode !== null);
    if (exited) throw new Error(`${exited.spawnargs.join(' ')} exited while waiting for ${what}`);
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Donations are recorded while no worker runs; then the workers start on the backlog and the receipts are timed. */
async function benchReceipts(services: Services, client: pg.Client, cluster: Cluster, template: Template, token: string): Promise<ReceiptsRun[]> {
  // A campaign of its own, far from its first milestone, so that only receipts are sent.
  const campaignId = await openCampaign(cluster.apis[0].url, token, `Kerala flood relief (benchmark, ${cluster.size}×${cluster.size})`);
  const runs: ReceiptsRun[] = [];
  for (let repeat = 1; repeat <= REPEATS; repeat += 1) {
    const donations = await seedDonations(client, campaignId, `m${cluster.size}receipts${repeat}`, RECEIPTS, 1000, 'pending');
    const ids = new Set(donations.map((d) => d.donationId));
    const webhooks = await load({
      mode: 'webhooks',
      urls: cluster.apis.map((a) => `${a.url}/api/webhooks/stripe`),
      secret: WEBHOOK_SECRET,
      eventTemplate: template.eventText,
      templateIds: template.ids,
      concurrency: 32,
      donations,
    });
    services.sink.reset();
    startWorkers(services, cluster);
    const mails = () => receiptsFor(services.sink.messages('receipt'), ids);
    const finished = await waitFor(() => mails().length === RECEIPTS, 300_000, cluster.workers, 'receipt emails');
    await sleep(1000); // a duplicate would come after the last first copy
    const sent = mails();
    // From the first receipt to the last: the workers' boot is not part of it.
    const seconds = sent.length > 1 ? (sent.at(-1)!.at - sent[0].at) / 1000 : Number.NaN;
    const result: LoadResult = {
      completed: sent.length,
      failed: RECEIPTS - sent.length,
      startedAtMs: sent.length ? sent[0].at + WALL_MINUS_PERF : Number.NaN,
      seconds,
      perSecond: (sent.length - 1) / seconds,
      p50Ms: 0,
      p99Ms: 0,
    };
    const { problems, numbers } = await receiptProblems(client, [...ids]);
    problems.push(...mailProblems(services.sink.messages('receipt'), numbers, [...ids]));
    if (webhooks.failed > 0) problems.push(`${webhooks.failed} webhooks not answered 2xx`);
    if (!finished) problems.push(`only ${sent.length} of ${RECEIPTS} receipts after 300 s`);
    log(`${cluster.size}×${cluster.size} receipts #${repeat}: ${result.perSecond.toFixed(0)}/s; ${problems.length ? `NOT EXACT: ${problems.join('; ')}` : 'exact'}`);
    runs.push({ result, problems });
    await stopWorkers(cluster);
    await dropPendingJobs(services, client);
  }
  return runs;
}

/** Donors give through the whole path at once: API, emulator, webhooks, ledger, receipts at the SMTP sink. */
async function benchSurge(services: Services, client: pg.Client, cluster: Cluster, token: string, applier: Applier): Promise<SurgeFigures> {
  const campaignId = await openCampaign(cluster.apis[0].url, token, `Noto earthquake relief (benchmark, ${cluster.size}×${cluster.size})`);
  services.sink.reset();
  startWorkers(services, cluster);
  await sleep(3000); // the workers' boot is not part of the surge
  const apiPids = cluster.apis.map((a) => a.process.pid!);
  const workerPids = cluster.workers.map((w) => w.pid!);
  const apiCpu = totalCpuMs(apiPids);
  const workerCpu = totalCpuMs(workerPids);
  const processes = [...cluster.apis.map((a) => a.process), ...cluster.workers];
  const surge = await load<SurgeResult>({
    mode: 'surge',
    apiUrls: cluster.apis.map((a) => a.url),
    stripePort: services.emulator.port,
    campaignId,
    currency: 'jpy',
    count: SURGE_DONATIONS,
    concurrency: SURGE_CONCURRENCY,
    tag: `m${cluster.size}`,
  });
  const ids = surge.donations.map((d) => d.donationId);
  const idSet = new Set(ids);
  const charged = async () =>
    (await client.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE kind = 'charge' AND donation_id = ANY($1)`, [ids])).rows[0].n >= ids.length;
  const limitMs = surge.startedAtMs + SURGE_LIMIT_SECONDS * 1000 - Date.now();
  const settled = await waitFor(charged, limitMs, processes, 'the surge to settle');
  const mails = () => receiptsFor(services.sink.messages('receipt'), idSet);
  const mailed = await waitFor(() => mails().length === ids.length, surge.startedAtMs + SURGE_LIMIT_SECONDS * 1000 - Date.now(), processes, 'the surge receipts');
  await sleep(1000); // a duplicate would come after the last first copy
  const apiCpuMs = totalCpuMs(apiPids) - apiCpu;
  const workerCpuMs = totalCpuMs(workerPids) - workerCpu;
  await stopWorkers(cluster);
  const lastCharge = Number(
    (await client.query(`SELECT extract(epoch FROM max(created_at)) * 1000 AS t FROM ledger_transactions WHERE kind = 'charge' AND donation_id = ANY($1)`, [ids])).rows[0].t,
  );
  const sent = mails();
  const lastReceipt = sent.length ? sent.at(-1)!.at + WALL_MINUS_PERF : NaN;
  const problems = [
    ...(surge.failed > 0 ? [`${surge.failed} donors failed to give`] : []),
    ...(settled ? [] : [`not every donation settled within ${SURGE_LIMIT_SECONDS} s`]),
    ...(mailed ? [] : [`${sent.length} of ${ids.length} receipts mailed within ${SURGE_LIMIT_SECONDS} s`]),
    ...(await ledgerProblems(client, surge.donations, { gross: 0, donations: 0 }, await campaignCounters(client, campaignId))),
  ];
  const receipts = await receiptProblems(client, ids);
  problems.push(...receipts.problems, ...mailProblems(services.sink.messages('receipt'), receipts.numbers, ids));
  let stalenessP99Ms = 0;
  if (applier.async) stalenessP99Ms = (await applyTimes(client, await succeededEventIds(client, ids))).stalenessP99Ms;
  await dropPendingJobs(services, client);
  const figures: SurgeFigures = {
    donors: surge,
    settledPerSecond: ids.length / ((lastCharge - surge.startedAtMs) / 1000),
    receiptsPerSecond: sent.length / ((lastReceipt - surge.startedAtMs) / 1000),
    settledSeconds: (lastCharge - surge.startedAtMs) / 1000,
    receiptsSeconds: (lastReceipt - surge.startedAtMs) / 1000,
    stalenessP99Ms,
    apiCpuMsPerDonation: apiCpuMs / Math.max(1, ids.length),
    workerCpuMsPerDonation: workerCpuMs / Math.max(1, ids.length),
    problems,
  };
  log(
    `${cluster.size}×${cluster.size} surge: ${ids.length} donations, settled ${figures.settledPerSecond.toFixed(0)}/s, receipts ${figures.receiptsPerSecond.toFixed(0)}/s; ${problems.length ? `NOT EXACT: ${problems.join('; ')}` : 'exact'}`,
  );
  return figures;
}

/** Signs and posts one payment_intent.succeeded webhook per donation, all at once; resolves when every one is answered. */
async function postWebhooks(url: string, template: Template, donations: BenchDonation[]): Promise<void> {
  const stripe = new Stripe('sk_test_bench');
  await Promise.all(
    donations.map(async (donation) => {
      const body = swapIds(template.eventText, idSwaps(template.ids, donation));
      const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
      if (!response.ok) throw new Error(`webhook for ${donation.donationId}: ${response.status}`);
    }),
  );
}

/**
 * Watchers of one campaign's live totals (bench/sse.ts holds them in a process of its own), then a burst of
 * donations, as signed webhooks to the first API: how long each watcher waits for the new totals, and the API's
 * memory meanwhile. In the 2×2 mode half the watchers are on each API process, so the second one only learns of
 * the donations through Redis.
 */
async function benchLiveWatchers(services: Services, client: pg.Client, cluster: Cluster, template: Template, token: string): Promise<SseFigures> {
  const campaignId = await openCampaign(cluster.apis[0].url, token, `Hokkaido snowstorm relief (benchmark, ${cluster.size}×${cluster.size})`);
  const burst = await seedDonations(client, campaignId, `m${cluster.size}sse`, SSE_DONATIONS, 1000, 'pending');
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, ...cluster.apis.map((a) => rssMb(a.process)));
  }, 100);
  // sse.ts times each watcher from its own call of the trigger; the calls wait for one another, so that every
  // process's watchers are open before the donations go, and the wait is taken off each one's figures below.
  let release!: (at: number) => void;
  const released = new Promise<number>((resolve) => (release = resolve));
  let waiting = cluster.size;
  let donations: Promise<void> | undefined;
  const calledAt: number[] = [];
  const trigger = (index: number) => async () => {
    calledAt[index] = performance.timeOrigin + performance.now();
    if (--waiting === 0) release(performance.timeOrigin + performance.now());
    await released;
    donations ??= postWebhooks(`${cluster.apis[0].url}/api/webhooks/stripe`, template, burst);
    await donations;
  };
  try {
    const share = (i: number) => Math.floor(SSE_WATCHERS / cluster.size) + (i < SSE_WATCHERS % cluster.size ? 1 : 0);
    const results = await Promise.all(
      cluster.apis.map((a, i) => benchSse({ apiUrl: a.url, campaignId, watchers: share(i), trigger: trigger(i), apiPid: a.process.pid, deliveryTimeoutMs: 30_000 })),
    );
    const releasedAt = await released;
    const shifted = results.map((r, i) => ({
      ...r,
      p50Ms: r.p50Ms - (releasedAt - calledAt[i]),
      p99Ms: r.p99Ms - (releasedAt - calledAt[i]),
      maxMs: r.maxMs - (releasedAt - calledAt[i]),
    }));
    const figures: SseFigures = {
      measured: true,
      watchers: SSE_WATCHERS,
      connected: shifted.reduce((sum, r) => sum + r.connected, 0),
      delivered: shifted.reduce((sum, r) => sum + r.delivered, 0),
      // Percentiles of two halves do not combine: the slower process's are reported.
      delayP50Ms: Math.max(...shifted.map((r) => r.p50Ms)),
      delayP99Ms: Math.max(...shifted.map((r) => r.p99Ms)),
      delayMaxMs: Math.max(...shifted.map((r) => r.maxMs)),
      connectSeconds: Math.max(...shifted.map((r) => r.connectSeconds)),
      apiRssMb: Math.max(peakRss, ...shifted.map((r) => r.apiRssMb ?? 0)),
      problems: [],
    };
    if (figures.connected < SSE_WATCHERS) figures.problems.push(`${SSE_WATCHERS - figures.connected} watchers could not connect`);
    if (figures.delivered < figures.connected) figures.problems.push(`${figures.connected - figures.delivered} watchers got no new totals within 30 s`);
    // sse.ts takes a watcher's second event as the update; one that came before the donations makes a negative delay.
    if (figures.delayP50Ms < 0 || figures.delayP99Ms < 0) figures.problems.push('some watchers got a second event before the donations, which sse.ts takes for the update');
    log(
      `${cluster.size}×${cluster.size} live watchers: ${figures.delivered} of ${SSE_WATCHERS} updated, delay p99 ${figures.delayP99Ms.toFixed(0)} ms, API RSS ${figures.apiRssMb.toFixed(0)} MB${figures.problems.length ? `; ${figures.problems.join('; ')}` : ''}`,
    );
    return figures;
  } catch (error) {
    log(`live watchers failed: ${(error as Error).message}`);
    return { measured: false, note: `failed: ${(error as Error).message}` };
  } finally {
    clearInterval(sampler);
    await dropPendingJobs(services, client);
  }
}

async function benchFanOut(services: Services, client: pg.Client, cluster: Cluster, token: string): Promise<FanOutResult> {
  const campaignId = await openCampaign(cluster.apis[0].url, token, `Kumamoto earthquake relief (benchmark, ${cluster.size}×${cluster.size})`);
  await seedDonations(client, campaignId, `m${cluster.size}fanout`, FANOUT_DONORS, 500, 'succeeded');
  services.sink.reset();
  startWorkers(services, cluster);
  await sleep(3000); // the workers' boot is not part of the fan-out
  const started = performance.now();
  const update = await api<{ id: string }>(
    cluster.apis[0].url,
    'POST',
    `/api/campaigns/${campaignId}/updates`,
    { title: 'Water and shelter reached Mashiki', body: 'Your gifts are at work.' },
    token,
  );
  const ofUpdate = () => services.sink.messages('update').filter((m) => m.id.startsWith(`update.${update.id}.`));
  const finished = await waitFor(() => ofUpdate().length >= FANOUT_DONORS, FANOUT_LIMIT_SECONDS * 1000, cluster.workers, 'update emails');
  const sent = ofUpdate();
  const seconds = finished ? (sent[FANOUT_DONORS - 1].at - started) / 1000 : FANOUT_LIMIT_SECONDS;
  log(`${cluster.size}×${cluster.size} fan-out: ${sent.length} of ${FANOUT_DONORS} emails in ${seconds.toFixed(1)} s`);
  await stopWorkers(cluster);
  await dropPendingJobs(services, client);
  return { seconds, sent: sent.length, finished };
}

async function benchMode(services: Services, client: pg.Client, size: number, template: Template, applier: Applier): Promise<ModeFigures> {
  log(`— ${size} API and ${size} worker process${size === 1 ? '' : 'es'} —`);
  const cluster = await startCluster(services, size);
  const token = await adminToken(cluster.apis[0].url);
  const ingestion = wanted('ingestion') ? await benchIngestion(services, client, cluster, template, applier) : [];
  const totals = wanted('totals') ? await benchTotals(cluster, template.campaignId) : { app: [], baseline: [] };
  const receipts = wanted('receipts') ? await benchReceipts(services, client, cluster, template, token) : [];
  const surge = wanted('surge') ? await benchSurge(services, client, cluster, token, applier) : undefined;
  const sse = wanted('sse') ? await benchLiveWatchers(services, client, cluster, template, token) : undefined;
  const fanOut = wanted('fanout') ? await benchFanOut(services, client, cluster, token) : undefined;
  const workerRss = cluster.workerRss;
  const apiRssMb = await stopCluster(cluster);
  return { processes: size, ingestion, totals, receipts, surge, sse, fanOut, apiRssMb, workerRssMb: workerRss.length ? Math.max(...cluster.workerRss) : NaN };
}

async function main(): Promise<void> {
  const began = Date.now();
  const services = await startServices();
  const client = new pg.Client({ connectionString: services.databaseUrl });
  await client.connect();
  try {
    await createMinimalTables(client);
    log('capturing a real donation as the template');
    const { template, applier } = await captureTemplate(services, client);
    const modes: ModeFigures[] = [];
    for (const size of MODES) modes.push(await benchMode(services, client, size, template, applier));
    const receiptsBaseline: LoadResult[] = [];
    for (let repeat = 1; repeat <= REPEATS && wanted('receipts'); repeat += 1) {
      receiptsBaseline.push(JSON.parse(await runToEnd(['dist/bench/bullmq-baseline.js', services.env.REDIS_URL!, String(RECEIPTS), String(RECEIPT_CONCURRENCY)])));
      log(`bare BullMQ #${repeat}: ${receiptsBaseline.at(-1)!.perSecond.toFixed(0)}/s`);
    }
    const figures: Figures = {
      scale: SCALE,
      repeats: REPEATS,
      ingestionDonations: INGESTION_DONATIONS,
      totalsConcurrency: TOTALS_CONCURRENCY,
      totalsSeconds: TOTALS_SECONDS,
      receiptsCount: RECEIPTS,
      receiptConcurrency: RECEIPT_CONCURRENCY,
      surgeDonations: SURGE_DONATIONS,
      surgeConcurrency: SURGE_CONCURRENCY,
      sseWatchers: SSE_WATCHERS,
      fanOutDonors: FANOUT_DONORS,
      asyncApply: applier.async,
      applierInWorker: applier.inWorker,
      modes,
      receiptsBaseline,
      postgresVersion: (await client.query('SHOW server_version')).rows[0].server_version,
      minutes: (Date.now() - began) / 60_000,
    };
    const complete = SCALE === 1 && !ONLY && MODES.includes(1) && MODES.includes(2);
    const file = complete ? 'bench/RESULTS.md' : join(DATA_DIR, 'RESULTS.md');
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
