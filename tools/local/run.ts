import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runMigrations } from '../../src/database/migrate.js';
import { startMailCatcher } from '../mail-catcher/mail-catcher.js';
import { startStripeEmulator } from '../stripe-emulator/emulator.js';
import { RunningService, startPostgres, startRedis } from './infra.js';
import { seedDemoCampaigns } from './seed.js';

/**
 * `npm run local`: everything Kizuna needs on one machine, under .data/local, reused by the next run.
 * Given DATABASE_URL / REDIS_URL are used as they are; otherwise local servers are started.
 */
const ROOT = process.cwd();
const DATA_DIR = resolve(ROOT, '.data/local');
const POSTGRES_PORT = 54320;
const REDIS_PORT = 63790;

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

async function waitForReady(url: string, children: ChildProcess[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
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

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const services: RunningService[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping Kizuna…\n');
    await Promise.all(children.map((child) => new Promise((r) => (child.exitCode !== null ? r(null) : (child.once('exit', r), child.kill('SIGTERM'))))));
    for (const service of services.reverse()) await service.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const secrets = localSecrets();
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const postgres = await startPostgres({ dataDir: join(DATA_DIR, 'postgres'), port: POSTGRES_PORT, database: 'kizuna' });
      services.push(postgres);
      databaseUrl = postgres.url;
    }
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedis({ dataDir: join(DATA_DIR, 'redis'), port: REDIS_PORT, persist: true });
      services.push(redis);
      redisUrl = redis.url;
    }
    const applied = await runMigrations(databaseUrl);
    process.stderr.write(`[local] migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}\n`);
    const seeded = await seedDemoCampaigns(databaseUrl);
    process.stderr.write(`[local] demo campaigns added: ${seeded}\n`);

    let smtpUrl = process.env.SMTP_URL;
    let mailUi = '(SMTP_URL is set: mail goes there)';
    if (!smtpUrl) {
      const catcher = await startMailCatcher({
        smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
        httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 8025),
      });
      services.push({ url: catcher.smtpUrl, stop: () => catcher.close() });
      smtpUrl = catcher.smtpUrl;
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
      });
      services.push({ url: emulator.url, stop: () => emulator.close() });
      env.STRIPE_API_BASE = emulator.url;
    }

    for (const entry of ['dist/src/main.js', 'dist/src/worker.js']) {
      children.push(spawn(process.execPath, [entry], { env, stdio: 'inherit' }));
    }
    await waitForReady(`http://127.0.0.1:${port}/health/ready`, children);
    process.stdout.write(
      [
        '',
        'Kizuna is running. Ctrl-C stops everything; data stays in .data/local for the next run.',
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
      ].join('\n') + '\n',
    );
    children.forEach((child) => child.once('exit', (code) => !stopping && void stop(code ?? 1)));
  } catch (error) {
    process.stderr.write(`[local] ${(error as Error).message}\n`);
    await stop(1);
  }
}

void main();
