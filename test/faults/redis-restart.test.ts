import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FAST_RECOVERY, FaultStack } from './fault-stack.js';
import { checkInvariants, type Check } from './invariants.js';
import { OwnRedis } from './own-servers.js';
import { report, scenario } from './results.js';
import { waitUntil } from '../support/wait.js';

const ORDER = 4;
const SCENARIO = 'Redis SHUTDOWN NOSAVE';

const DONATIONS = 400;
const DOWN_MS = 1_500;

describe('Redis shut down without saving and restarted empty, mid-run', () => {
  let redis: OwnRedis;
  let stack: FaultStack;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    stack = await FaultStack.start({ redisUrl: redis.url, env: FAST_RECOVERY });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it(
    'loses no receipt: the outbox relay enqueues the lost work again',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        const duringOutage = new Map<string, number>();
        const probe = async (what: string, call: () => Promise<{ status: number }>) => {
          const { status } = await call();
          const key = `${what} ${status}`;
          duringOutage.set(key, (duringOutage.get(key) ?? 0) + 1);
        };
        let crashedAt = -1;
        let progress = 0;
        let givenBeforeOutage = 0;
        let givenDuringOutage = 0;
        let queuedWhenCrashed = 0;
        const donations = await stack.donateMany(campaignIds, DONATIONS, {
          prefix: 'redis',
          onProgress: async (done) => {
            progress = done;
            if (done !== Math.round(DONATIONS / 3)) return;
            crashedAt = await stack.sentReceipts();
            queuedWhenCrashed = await stack.count(`SELECT count(*) AS n FROM outbox WHERE completed_at IS NULL`);
            await redis.shutdownNoSave();
            // While Redis is away the other donors go on giving (a failure would end the run); readiness must say
            // Redis is down, and a login (rate-limited in Redis) must not fail with a 500.
            const outageEnds = Date.now() + DOWN_MS;
            givenBeforeOutage = done;
            while (Date.now() < outageEnds) {
              await probe('GET /health/ready', () => stack.request('GET', '/health/ready'));
              await probe('POST /api/auth/login', () => stack.request('POST', '/api/auth/login', { body: { email: 'nobody@test.kizuna', password: 'wrong-password-123' } }));
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            givenDuringOutage = progress - givenBeforeOutage;
            await redis.restartEmpty();
          },
        });
        await stack.settle(donations.length);
        const { checks, found } = await checkInvariants(stack, { campaignIds });

        // Repeatable jobs (the worker heartbeat, the Stripe sync) live in Redis too: they must come back without a worker restart.
        const schedules = await waitUntil(
          'the job schedules to be back in Redis',
          async () => {
            const names = await schedulesIn(redis.url, stack.env.REDIS_PREFIX);
            return names.length >= 2 ? names : undefined;
          },
          20_000,
        ).catch(async () => schedulesIn(redis.url, stack.env.REDIS_PREFIX));
        const outageStatuses = [...duringOutage].sort();
        const outageList = outageStatuses.map(([k, n]) => `${k}×${n}`).join(', ');
        const extra: Check[] = [
          {
            name: 'schedules restored',
            ok: schedules.includes('worker-heartbeat') && schedules.includes('stripe-sync'),
            detail: `schedulers in Redis: ${schedules.join(', ') || 'none'}`,
          },
          // Readiness must say Redis is down; a login (its rate limit is in Redis) may fail, but as 503, never as a 500.
          {
            name: 'Redis down is a 503',
            ok: outageStatuses.every(([k]) => (k.startsWith('GET /health/ready') ? k.endsWith(' 503') : !/ 5\d\d$/.test(k) || k.endsWith(' 503'))),
            detail: outageList,
          },
        ];
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations; after ${Math.round(DONATIONS / 3)} (${crashedAt} receipts sent, ${queuedWhenCrashed} outbox rows unfinished) Redis shut down without saving, down ${DOWN_MS / 1000} s, restarted empty on the same port; ${givenDuringOutage} donations made meanwhile`,
            found: `${found.events} events, ${found.storedEvents} stored; ${found.receipts} receipts, ${found.resends} resends; during the outage: ${outageList}; schedulers after: ${schedules.join(', ') || 'none'}`,
          },
          [...checks, ...extra],
          startedAt,
        );
      }),
    600_000,
  );
});

async function schedulesIn(url: string, prefix: string): Promise<string[]> {
  const connection = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const names: string[] = [];
    for (const queue of ['maintenance', 'stripe-sync']) {
      const q = new Queue(queue, { connection, prefix });
      names.push(...(await q.getJobSchedulers()).map((s) => s.key));
      await q.close();
    }
    return names;
  } finally {
    connection.disconnect();
  }
}
