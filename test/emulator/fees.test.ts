import type Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { expandedTransaction, paidIntent, sdkFor, startEmulator } from './support.js';

describe('fees on balance transactions', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
  });
  afterAll(() => emulator.close());

  it('charges 2.9% + 30¢ on a $25.00 usd charge: fee 103, net 2397', async () => {
    const transaction = expandedTransaction(await paidIntent(stripe, 2500, 'usd'));
    expect(transaction).toMatchObject({ type: 'charge', reporting_category: 'charge', amount: 2500, fee: 103, net: 2397, currency: 'usd', status: 'available' });
    expect(transaction.fee_details).toEqual([{ type: 'stripe_fee', amount: 103, currency: 'usd', description: 'Stripe processing fees', application: null }]);
    expect(transaction.available_on).toBeGreaterThanOrEqual(transaction.created);
  });

  it('charges 3.6% on a ¥5,000 jpy charge: fee 180', async () => {
    const transaction = expandedTransaction(await paidIntent(stripe, 5000, 'jpy'));
    expect(transaction).toMatchObject({ amount: 5000, fee: 180, net: 4820, currency: 'jpy' });
  });

  it('uses the European rates for eur and gbp', async () => {
    expect(expandedTransaction(await paidIntent(stripe, 1000, 'eur'))).toMatchObject({ fee: 40, net: 960 });
    expect(expandedTransaction(await paidIntent(stripe, 1000, 'gbp'))).toMatchObject({ fee: 35, net: 965 });
  });

  it('adds the dispute fee to the dispute balance transaction', async () => {
    const usd = await paidIntent(stripe, 2500, 'usd', 'pm_card_createDispute');
    const jpy = await paidIntent(stripe, 5000, 'jpy', 'pm_card_createDispute');
    const [usdDispute] = (await stripe.disputes.list({ payment_intent: usd.id })).data;
    const [jpyDispute] = (await stripe.disputes.list({ payment_intent: jpy.id })).data;
    const usdTransaction = await stripe.balanceTransactions.retrieve(usdDispute.balance_transactions[0].id);
    expect(usdTransaction).toMatchObject({ type: 'adjustment', reporting_category: 'dispute', source: usdDispute.id, amount: -2500, fee: 1500, net: -4000 });
    expect(usdTransaction.fee_details).toEqual([{ type: 'stripe_fee', amount: 1500, currency: 'usd', description: 'Dispute fee', application: null }]);
    expect(jpyDispute.balance_transactions[0]).toMatchObject({ amount: -5000, fee: 1500, net: -6500, currency: 'jpy' });
    expect(expandedTransaction(usd).fee).toBe(103);
  });
});
