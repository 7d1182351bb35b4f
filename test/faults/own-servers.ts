import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runMigrations } from '../../src/database/migrate.js';
import { freePort, startPostgres, startRedis, type RunningService } from '../../tools/local/infra.js';
import { portAnswers } from '../support/ports.js';

/**
 * PostgreSQL and Redis servers of a scenario's own, for the faults that stop a server: the run's shared ones
 * serve the other scenarios' databases and queues.
 */

function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kizuna-faults-${name}-`));
  // PostgreSQL runs as the postgres user when the tests run as root: it must be able to reach its data folder.
  chmodSync(dir, 0o755);
  return dir;
}

async function untilClosed(port: number): Promise<void> {
  while (await portAnswers(port)) await new Promise((resolve) => setTimeout(resolve, 50));
}

export class OwnRedis {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private services: RunningService[],
  ) {}

  static async start(): Promise<OwnRedis> {
    const port = await freePort();
    const dir = scratchDir('redis');
    return new OwnRedis(port, dir, [await startRedis({ dataDir: join(dir, 'first'), port, persist: false })]);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** `SHUTDOWN NOSAVE`: Redis exits at once and keeps nothing. */
  async shutdownNoSave(): Promise<void> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    // The server closes the connection instead of answering.
    await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    client.disconnect();
    await untilClosed(this.port);
  }

  /** A new, empty Redis on the same port. */
  async restartEmpty(): Promise<void> {
    this.services.push(await startRedis({ dataDir: join(this.dir, `restart-${this.services.length}`), port: this.port, persist: false }));
  }

  async stop(): Promise<void> {
    for (const service of this.services) await service.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class OwnPostgres {
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly dir: string,
    private services: RunningService[],
    readonly url: string,
  ) {}

  /**
   * A fresh server with a migrated `kizuna` database, durable as in production: the test servers' speed settings
   * (synchronous_commit off) let a crash lose commits already acknowledged, which is exactly what is tested here.
   */
  static async start(): Promise<OwnPostgres> {
    const port = await freePort();
    const dir = scratchDir('postgres');
    const dataDir = join(dir, 'data');
    const service = await startPostgres({ dataDir, port, database: 'kizuna', fresh: true });
    await runMigrations(service.url);
    return new OwnPostgres(port, dataDir, dir, [service], service.url);
  }

  /** What `pg_ctl stop -m immediate` does: SIGQUIT to the postmaster, which ends every backend without a checkpoint. */
  async stopImmediate(): Promise<void> {
    const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGQUIT');
    for (;;) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Starts the server again on its data, with crash recovery, on the same port. */
  async start(): Promise<void> {
    this.services.push(await startPostgres({ dataDir: this.dataDir, port: this.port, database: 'kizuna' }));
  }

  async stop(): Promise<void> {
    for (const service of this.services) await service.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
