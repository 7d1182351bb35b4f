import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { runMigrations } from '../../src/database/migrate.js';
import { startMailCatcher } from '../mail-catcher/mail-catcher.js';
import { startStripeEmulator } from '../stripe-emulator/emulator.js';
import { settlementFromEnv } from '../stripe-emulator/env.js';
import { RunningService, startPostgres, startRedis } from './infra.js';
import { seedDemoCampaigns } from './seed.js';

/**
 * `npm run local`: everything Kizuna needs on one machine, under .data/local, reused by the next run.
 * Given DATABASE_URL / REDIS_URL are used as they are; otherwise local servers are started.
 *
 * Ctrl-C, SIGTERM or SIGHUP stops everything it started, in order: the API and the worker first, while Redis and
 * PostgreSQL still answer them, then the Stripe emulator, the mail catcher, Redis and PostgreSQL. The servers and
 * the two processes run in process groups of their own so that a Ctrl-C in the terminal reaches only this one.
 *
 * For running it beside another copy (the tests do): LOCAL_DATA_DIR, LOCAL_POSTGRES_PORT, LOCAL_REDIS_PORT,
 * STRIPE_EMULATOR_PORT, MAIL_CATCHER_SMTP_PORT, MAIL_CATCHER_HTTP_PORT.
 */
const ROOT = process.cwd();
const DATA_DIR = resolve(ROOT, process.env.LOCAL_DATA_DIR ?? '.data/local');
const POSTGRES_PORT = Number(process.env.LOCAL_POSTGRES_PORT ?? 54320);
const REDIS_PORT = Number(process.env.LOCAL_REDIS_PORT ?? 63790);
/** How long the API or the worker may take to finish what it is doing before it is killed. */
const CHILD_STOP_TIMEOUT_MS = 15_000;

/** Thrown by a start-up step that finds a stop was asked for meanwhile. */
class Stopping extends Error {}

interface LocalSecrets {
  jwtSecret: string;
  adminEmail: string;
  adminPassword: string;
}

function localSecrets(): LocalSecrets {
  const file = join(DATA_DIR, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets = {
    jwtSecret: randomBytes(32).toString('hex'),
    adminEmail: 'admin@kizuna.local',
    adminPassword: randomBytes(9).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function waitForReady(url: string, children: ChildProcess[], stopping: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping()) throw new Stopping();
    const exited = children.find((child) => child.exitCode !== null);
    if (exited) throw new Error(`${exited.spawnargs.join(' ')} exited with code ${exited.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

/** SIGTERM, and SIGKILL if the process has not ended CHILD_STOP_TIMEOUT_MS later. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const services: RunningService[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  let startup: Promise<void> = Promise.resolve();
  /** Each step of the start-up: what it started is kept for stop(), and a stop asked for meanwhile ends the start-up. */
  const started = <T>(value: T): T => {
    if (stopping) throw new Stopping();
    return value;
  };

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping Kizuna…\n');
    // The step under way finishes first, so that what it starts is stopped too.
    await startup.catch(() => undefined);
    // The API and the worker first: they close their connections while Redis and PostgreSQL still answer.
    await Promise.all(children.map(stopProcess));
    for (const service of services.reverse()) await service.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // Should this process end some other way (an exception), the API and the worker go with it.
  process.on('exit', () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
  });
  // npm runs this script through `sh -c`, which does not pass signals on: npm's SIGTERM would end the shell and leave
  // this process running. When the process that started it goes away, it stops as if it had been signalled.
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void stop(0);
    }, 500).unref();
  }

  startup = (async () => {
    const secrets = localSecrets();
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const postgres = await startPostgres({ dataDir: join(DATA_DIR, 'postgres'), port: POSTGRES_PORT, database: 'kizuna', detached: true });
      services.push(postgres);
      databaseUrl = started(postgres.url);
    }
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedis({ dataDir: join(DATA_DIR, 'redis'), port: REDIS_PORT, persist: true, detached: true });
      services.push(redis);
      redisUrl = started(redis.url);
    }
    const applied = started(await runMigrations(databaseUrl));
    process.stderr.write(`[local] migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}\n`);
    const seeded = started(await seedDemoCampaigns(databaseUrl));
    process.stderr.write(`[local] demo campaigns added: ${seeded}\n`);

    let smtpUrl = process.env.SMTP_URL;
    let mailUi = '(SMTP_URL is set: mail goes there)';
    if (!smtpUrl) {
      const catcher = await startMailCatcher({
        smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
        httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 8025),
      });
      services.push({ url: catcher.smtpUrl, stop: () => catcher.close() });
      smtpUrl = started(catcher.smtpUrl);
      mailUi = catcher.httpUrl;
    }
    const port = Number(process.env.PORT ?? 3000);
    const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY ?? 'sk_test_emulator',
      STRIPE_PUBLISHABLE_KEY: process.env.STRIPE_PUBLISHABLE_KEY ?? 'pk_test_emulator',
      STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_kizuna_local_emulator_secret',
      SMTP_URL: smtpUrl,
      MAIL_FROM: process.env.MAIL_FROM ?? 'kizuna@kizuna.local',
      PUBLIC_BASE_URL: publicBaseUrl,
      JWT_SECRET: process.env.JWT_SECRET ?? secrets.jwtSecret,
      ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? secrets.adminEmail,
      ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? secrets.adminPassword,
    };
    if (!process.env.STRIPE_SECRET_KEY) {
      const emulatorPort = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
      const emulator = await startStripeEmulator({
        port: emulatorPort,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET!,
        webhookUrl: process.env.STRIPE_EMULATOR_WEBHOOK_URL ?? `http://127.0.0.1:${port}/api/webhooks/stripe`,
        ...settlementFromEnv(process.env),
      });
      services.push({ url: emulator.url, stop: () => emulator.close() });
      env.STRIPE_API_BASE = started(emulator.url);
    }

    for (const entry of ['dist/src/main.js', 'dist/src/worker.js']) {
      // A process group of its own: the terminal's Ctrl-C reaches this process only, which stops them in order.
      children.push(spawn(process.execPath, [entry], { env, stdio: 'inherit', detached: true }));
    }
    await waitForReady(`http://127.0.0.1:${port}/health/ready`, children, () => stopping);
    process.stdout.write(
      [
        '',
        `Kizuna is running. Ctrl-C stops everything; data stays in ${DATA_DIR.startsWith(ROOT + sep) ? relative(ROOT, DATA_DIR) : DATA_DIR} for the next run.`,
        `  donor pages    ${publicBaseUrl}/`,
        `  staff pages    ${publicBaseUrl}/staff`,
        `  API            ${publicBaseUrl}/api/campaigns`,
        `  API docs       ${publicBaseUrl}/api/docs`,
        `  readiness      ${publicBaseUrl}/health/ready`,
        `  metrics        ${publicBaseUrl}/metrics`,
        `  mail catcher   ${mailUi}`,
        `  Stripe         ${env.STRIPE_API_BASE ?? 'api.stripe.com (STRIPE_SECRET_KEY is set)'}`,
        `  PostgreSQL     ${databaseUrl}`,
        `  Redis          ${redisUrl}`,
        `  admin login    ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}   (POST /api/auth/login; used only when no user exists yet)`,
        '',
        '',
      ].join('\n'),
    );
    for (const child of children) {
      child.once('exit', (code) => {
        if (!stopping) void stop(code ?? 1);
      });
    }
  })();

  try {
    await startup;
  } catch (error) {
    if (!(error instanceof Stopping)) {
      process.stderr.write(`[local] ${(error as Error).message}\n`);
      await stop(1);
    }
  }
}

void main();
