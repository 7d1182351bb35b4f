import Stripe from 'stripe';
import { rawRequest, sdkFor, startEmulator } from './support.js';

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and parameters, and refuses other parameters', async () => {
    const emulator = await startEmulator();
    try {
      const params = { amount: 2500, currency: 'usd', metadata: { donation_id: 'd-7' } };
      const first = await rawRequest(emulator, 'POST', '/v1/payment_intents', params, { 'Idempotency-Key': 'donation-d-7' });
      const again = await rawRequest(emulator, 'POST', '/v1/payment_intents', params, { 'Idempotency-Key': 'donation-d-7' });
      expect(first.status).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('request-id')).toMatch(/^req_/);
      expect(again.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
      expect(again.headers.get('original-request')).toBe(first.headers.get('request-id'));
      expect(first.headers.get('original-request')).toBeNull();
      expect(emulator.events().filter((event) => event.type === 'payment_intent.created')).toHaveLength(1);

      const stripe = sdkFor(emulator);
      const error = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd' }, { idempotencyKey: 'donation-d-7' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect((error as Error).message).toMatch(/Keys for idempotent requests can only be used with the same parameters they were first used with/);
      await expect(stripe.refunds.create({ payment_intent: first.body.id }, { idempotencyKey: 'donation-d-7' })).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);

      // Keys belong to one API key; another key may use the same value.
      const otherKey = await rawRequest(emulator, 'POST', '/v1/payment_intents', params, { 'Idempotency-Key': 'donation-d-7', Authorization: 'Bearer sk_test_other' });
      expect(otherKey.body.id).not.toBe(first.body.id);
    } finally {
      await emulator.close();
    }
  });

  it('replays a card decline; calls without a key get fresh SDK keys', async () => {
    const emulator = await startEmulator();
    try {
      const stripe = sdkFor(emulator);
      const params = { amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true };
      const decline = () =>
        stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }).then(
          () => undefined,
          (error: Stripe.errors.StripeCardError) => error,
        );
      const first = await decline();
      const second = await decline();
      expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(second?.charge).toBe(first?.charge);
      expect((await stripe.charges.list()).data).toHaveLength(1);
      // The SDK adds its own key to every POST, a fresh one per call (kept across its retries), so two calls make two intents.
      const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
      const b = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
      expect(a.id).not.toBe(b.id);
    } finally {
      await emulator.close();
    }
  });
});

describe('rate limit', () => {
  it('answers a burst beyond the limit with 429 rate_limit in Stripe shape; /health is not limited', async () => {
    const emulator = await startEmulator({ rateLimit: 5 });
    try {
      const impatient = sdkFor(emulator, 0);
      const results = await Promise.allSettled([...Array(20).keys()].map(() => impatient.balance.retrieve()));
      const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason);
      expect(refused).toHaveLength(15);
      for (const error of refused) {
        expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
        expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit', rawType: 'invalid_request_error' });
      }
      const health = await Promise.all([...Array(10).keys()].map(() => fetch(`${emulator.url}/health`)));
      expect(health.every((response) => response.status === 200)).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it('lets an SDK with retries complete a burst: it backs off on 429 and retries', async () => {
    const emulator = await startEmulator({ rateLimit: 5 });
    try {
      const patient = sdkFor(emulator, 5);
      const intents = await Promise.all([...Array(20).keys()].map((i) => patient.paymentIntents.create({ amount: 1000 + i, currency: 'usd' })));
      expect(new Set(intents.map((intent) => intent.id)).size).toBe(20);
      expect(emulator.events()).toHaveLength(20);
    } finally {
      await emulator.close();
    }
  }, 30_000);
});

describe('authentication and requests', () => {
  it('requires a secret key and answers in Stripe error shape', async () => {
    const emulator = await startEmulator();
    try {
      const missing = await fetch(`${emulator.url}/v1/balance`);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as any).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/You did not provide an API key/) });
      const publishable = await rawRequest(emulator, 'GET', '/v1/balance', {}, { Authorization: 'Bearer pk_test_emulator' });
      expect(publishable.status).toBe(401);
      await expect(new Stripe('rk_bad', { host: '127.0.0.1', port: emulator.port, protocol: 'http' }).balance.retrieve()).rejects.toBeInstanceOf(
        Stripe.errors.StripeAuthenticationError,
      );
      const unknown = await rawRequest(emulator, 'GET', '/v1/invoices');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/Unrecognized request URL \(GET: \/v1\/invoices\)/);
      const unknownParam = await rawRequest(emulator, 'POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', colour: 'red' });
      expect(unknownParam.body.error).toMatchObject({ param: 'colour', message: 'Received unknown parameter: colour' });
      const badInteger = await rawRequest(emulator, 'POST', '/v1/payment_intents', { amount: '10.5', currency: 'usd' });
      expect(badInteger.body.error).toMatchObject({ param: 'amount', code: 'parameter_invalid_integer' });
    } finally {
      await emulator.close();
    }
  });

  it('lists newest first with cursors, filters by created, and expands', async () => {
    // Settled in usd so that the expanded fee reads as the usd rate (2.9% + 30¢).
    const emulator = await startEmulator({ settlementCurrency: 'usd' });
    try {
      const stripe = sdkFor(emulator);
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd' })).id);
      const newestFirst = [...created].reverse();
      const page = await stripe.paymentIntents.list({ limit: 2 });
      expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
      expect(page.data.map((intent) => intent.id)).toEqual(newestFirst.slice(0, 2));
      const next = await stripe.paymentIntents.list({ limit: 2, starting_after: page.data[1].id });
      expect(next.data.map((intent) => intent.id)).toEqual(newestFirst.slice(2, 4));
      const back = await stripe.paymentIntents.list({ limit: 2, ending_before: next.data[0].id });
      expect(back.data.map((intent) => intent.id)).toEqual(newestFirst.slice(0, 2));
      expect(back.has_more).toBe(false);
      const all: string[] = [];
      for await (const intent of stripe.paymentIntents.list({ limit: 2 })) all.push(intent.id);
      expect(all).toEqual(newestFirst);
      const now = Math.floor(Date.now() / 1000);
      expect((await stripe.paymentIntents.list({ created: { gte: now - 60 } })).data).toHaveLength(5);
      expect((await stripe.paymentIntents.list({ created: { gt: now + 60 } })).data).toHaveLength(0);
      await expect(stripe.paymentIntents.list({ limit: 101 })).rejects.toMatchObject({ param: 'limit' });
      const events = await stripe.events.list({ type: 'payment_intent.*', limit: 100 });
      expect(events.data).toHaveLength(5);
      expect((events.data[0].data.object as Stripe.PaymentIntent).id).toBe(newestFirst[0]);
      expect((await stripe.events.retrieve(events.data[0].id)).type).toBe('payment_intent.created');
      const paid = await stripe.paymentIntents.confirm(created[0], { payment_method: 'pm_card_visa', expand: ['latest_charge.balance_transaction', 'payment_method'] });
      expect(((paid.latest_charge as Stripe.Charge).balance_transaction as Stripe.BalanceTransaction).object).toBe('balance_transaction');
      expect((paid.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
      const listed = await stripe.charges.list({ expand: ['data.balance_transaction'] });
      expect((listed.data[0].balance_transaction as Stripe.BalanceTransaction).fee).toBe(59);
    } finally {
      await emulator.close();
    }
  });
});
