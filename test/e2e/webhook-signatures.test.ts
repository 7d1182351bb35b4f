import Stripe from 'stripe';
import { Stack, activeCampaign, startStack } from '../support/stack.js';

const AMOUNT = 3000;

/**
 * A real pending donation, and the `payment_intent.succeeded` event Stripe (the emulator) made when its card was
 * charged, kept back: the test delivers that event itself, forged, stale or altered, then properly signed.
 */
describe('webhook signature checks', () => {
  let stack: Stack;
  let coordinator: string;
  let campaignId: string;
  let donationId: string;
  let payload: string;
  const stripe = new Stripe('sk_test_unused');

  beforeAll(async () => {
    stack = await startStack({ withoutWorker: true });
    // The emulator keeps its events instead of delivering them.
    stack.emulator.setWebhookUrl(undefined);
    coordinator = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 1_000_000 });
    const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { amount: AMOUNT, currency: 'jpy', email: 'signed@example.jp' } });
    expect(created.status).toBe(201);
    donationId = created.body.donationId;
    await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await stack.settled();
    const succeeded = stack.emulator.events().find((e) => e.type === 'payment_intent.succeeded' && (e.data.object as { id: string }).id === created.body.paymentIntentId);
    expect(succeeded).toBeDefined();
    // As Stripe posts it: pretty-printed, and verified on these exact bytes.
    payload = JSON.stringify(succeeded, null, 2);
    expect(payload).toContain(`"donation_id": "${donationId}"`);
  });
  afterAll(() => stack.close());

  const post = (body: string, signature?: string) =>
    stack.app.request('POST', '/api/webhooks/stripe', { rawBody: body, headers: { 'content-type': 'application/json', ...(signature && { 'stripe-signature': signature }) } });
  const sign = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
    stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? stack.app.config.STRIPE_WEBHOOK_SECRET, timestamp: options.timestamp });
  const count = async (table: string) => (await stack.app.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const donationStatus = async () => (await stack.app.request('GET', `/api/donations/${donationId}`, { token: coordinator })).body.status;
  const totals = async () => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;

  /** The event with a larger amount received, under the signature of the original. */
  const altered = () => {
    const body = payload.replace(`"amount_received": ${AMOUNT}`, `"amount_received": ${AMOUNT * 100}`);
    if (body === payload) throw new Error('the alteration changed nothing: the event has no amount_received');
    return body;
  };

  it('starts from a pending donation and nothing posted', async () => {
    expect(await donationStatus()).toBe('pending');
    expect(await count('ledger_transactions')).toBe(0);
    expect(await count('stripe_events')).toBe(0);
  });

  it.each([
    ['a forged signature (another secret)', () => payload, () => sign(payload, { secret: 'whsec_someone_else' })],
    ['a stale timestamp (10 minutes old)', () => payload, () => sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 })],
    ['a body changed after signing (a larger amount)', altered, () => sign(payload)],
    ['a missing signature', () => payload, () => undefined],
    ['a garbage body', () => 'not json at all', () => sign('not json at all')],
  ])('answers 400 to %s, and the donation stays pending with nothing posted', async (_, body, signature) => {
    const result = await post(body(), signature());
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/signature|Stripe-Signature|JSON/) });
    expect(await count('stripe_events')).toBe(0);
    expect(await count('ledger_transactions')).toBe(0);
    expect(await donationStatus()).toBe('pending');
    expect(await totals()).toMatchObject({ raisedAmount: 0, grossAmount: 0, donationCount: 0, donorCount: 0 });
  });

  it('posts the same event once it is correctly signed, and only once when delivered twice', async () => {
    const signature = sign(payload);
    expect((await post(payload, signature)).body).toEqual({ received: true, outcome: 'stored' });
    expect((await post(payload, signature)).body.outcome).toBe('duplicate');
    expect(await count('stripe_events')).toBe(1);
    await stack.app.inboxApplied();
    expect(await donationStatus()).toBe('succeeded');
    expect(await count('ledger_transactions')).toBe(1);
    expect(await totals()).toMatchObject({ raisedAmount: AMOUNT, grossAmount: AMOUNT, donationCount: 1, donorCount: 1 });
  });
});
