import Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { expandedCharge, paidIntent, rawRequest, sdkFor, startEmulator } from './support.js';

/** What changes with the API version the SDK pins (it sends it as `Stripe-Version` with every request). */
describe('the API version the SDK pins', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
  });

  afterAll(() => emulator.close());

  /** A parameter the SDK's types no longer have, sent as an older integration would. */
  const withRemovedTypes = <T extends object>(params: T) => ({ ...params, payment_method_types: ['card'] }) as T;

  it('refuses payment_method_types on create, update and confirm, as Stripe does since 2026-09-30', async () => {
    const refused = { statusCode: 400, type: 'StripeInvalidRequestError', code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' };
    await expect(stripe.paymentIntents.create(withRemovedTypes({ amount: 1000, currency: 'usd' }))).rejects.toMatchObject(refused);
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await expect(stripe.paymentIntents.update(intent.id, withRemovedTypes({ description: 'x' }))).rejects.toMatchObject(refused);
    await expect(stripe.paymentIntents.confirm(intent.id, withRemovedTypes({ payment_method: 'pm_card_visa' }))).rejects.toMatchObject(refused);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('still takes payment_method_types from a request without Stripe-Version (the account default, as the Stripe CLI sends)', async () => {
    const created = await rawRequest(emulator, 'POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method_types: ['card'] });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ payment_method_types: ['card'], automatic_payment_methods: null, allowed_payment_method_types: null });
  });

  it('takes allowed_payment_method_types and keeps the types it can use in payment_method_types', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'jpy', allowed_payment_method_types: ['card', 'paypal'] });
    expect(intent).toMatchObject({ allowed_payment_method_types: ['card', 'paypal'], payment_method_types: ['card'], automatic_payment_methods: null });
    const paid = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('succeeded');
    await expect(
      stripe.paymentIntents.create({ amount: 1500, currency: 'jpy', allowed_payment_method_types: ['card'], automatic_payment_methods: { enabled: true } }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'allowed_payment_method_types' });
  });

  it('turns on dynamic payment methods when no types are given', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(intent).toMatchObject({ allowed_payment_method_types: null, payment_method_types: ['card'], automatic_payment_methods: { enabled: true } });
  });

  it('answers with the version of the request', async () => {
    const response = await fetch(`${emulator.url}/v1/balance`, { headers: { Authorization: 'Bearer sk_test_emulator', 'Stripe-Version': Stripe.API_VERSION } });
    expect(response.headers.get('stripe-version')).toBe(Stripe.API_VERSION);
    expect((await rawRequest(emulator, 'GET', '/v1/balance')).headers.get('stripe-version')).toBe('2026-07-29.dahlia');
  });

  it('leaves a charge without its refunds unless they are expanded', async () => {
    const intent = await paidIntent(stripe, 3000, 'usd');
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
    const charge = await stripe.charges.retrieve(expandedCharge(intent).id);
    expect(charge.refunds).toBeUndefined();
    const expanded = await stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
    expect(expanded.refunds).toMatchObject({ object: 'list', has_more: false, url: `/v1/charges/${charge.id}/refunds`, data: [{ id: refund.id, amount: 500 }] });
    const refunded = emulator.events().find((event) => event.type === 'charge.refunded' && (event.data.object as Stripe.Charge).id === charge.id);
    expect(refunded?.data.object).not.toHaveProperty('refunds');
  });

  it('returns shipping in Stripe shape, every address field present', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'jpy',
      shipping: { name: '山田 花子', address: { postal_code: '980-0811', city: '仙台市', country: 'JP' } },
    });
    expect(intent.shipping).toEqual({
      name: '山田 花子',
      address: { city: '仙台市', country: 'JP', line1: null, line2: null, postal_code: '980-0811', state: null },
      carrier: null,
      phone: null,
      tracking_number: null,
    });
    const missingName = await rawRequest(emulator, 'POST', '/v1/payment_intents', { amount: 1000, currency: 'jpy', shipping: { address: { city: '仙台市' } } });
    expect(missingName.body.error).toMatchObject({ param: 'shipping[name]', code: 'parameter_missing' });
  });

  it('records how dispute evidence was submitted', async () => {
    const intent = await paidIntent(stripe, 4000, 'usd', 'pm_card_createDispute');
    const [dispute] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
    expect(dispute).toMatchObject({ intended_submission_method: null, evidence_details: { submission_method: 'not_submitted' } });
    const submitted = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' }, intended_submission_method: 'manual' });
    expect(submitted).toMatchObject({ intended_submission_method: 'manual', evidence_details: { submission_method: 'manual' } });
    await expect(stripe.disputes.update(dispute.id, { intended_submission_method: 'by_pigeon' as 'manual' })).rejects.toMatchObject({ param: 'intended_submission_method' });
    await emulator.idle();
  });
});
