import { QueueEvents } from 'bullmq';
import { QueueProducer } from '../../src/queue/queue-producer.service.js';
import { JobName, QueueName } from '../../src/queue/queue.registry.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';

describe('balance-transaction sync', () => {
  let stack: Stack;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  it('runs as a worker job and posts the fee', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    await give(stack, campaignId, { amount: 10_000, currency: 'jpy' });
    await stack.settled();
    const producer = stack.worker.get(QueueProducer);
    const events = new QueueEvents(QueueName.StripeSync, { connection: { url: stack.app.config.REDIS_URL }, prefix: stack.app.config.REDIS_PREFIX });
    try {
      const job = await producer.enqueue(JobName.SyncBalanceTransactions, { reason: 'test' });
      await job.waitUntilFinished(events, 30_000);
    } finally {
      await events.close();
    }
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
    expect(totals).toMatchObject({ grossAmount: 10_000, feeAmount: 360, netAmount: 9_640 });
  });

  it('pages through more than 100 transactions, resumes from its cursor, and posts each fee once', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    // In waves of 23 donors: what is tested is the paging, not 230 requests at once against a pool of 20 on a busy machine.
    for (let wave = 0; wave < 10; wave += 1) {
      await Promise.all(Array.from({ length: 23 }, () => give(stack, campaignId, { amount: 1000, currency: 'jpy' })));
    }
    await stack.settled();
    const first = await stack.sync();
    expect(first.fetched).toBeGreaterThanOrEqual(230);
    // The worker's own schedule syncs every minute and may post some of these meanwhile on a slow machine: whichever
    // sync posts a fee, it is posted once (the totals below).
    expect(first.feesPosted).toBeGreaterThan(0);
    const again = await stack.sync();
    expect(again.feesPosted).toBe(0);
    expect(again.fetched).toBeLessThan(first.fetched);
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
    expect(totals.feeAmount).toBe(230 * 36); // 3.6% of ¥1,000
    // Each charge mirrored once, however many pages and runs it took.
    const [{ n }] = await stack.app.sql(`SELECT count(*)::int AS n FROM stripe_balance_transactions WHERE type = 'charge' AND amount = 1000`);
    expect(n).toBe(230);
  }, 120_000);
});
