import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { freePort, startRedis, type RunningService } from '../../tools/local/infra.js';
import { Stack, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

async function schedulers(redis: Redis, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of ['maintenance', 'stripe-sync']) {
    const queue = new Queue(name, { connection: redis, prefix });
    ids.push(...(await queue.getJobSchedulers()).map((s) => s.key));
    await queue.close();
  }
  return ids.sort();
}

describe('repeatable jobs when Redis loses everything', () => {
  let redis: RunningService;
  let client: Redis;
  let stack: Stack;
  beforeAll(async () => {
    // A Redis of its own: FLUSHALL must not touch the other test files' queues.
    redis = await startRedis({ dataDir: mkdtempSync(join(tmpdir(), 'kizuna-redis-')), port: await freePort(), persist: false });
    client = new Redis(redis.url);
    stack = await startStack({ env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    client.disconnect();
    await stack.close();
    await redis.stop();
  });

  it('the worker puts the heartbeat, the Stripe sync, the voucher reminder and the annual receipt schedules back without a restart', async () => {
    const prefix = stack.app.config.REDIS_PREFIX;
    await waitUntil('the schedules at boot', async () => (await schedulers(client, prefix)).length === 4);
    await client.flushall();
    expect(await schedulers(client, prefix)).toEqual([]);
    await waitUntil('the schedules back', async () => (await schedulers(client, prefix)).length === 4, 15_000);
    expect(await schedulers(client, prefix)).toEqual(['annual-receipts', 'pledge-reminders', 'stripe-sync', 'worker-heartbeat']);
  }, 30_000);
});
