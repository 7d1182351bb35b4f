import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startRedis, type RunningService } from '../../tools/local/infra.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

// The relay's periodic re-check (OUTBOX_REENQUEUE_AFTER_MS) keeps its default of 5 minutes: recovery here must come
// from noticing the emptied Redis, and from the sweep a restarted worker makes.
const FAST_RECOVERY = { QUEUE_LOCK_MS: '3000' };

async function sentReceipts(stack: Stack): Promise<number> {
  return (await stack.app.sql(`SELECT count(*)::int AS n FROM receipts WHERE sent_at IS NOT NULL`))[0].n;
}

async function unfinishedOutboxRows(stack: Stack): Promise<number> {
  return (await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL`))[0].n;
}

/** Gives `count` donations in waves of 25 concurrent donors. */
async function donate(stack: Stack, campaignId: string, count: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 25) {
    const wave = Array.from({ length: Math.min(25, count - start) }, (_, i) =>
      give(stack, campaignId, { amount: 1000, currency: 'jpy', email: `${prefix}-${start + i}@example.jp` }),
    );
    ids.push(...(await Promise.all(wave)).map((g) => g.donationId));
  }
  return ids;
}

function expectOneReceiptEach(stack: Stack, donationIds: string[]): void {
  const receipts = stack.mail.messages().filter((m) => m.messageId.startsWith('<receipt.'));
  expect(new Set(receipts.map((m) => m.messageId))).toEqual(new Set(donationIds.map((id) => `<receipt.${id}@test.kizuna>`)));
}

describe('the outbox when Redis loses everything', () => {
  let redis: RunningService;
  let stack: Stack;
  beforeAll(async () => {
    // A Redis of its own: FLUSHALL must not touch the other test files' queues.
    redis = await startRedis({ dataDir: mkdtempSync(join(tmpdir(), 'kizuna-redis-')), port: await freePort(), persist: false });
    stack = await startStack({ env: { ...FAST_RECOVERY, REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  it('FLUSHALL in the middle of 500 donations → 500 receipts, none twice', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 99_999_999 });
    const first = await donate(stack, campaignId, 250, 'flush-a');
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
    const second = await donate(stack, campaignId, 250, 'flush-b');
    await stack.settled();
    await waitUntil('500 receipts sent', async () => (await sentReceipts(stack)) >= 500, 120_000);
    await waitUntil('every outbox row finished', async () => (await unfinishedOutboxRows(stack)) === 0, 60_000);
    expect(stack.mail.messages().filter((m) => m.messageId.startsWith('<receipt.'))).toHaveLength(500);
    expectOneReceiptEach(stack, [...first, ...second]);
  }, 240_000);
});

describe('the worker process killed with SIGKILL', () => {
  let stack: Stack;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    stack = await startStack({ env: FAST_RECOVERY, withoutWorker: true });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await stack.close();
  });

  const startWorker = () => spawn(process.execPath, ['dist/src/worker.js'], { env: { PATH: process.env.PATH, ...stack.app.env }, stdio: 'ignore' });

  it('loses nothing: after a restart every donation has its receipt', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 99_999_999 });
    worker = startWorker();
    const donating = donate(stack, campaignId, 300, 'kill');
    await waitUntil('some receipts', async () => (await sentReceipts(stack)) >= 60, 60_000);
    worker.kill('SIGKILL');
    const ids = await donating;
    await stack.settled();
    const beforeRestart = await sentReceipts(stack);
    expect(beforeRestart).toBeLessThan(300);
    worker = startWorker();
    await waitUntil('300 receipts sent', async () => (await sentReceipts(stack)) >= 300, 120_000);
    // Rows whose marks the kill lost are finished by the restarted worker's sweep, not minutes later.
    await waitUntil('every outbox row finished', async () => (await unfinishedOutboxRows(stack)) === 0, 60_000);
    expectOneReceiptEach(stack, ids);
    // A receipt mailed in the instant before the kill, but not yet marked sent, is mailed again with the same Message-ID.
    expect(stack.mail.messages().filter((m) => m.messageId.startsWith('<receipt.')).length).toBeLessThanOrEqual(300 + 16);
  }, 240_000);
});
