// Plain JS, like global-setup.js: it runs before jest compiles anything, and on a machine where nothing may work yet.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const succeeds = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 });
  return !result.error && result.status === 0;
};
const fcList = () => {
  const result = spawnSync('fc-list', [], { encoding: 'utf8', timeout: 10_000 });
  return result.error || result.status !== 0 ? '' : result.stdout;
};

/** How each need is looked for on this machine; the tests replace them to see the message. */
const systemProbes = {
  postgres: () => {
    const root = '/usr/lib/postgresql';
    return existsSync(root) && readdirSync(root).some((version) => executable(join(root, version, 'bin', 'postgres')));
  },
  redis: () => executable('/usr/bin/redis-server'),
  chromium: () => executable('/usr/bin/chromium'),
  japaneseFont: () => /IPAGothic/i.test(fcList()),
  poppler: () => succeeds('pdftotext', ['-v']),
  unzip: () => succeeds('unzip', ['-v']),
  compose: () => succeeds('docker', ['compose', 'version']) || succeeds('docker-compose', ['version']),
};

/**
 * What the tests need from the machine, each with the Debian/Ubuntu package that provides it. `suites` says which
 * global setup needs it: `test` for npm test, `faults` for npm run test:faults.
 */
const REQUIREMENTS = [
  {
    probe: 'postgres',
    pkg: 'postgresql',
    suites: ['test', 'faults'],
    what: 'PostgreSQL server binaries (/usr/lib/postgresql/*/bin/postgres): the tests start their own server',
    // npm test can use a running server instead; the fault suite always starts servers of its own.
    unlessEnv: { test: 'TEST_DATABASE_URL' },
  },
  {
    probe: 'redis',
    pkg: 'redis-server',
    suites: ['test', 'faults'],
    what: 'redis-server (/usr/bin/redis-server): the tests start their own, and some tests stop and restart one',
  },
  {
    probe: 'chromium',
    pkg: 'chromium',
    suites: ['test'],
    what: 'Chromium (/usr/bin/chromium): the browser tests in test/browser drive it; no browser is ever downloaded',
  },
  {
    probe: 'japaneseFont',
    pkg: 'fonts-ipafont-gothic',
    suites: ['test'],
    what: 'a Japanese font (IPAGothic, looked for with fc-list): the browser tests draw the Japanese pages',
  },
  {
    probe: 'poppler',
    pkg: 'poppler-utils',
    suites: ['test'],
    what: 'poppler-utils (pdftotext, pdffonts, pdftoppm): test/unit/receipt-pdf.test.ts reads the receipt PDFs back as text and images',
  },
  {
    probe: 'unzip',
    pkg: 'unzip',
    suites: ['test'],
    what: 'unzip: test/e2e/receipt-register.test.ts opens the ZIP of receipt PDFs finance downloads',
  },
  {
    probe: 'compose',
    pkg: 'docker-compose',
    suites: ['test'],
    what: 'a compose client (`docker compose` or `docker-compose`): test/integration/docker-compose.test.ts validates docker-compose.yml with it (no Docker engine needed)',
  },
];

/** The requirements of `suite` that this machine does not meet. */
export function missingSystemPackages(suite, { env = process.env, probes = systemProbes } = {}) {
  return REQUIREMENTS.filter((r) => r.suites.includes(suite) && !(r.unlessEnv?.[suite] && env[r.unlessEnv[suite]]) && !probes[r.probe]());
}

/** One message naming every missing package and the one command that installs them all. */
export function missingPackagesMessage(suite, missing, { root = process.getuid?.() === 0 } = {}) {
  const command = `${root ? '' : 'sudo '}apt-get install -y --no-install-recommends ${missing.map((r) => r.pkg).join(' ')}`;
  return [
    `${suite === 'faults' ? 'npm run test:faults' : 'npm test'} needs system packages that this machine lacks:`,
    ...missing.map((r) => `  - ${r.pkg}: ${r.what}`),
    'Install them (Debian/Ubuntu) with:',
    `  ${command}`,
    '',
  ].join('\n');
}

/** Ends the run before anything starts when a system package is missing, with one message saying what to install. */
export function requireSystemPackages(suite) {
  const missing = missingSystemPackages(suite);
  if (!missing.length) return;
  const error = new Error(missingPackagesMessage(suite, missing));
  // jest prints the stack of a failed global setup: the message is all there is to say.
  error.stack = error.message;
  throw error;
}
