import { randomBytes } from 'node:crypto';
import { withClient } from '../../tools/local/infra.js';

const TEMPLATE_DATABASE = 'kizuna_template';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (npm test)');
  return url;
}

/** A fresh, migrated database for one test file, cloned from the template in milliseconds. */
export async function createTestDatabase(): Promise<string> {
  const name = `kz_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** An empty database, for tests that run the migrations themselves. */
export async function createEmptyDatabase(): Promise<string> {
  const name = `kz_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl(), (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
