import type Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { expandedTransaction, paidIntent, sdkFor, startEmulator } from './support.js';

describe('settlement in the account currency', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeEach(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
    emulator.setExchangeRates({ usd: 150 });
  });
  afterEach(() => emulator.close());

  const refundTransaction = async (refund: Stripe.Refund) => stripe.balanceTransactions.retrieve(refund.balance_transaction as string);

  it('converts each refund at the rate of the day it is made, not the rate of its charge', async () => {
    const intent = await paidIntent(stripe, 10_000, 'usd', 'pm_card_bypassPending');
    expect(expandedTransaction(intent)).toMatchObject({ amount: 15_000, exchange_rate: 150 });

    emulator.setExchangeRates({ usd: 140 });
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 4000 });
    expect(first).toMatchObject({ amount: 4000, currency: 'usd' });
    expect(await refundTransaction(first)).toMatchObject({ type: 'refund', amount: -5600, currency: 'jpy', exchange_rate: 140, fee: 0, net: -5600 });

    emulator.setExchangeRates({ usd: 160 });
    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(await refundTransaction(rest)).toMatchObject({ amount: -9600, exchange_rate: 160 });

    // The charge keeps its own rate; the balance moved by what each event was worth on its day.
    expect(await stripe.balanceTransactions.retrieve(expandedTransaction(intent).id)).toMatchObject({ amount: 15_000, exchange_rate: 150 });
    const balance = await stripe.balance.retrieve();
    expect(balance.available).toEqual([{ amount: 15_000 - 840 - 5600 - 9600, currency: 'jpy', source_types: { card: -1040 } }]);
  });

  it('reinstates a won dispute at the rate of the day it is won', async () => {
    const intent = await paidIntent(stripe, 5000, 'usd', 'pm_card_createDispute');
    const [dispute] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
    expect(dispute.balance_transactions[0]).toMatchObject({ amount: -7500, exchange_rate: 150 });

    emulator.setExchangeRates({ usd: 155 });
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await emulator.idle();
    const won = await stripe.disputes.retrieve(dispute.id);
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((transaction) => [transaction.reporting_category, transaction.amount, transaction.exchange_rate])).toEqual([
      ['dispute', -7500, 150],
      ['dispute_reversal', 7750, 155],
    ]);
  });

  it('keeps the balance only in the settlement currency, whatever the currencies given in', async () => {
    await paidIntent(stripe, 2000, 'usd', 'pm_card_bypassPending');
    await paidIntent(stripe, 1000, 'eur');
    await paidIntent(stripe, 3000, 'jpy');
    const balance = await stripe.balance.retrieve();
    expect(balance.available.map((entry) => entry.currency)).toEqual(['jpy']);
    expect(balance.pending.map((entry) => entry.currency)).toEqual(['jpy']);
    const transactions = await stripe.balanceTransactions.list();
    expect(new Set(transactions.data.map((transaction) => transaction.currency))).toEqual(new Set(['jpy']));
    await expect(stripe.payouts.create({ amount: 100, currency: 'usd' })).rejects.toMatchObject({ code: 'balance_insufficient' });
  });

  it('takes exchange rates over HTTP, as JSON or as a form, and refuses nonsense', async () => {
    const post = (body: string, contentType: string) => fetch(`${emulator.url}/_emulator/fx`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
    const json = await post(JSON.stringify({ usd: 151.5 }), 'application/json');
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ jpy: 1, usd: 151.5 });
    expect((await post('eur=170&gbp=200', 'application/x-www-form-urlencoded')).status).toBe(200);

    expect(expandedTransaction(await paidIntent(stripe, 1000, 'usd'))).toMatchObject({ amount: 1515, exchange_rate: 151.5 });
    expect(expandedTransaction(await paidIntent(stripe, 1000, 'eur'))).toMatchObject({ amount: 1700, exchange_rate: 170 });

    expect((await post(JSON.stringify({ usd: -1 }), 'application/json')).status).toBe(400);
    expect((await post(JSON.stringify({ xyz: 2 }), 'application/json')).status).toBe(400);
  });
});
