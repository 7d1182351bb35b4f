import Stripe from 'stripe';
import { TestApp, startTestApp } from '../support/app.js';

const SECRET = 'whsec_signature_tests';

describe('webhook signature checks', () => {
  let app: TestApp;
  const stripe = new Stripe('sk_test_unused');
  beforeAll(async () => {
    app = await startTestApp({ STRIPE_WEBHOOK_SECRET: SECRET });
  });
  afterAll(() => app.close());

  const event = JSON.stringify({ id: 'evt_test_signature', object: 'event', type: 'payment_intent.succeeded', created: Math.floor(Date.now() / 1000), data: { object: { id: 'pi_x', object: 'payment_intent', metadata: {} } } });
  const post = (body: string, signature?: string) =>
    app.request('POST', '/api/webhooks/stripe', { rawBody: body, headers: { 'content-type': 'application/json', ...(signature && { 'stripe-signature': signature }) } });
  const stored = async () => (await app.sql('SELECT count(*)::int AS n FROM stripe_events'))[0].n;

  it('accepts a correctly signed event and stores it once, even when delivered twice', async () => {
    const signature = stripe.webhooks.generateTestHeaderString({ payload: event, secret: SECRET });
    expect((await post(event, signature)).body).toEqual({ received: true, outcome: 'applied' });
    expect((await post(event, signature)).body.outcome).toBe('duplicate');
    expect(await stored()).toBe(1);
  });

  it.each([
    ['a forged signature', () => stripe.webhooks.generateTestHeaderString({ payload: event.replace('evt_test_signature', 'evt_forged'), secret: 'whsec_someone_else' }), () => event.replace('evt_test_signature', 'evt_forged')],
    ['a stale timestamp', () => stripe.webhooks.generateTestHeaderString({ payload: event.replace('evt_test_signature', 'evt_stale'), secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 }), () => event.replace('evt_test_signature', 'evt_stale')],
    ['a garbage body', () => stripe.webhooks.generateTestHeaderString({ payload: 'not json at all', secret: SECRET }), () => 'not json at all'],
    ['a missing signature', () => undefined, () => event.replace('evt_test_signature', 'evt_unsigned')],
    ['a body changed after signing', () => stripe.webhooks.generateTestHeaderString({ payload: event, secret: SECRET }), () => event.replace('pi_x', 'pi_y')],
  ])('answers 400 to %s and stores nothing', async (_, signature, body) => {
    const before = await stored();
    const result = await post(body(), signature());
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/signature|Stripe-Signature|JSON/) });
    expect(await stored()).toBe(before);
    expect(await app.sql('SELECT count(*)::int AS n FROM ledger_transactions')).toEqual([{ n: 0 }]);
  });
});
