import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

/**
 * Brings up PostgreSQL and Redis for `npm run local`, the tests and the benchmarks, from the machine's own
 * binaries, under a data folder that git ignores. Installs them with apt when missing and running as root.
 */
export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

function log(message: string): void {
  process.stderr.write(`[infra] ${message}\n`);
}

function aptInstall(pkg: string, why: string): void {
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${why}. Install it (Debian/Ubuntu: sudo apt-get install -y ${pkg}) or set the URL variable to a running server.`);
  }
  log(`${why}; installing ${pkg} with apt-get`);
  execFileSync('apt-get', ['update'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const find = () =>
    existsSync(root)
      ? readdirSync(root)
          .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
          .sort((a, b) => Number(b) - Number(a))[0]
      : undefined;
  let version = find();
  if (!version) {
    aptInstall('postgresql', 'PostgreSQL server binaries were not found');
    version = find();
  }
  if (!version) throw new Error('PostgreSQL server binaries are still missing after installing postgresql');
  return join(root, version, 'bin');
}

/** PostgreSQL refuses to run as root: as root, its binaries run as the postgres user (signals still reach them). */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (!isRoot()) return {};
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

async function waitFor(what: string, attempt: () => Promise<unknown>, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} while starting`);
    try {
      await attempt();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms: ${String(lastError)}`);
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A server left running by a crashed earlier run holds the data folder: end it before starting again. */
function killStalePostgres(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 'SIGQUIT');
    log(`stopped a stale PostgreSQL (pid ${pid})`);
    execFileSync('sleep', ['1']);
  } catch {
    // not running: PostgreSQL removes its own stale pid file
  }
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Tests trade durability for speed: fsync and synchronous commit off. */
  fast?: boolean;
  fresh?: boolean;
  /** In a process group of its own (see RedisOptions.detached). */
  detached?: boolean;
}

export async function startPostgres(options: PostgresOptions): Promise<RunningService> {
  const bin = postgresBinDir();
  killStalePostgres(options.dataDir);
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    mkdirSync(dirname(options.dataDir), { recursive: true });
    mkdirSync(options.dataDir, { mode: 0o700 });
    const user = serverUser();
    if ('uid' in user) chownSync(options.dataDir, user.uid, user.gid);
    execFileSync(join(bin, 'initdb'), ['-D', options.dataDir, '-U', 'kizuna', '--auth=trust', '-E', 'UTF8', '--no-locale'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      cwd: options.dataDir,
      ...user,
    });
  }
  const settings = [
    '-D',
    options.dataDir,
    '-p',
    String(options.port),
    '-k',
    options.dataDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
    '-c',
    'shared_buffers=256MB',
  ];
  if (options.fast) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const child = spawn(join(bin, 'postgres'), settings, { stdio: ['ignore', 'ignore', 'pipe'], cwd: options.dataDir, detached: options.detached, ...serverUser() });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const adminUrl = `postgres://kizuna@127.0.0.1:${options.port}/postgres`;
  try {
    await waitFor('PostgreSQL', () => withClient(adminUrl, (c) => c.query('SELECT 1')), child);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${options.database}"`);
  });
  log(`PostgreSQL on port ${options.port} (${options.dataDir})`);
  return {
    url: `postgres://kizuna@127.0.0.1:${options.port}/${options.database}`,
    stop: () => stopChild(child, 'SIGINT'),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface RedisOptions {
  dataDir: string;
  port: number;
  /** Keep data across runs (append-only file), as `npm run local` does. */
  persist: boolean;
  /**
   * In a process group of its own, so that a Ctrl-C in the terminal reaches only the process that started it, which
   * then stops it after the processes that use it (`npm run local`). Without it the server stops with its starter's
   * group, as the tests want when they are interrupted.
   */
  detached?: boolean;
}

export async function startRedis(options: RedisOptions): Promise<RunningService> {
  if (!existsSync('/usr/bin/redis-server')) aptInstall('redis-server', 'redis-server was not found');
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    '--port',
    String(options.port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dataDir,
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--appendonly',
    options.persist ? 'yes' : 'no',
  ];
  const child = spawn('/usr/bin/redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: options.detached });
  const url = `redis://127.0.0.1:${options.port}`;
  await waitFor(
    'Redis',
    async () => {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
      } finally {
        client.disconnect();
      }
    },
    child,
  );
  log(`Redis on port ${options.port} (${options.dataDir})`);
  return { url, stop: () => stopChild(child, 'SIGTERM') };
}

/** A TCP port that is free right now, so parallel test runs on one machine do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
