// Plain JS: jest loads global setup outside its module system, so it uses the compiled helpers (npm test builds first).
import { join } from 'node:path';
import { runMigrations } from '../../dist/src/database/migrate.js';
import { freePort, startPostgres, startRedis, withClient } from '../../dist/tools/local/infra.js';
import { requireSystemPackages } from './system-packages.js';

const TEMPLATE_DATABASE = 'kizuna_template';
// One folder per run, so two runs in one checkout (a developer and a helper, say) never share a server.
const DATA_DIR = join(process.cwd(), '.data/test', String(process.pid));

/** npm test: first what it needs from the machine (one message listing whatever is missing), then the servers. */
export default async function globalSetup() {
  requireSystemPackages('test');
  await startServers();
}

/**
 * Starts PostgreSQL and Redis once for the whole run (the same helper as `npm run local`), unless
 * TEST_DATABASE_URL / TEST_REDIS_URL point at running ones, and migrates a template database that
 * every test file clones.
 */
export async function startServers() {
  const services = [];
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const postgres = await startPostgres({ dataDir: join(DATA_DIR, 'postgres'), port: await freePort(), database: 'postgres', fast: true, fresh: true });
    services.push(postgres);
    adminUrl = postgres.url;
  }
  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedis({ dataDir: join(DATA_DIR, 'redis'), port: await freePort(), persist: false });
    services.push(redis);
    redisUrl = redis.url;
  }
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await runMigrations(templateUrl.toString());

  process.env.TEST_DATABASE_URL = adminUrl;
  process.env.TEST_REDIS_URL = redisUrl;
  globalThis.__kizunaServices = services;
  globalThis.__kizunaDataDir = DATA_DIR;
}
