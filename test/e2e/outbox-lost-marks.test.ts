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
