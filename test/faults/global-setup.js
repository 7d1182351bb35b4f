// Plain JS, like test/support/global-setup.js: jest loads it outside its module system.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import setupServers from '../support/global-setup.js';

/** The shared PostgreSQL (with its template database) and Redis of npm test, and an empty results file. */
export default async function globalSetup() {
  const dir = join(process.cwd(), '.data/faults');
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'results.jsonl'), { force: true });
  globalThis.__faultsStartedAt = Date.now();
  await setupServers();
}
