import { QueueProducer } from '../../src/queue/queue-producer.service.js';
import { QueueName } from '../../src/queue/queue.registry.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

describe('an outbox row whose job completed but whose mark was lost', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { OUTBOX_REENQUEUE_AFTER_MS: '1000' } });
  });
  afterAll(() => stack.close());

  // The worker marks finished rows in batches; a worker killed after BullMQ completed a job but before its batch was
  // written leaves the row unfinished while Redis holds the job as completed, so enqueuing it again is a no-op.
  it('is marked finished by the relay, without running the job again', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    const { donationId } = await give(stack, campaignId, { amount: 1000, currency: 'jpy', email: 'lost-mark@example.jp' });
    const receiptRow = async () => (await stack.app.sql(`SELECT id, completed_at FROM outbox WHERE job_name = 'receipts.issue' AND payload->>'donationId' = $1`, [donationId]))[0];
    await waitUntil('the receipt job finished', async () => (await receiptRow())?.completed_at);

    // As if the mark had been lost in a crash.
    await stack.app.sql(`UPDATE outbox SET completed_at = NULL WHERE id = $1`, [(await receiptRow()).id]);
    await waitUntil('the row finished again', async () => (await receiptRow()).completed_at, 15_000);
    expect(stack.mail.messages().filter((m) => m.messageId === `<receipt.${donationId}@test.kizuna>`)).toHaveLength(1);
  }, 30_000);
});

describe('an outbox row whose job BullMQ failed for good', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { OUTBOX_REENQUEUE_AFTER_MS: '1000' } });
  });
  afterAll(() => stack.close());

  // A job that stalled more often than allowed (a worker killed on it again and again) ends in BullMQ's failed set
  // without its attempts spent; enqueuing it again is a no-op, so the row must be finished as failed, not left pending.
  it("is marked failed by the relay, with BullMQ's reason", async () => {
    // Redis first: a row the relay saw before its job was in the failed set would be enqueued again.
    const [{ id }] = await stack.app.sql(`SELECT nextval(pg_get_serial_sequence('outbox', 'id'))::text AS id`);
    const producer = stack.worker.get(QueueProducer);
    const prefix = `${stack.app.config.REDIS_PREFIX}:${QueueName.Receipts}`;
    // What BullMQ leaves in Redis for such a job: its hash with the reason, and its id in the queue's failed set.
    await producer.connection.hset(`${prefix}:outbox-${id}`, {
      name: 'receipts.issue',
      data: '{}',
      opts: '{}',
      timestamp: String(Date.now()),
      failedReason: 'job stalled more than allowable limit',
    });
    await producer.connection.zadd(`${prefix}:failed`, Date.now(), `outbox-${id}`);
    await stack.app.sql(
      `INSERT INTO outbox (id, job_name, payload, enqueued_at) VALUES ($1, 'receipts.issue', '{"donationId":"00000000-0000-0000-0000-000000000000"}', now() - interval '1 minute')`,
      [id],
    );
    const row = async () => (await stack.app.sql(`SELECT completed_at, failed_at, last_error FROM outbox WHERE id = $1`, [id]))[0];
    await waitUntil('the row marked failed', async () => (await row()).failed_at, 15_000);
    expect(await row()).toMatchObject({ completed_at: null, last_error: 'job stalled more than allowable limit' });
    expect(await producer.queue(QueueName.Receipts).getJobState(`outbox-${id}`)).toBe('failed');
  }, 30_000);
});
