import type Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { expandedCharge, expandedTransaction, paidIntent, sdkFor, startEmulator } from './support.js';

describe('fees on a Japanese account (settles in jpy)', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
    emulator.setExchangeRates({ usd: 150.12 });
  });
  afterAll(() => emulator.close());

  it('converts a $25.00 gift into yen at the rate of the day, less 3.6% and the 2% conversion fee', async () => {
    const transaction = expandedTransaction(await paidIntent(stripe, 2500, 'usd'));
    // $25.00 × 150.12 = ¥3,753; 3.6% of it is ¥135, 2% is ¥75.
    expect(transaction).toMatchObject({ type: 'charge', amount: 3753, currency: 'jpy', exchange_rate: 150.12, fee: 210, net: 3543 });
    expect(transaction.fee_details).toEqual([
      { type: 'stripe_fee', amount: 135, currency: 'jpy', description: 'Stripe processing fees', application: null },
      { type: 'stripe_fee', amount: 75, currency: 'jpy', description: 'Stripe currency conversion fee', application: null },
    ]);
  });

  it('takes 3.6% of a ¥5,000 gift, with no conversion, from a Japanese or an American card alike', async () => {
    for (const card of ['pm_card_jp', 'pm_card_visa']) {
      const transaction = expandedTransaction(await paidIntent(stripe, 5000, 'jpy', card));
      expect(transaction).toMatchObject({ amount: 5000, currency: 'jpy', exchange_rate: null, fee: 180, net: 4820 });
      expect(transaction.fee_details.map((detail) => detail.description)).toEqual(['Stripe processing fees']);
    }
  });

  it('withdraws a disputed gift converted into yen, plus the ¥1,500 dispute fee', async () => {
    const usd = await paidIntent(stripe, 2500, 'usd', 'pm_card_createDispute');
    const jpy = await paidIntent(stripe, 5000, 'jpy', 'pm_card_createDispute');
    const [usdDispute] = (await stripe.disputes.list({ payment_intent: usd.id })).data;
    const [jpyDispute] = (await stripe.disputes.list({ payment_intent: jpy.id })).data;
    const usdTransaction = await stripe.balanceTransactions.retrieve(usdDispute.balance_transactions[0].id);
    expect(usdTransaction).toMatchObject({ type: 'adjustment', reporting_category: 'dispute', source: usdDispute.id, amount: -3753, currency: 'jpy', exchange_rate: 150.12 });
    expect(usdTransaction).toMatchObject({ fee: 1500, net: -5253 });
    expect(usdTransaction.fee_details).toEqual([{ type: 'stripe_fee', amount: 1500, currency: 'jpy', description: 'Dispute fee', application: null }]);
    expect(jpyDispute.balance_transactions[0]).toMatchObject({ amount: -5000, fee: 1500, net: -6500, currency: 'jpy' });
  });
});

describe('fees on an American account (settles in usd)', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator({ settlementCurrency: 'usd' });
    stripe = sdkFor(emulator);
    emulator.setExchangeRates({ usd: 150 });
  });
  afterAll(() => emulator.close());

  it('charges 2.9% + 30¢ on a domestic card (pm_card_visa is American): fee 103 on $25.00', async () => {
    const transaction = expandedTransaction(await paidIntent(stripe, 2500, 'usd'));
    expect(transaction).toMatchObject({ amount: 2500, currency: 'usd', exchange_rate: null, fee: 103, net: 2397 });
  });

  it('adds 1.5% for an international card (pm_card_jp): fee 140 on $25.00', async () => {
    const intent = await paidIntent(stripe, 2500, 'usd', 'pm_card_jp');
    expect(expandedCharge(intent).payment_method_details?.card?.country).toBe('JP');
    const transaction = expandedTransaction(intent);
    expect(transaction).toMatchObject({ amount: 2500, currency: 'usd', fee: 140, net: 2360 });
  });

  it('converts a ¥5,000 gift into dollars with the 1% conversion fee', async () => {
    const transaction = expandedTransaction(await paidIntent(stripe, 5000, 'jpy'));
    // ¥5,000 at ¥150 a dollar is $33.33; 2.9% + 30¢ is 127¢, 1% is 33¢.
    expect(transaction).toMatchObject({ amount: 3333, currency: 'usd', exchange_rate: 0.006666666667, fee: 160, net: 3173 });
    expect(transaction.fee_details.map((detail) => [detail.description, detail.amount])).toEqual([
      ['Stripe processing fees', 127],
      ['Stripe currency conversion fee', 33],
    ]);
  });
});
