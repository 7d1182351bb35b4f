// Plain JS, like test/support/global-setup.js: jest loads it outside its module system.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServers } from '../support/global-setup.js';
import { requireSystemPackages } from '../support/system-packages.js';

/** The shared PostgreSQL (with its template database) and Redis of npm test, and an empty results file. */
export default async function globalSetup() {
  requireSystemPackages('faults');
  const dir = join(process.cwd(), '.data/faults');
  mkdirSync(dir, { recursive: true });
  rmSync(join(dir, 'results.jsonl'), { force: true });
  globalThis.__faultsStartedAt = Date.now();
  await startServers();
}
