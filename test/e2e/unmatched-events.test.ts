import { type Stack, activeCampaign, give, startStack } from '../support/stack.js';

/**
 * A PaymentIntent made on the Stripe account outside Kizuna (a dashboard charge, another app, lost metadata):
 * Stripe's events about it must not vanish. Each one the webhook acknowledged is in finance's list of unmatched
 * events, recorded in the transaction that stored the event.
 */
describe('Stripe events about donations Kizuna does not know', () => {
  let stack: Stack;
  let finance: string;
  let foreignIntent: string;
  beforeAll(async () => {
    stack = await startStack({ withoutWorker: true });
    finance = await stack.app.staffToken('finance');
    const intent = await stack.stripe.paymentIntents.create({
      amount: 7300,
      currency: 'jpy',
      payment_method: 'pm_card_visa',
      confirm: true,
      metadata: { note: 'made in the dashboard' },
    });
    foreignIntent = intent.id;
    await stack.stripe.refunds.create({ payment_intent: intent.id, amount: 2000 });
    // One of Kizuna's own, which must not show up.
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    await give(stack, campaignId, { amount: 5000, currency: 'jpy' });
    await stack.settled();
  });
  afterAll(() => stack.close());

  it('lists for finance every acknowledged event about the foreign PaymentIntent, with its money', async () => {
    const aboutForeign = stack.emulator
      .events()
      .filter((e) => ['payment_intent.succeeded', 'refund.created', 'charge.refunded'].includes(e.type))
      .filter((e) => JSON.stringify(e.data.object).includes(foreignIntent));
    expect(aboutForeign.map((e) => e.type).sort()).toEqual(['charge.refunded', 'payment_intent.succeeded', 'refund.created']);
    // The emulator got a 2xx for each, so each must already be recorded.
    expect(aboutForeign.every((e) => e.pending_webhooks === 0)).toBe(true);

    const listed = await stack.app.request('GET', '/api/finance/unmatched-events', { token: finance });
    expect(listed.status).toBe(200);
    expect(listed.body.map((e: { eventId: string }) => e.eventId).sort()).toEqual(aboutForeign.map((e) => e.id).sort());
    const succeeded = listed.body.find((e: { type: string }) => e.type === 'payment_intent.succeeded');
    expect(succeeded).toMatchObject({ stripeObjectId: foreignIntent, paymentIntentId: foreignIntent, amount: 7300, currency: 'jpy', donationRef: null });
    expect(succeeded.reason).toContain(foreignIntent);
    const refund = listed.body.find((e: { type: string }) => e.type === 'refund.created');
    expect(refund).toMatchObject({ paymentIntentId: foreignIntent, amount: 2000, currency: 'jpy' });
    expect(refund.chargeId).toMatch(/^ch_/);
  });

  it('posts nothing for them', async () => {
    const [row] = await stack.app.sql(
      `SELECT count(*)::int AS n FROM ledger_transactions t JOIN stripe_events e ON e.payload::jsonb #>> '{data,object,id}' = t.stripe_object_id WHERE e.unmatched_reason IS NOT NULL`,
    );
    expect(row.n).toBe(0);
  });

  it('is for finance and admins only', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    expect((await stack.app.request('GET', '/api/finance/unmatched-events', { token: coordinator })).status).toBe(403);
    expect((await stack.app.request('GET', '/api/finance/unmatched-events')).status).toBe(401);
    expect((await stack.app.request('GET', '/api/finance/unmatched-events', { token: await stack.app.staffToken('admin') })).status).toBe(200);
  });

  it('has a section on the finance page', async () => {
    const page = await stack.app.request('GET', '/staff/finance', { headers: { 'accept-language': 'en' } });
    expect(page.text).toContain('Unmatched Stripe events');
    expect(page.text).toContain('id="unmatched"');
  });
});
