import type Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { sdkFor, startEmulator } from './support.js';

/** Japanese bank transfers through the customer balance, funded with the test helper as in Stripe's test mode. */
describe('bank transfers (jp_bank_transfer)', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
  });
  afterAll(() => emulator.close());

  function transferIntent(customer: string, amount: number) {
    return stripe.paymentIntents.create({
      amount,
      currency: 'jpy',
      customer,
      allowed_payment_method_types: ['customer_balance'],
      payment_method_data: { type: 'customer_balance' },
      payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'jp_bank_transfer' } } },
      confirm: true,
    });
  }

  function instructions(intent: Stripe.PaymentIntent) {
    return intent.next_action?.display_bank_transfer_instructions as Stripe.PaymentIntent.NextAction.DisplayBankTransferInstructions;
  }

  function eventTypesSince(count: number): string[] {
    return emulator
      .events()
      .slice(count)
      .map((event) => event.type);
  }

  it('shows a virtual Zengin account for the customer, the same for each of its PaymentIntents', async () => {
    const customer = await stripe.customers.create({ name: '山田 花子', email: 'hanako@example.jp' });
    expect(customer).toMatchObject({ object: 'customer', email: 'hanako@example.jp', balance: 0 });
    const first = await transferIntent(customer.id, 10_000);
    expect(first.status).toBe('requires_action');
    expect(first.payment_method_options?.customer_balance).toEqual({ funding_type: 'bank_transfer', bank_transfer: { type: 'jp_bank_transfer' } });
    const shown = instructions(first);
    expect(shown).toMatchObject({ type: 'jp_bank_transfer', amount_remaining: 10_000, currency: 'jpy' });
    const [address] = shown.financial_addresses ?? [];
    expect(address).toMatchObject({ type: 'zengin', supported_networks: ['zengin'] });
    expect(address.zengin).toMatchObject({
      bank_code: expect.stringMatching(/^\d{4}$/),
      branch_code: expect.stringMatching(/^\d{3}$/),
      account_number: expect.stringMatching(/^\d{7}$/),
      account_type: 'futsu',
      bank_name: expect.any(String),
      branch_name: expect.any(String),
      account_holder_name: expect.any(String),
    });
    const second = await transferIntent(customer.id, 3000);
    expect(instructions(second).financial_addresses?.[0].zengin).toEqual(address.zengin);
    const other = await stripe.customers.create({ name: 'Taro' });
    expect(instructions(await transferIntent(other.id, 3000)).financial_addresses?.[0].zengin?.account_number).not.toBe(address.zengin?.account_number);
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, name: '山田 花子' });
  });

  it('applies a partial transfer, then the rest; the overpayment stays in the cash balance', async () => {
    const customer = await stripe.customers.create({ name: 'Ken' });
    const intent = await transferIntent(customer.id, 10_000);
    const before = emulator.events().length;

    const funded = await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 4000, currency: 'jpy', reference: 'REF-1' });
    expect(funded).toMatchObject({ object: 'customer_cash_balance_transaction', type: 'funded', net_amount: 4000, ending_balance: 4000, customer: customer.id });
    expect(funded.funded?.bank_transfer).toMatchObject({ type: 'jp_bank_transfer', reference: 'REF-1' });
    const partial = await stripe.paymentIntents.retrieve(intent.id);
    expect(partial.status).toBe('requires_action');
    expect(instructions(partial).amount_remaining).toBe(6000);
    expect(eventTypesSince(before)).toEqual(['customer_cash_balance_transaction.created', 'customer_cash_balance_transaction.created', 'payment_intent.partially_funded']);

    const middle = emulator.events().length;
    await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 7500, currency: 'jpy' });
    const paid = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge.balance_transaction'] });
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 10_000, next_action: null });
    const charge = paid.latest_charge as Stripe.Charge;
    expect(charge.payment_method_details).toEqual({ type: 'customer_balance', customer_balance: {} });
    // 1.5% of ¥10,000 = ¥150.
    expect(charge.balance_transaction).toMatchObject({ type: 'charge', amount: 10_000, fee: 150, net: 9850, status: 'pending' });
    expect(eventTypesSince(middle)).toEqual([
      'customer_cash_balance_transaction.created',
      'customer_cash_balance_transaction.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'cash_balance.funds_available',
    ]);

    const cashBalance = await stripe.customers.retrieveCashBalance(customer.id);
    expect(cashBalance).toMatchObject({ object: 'cash_balance', available: { jpy: 1500 }, settings: { reconciliation_mode: 'automatic', using_merchant_default: true } });
    const transactions = await stripe.customers.listCashBalanceTransactions(customer.id);
    expect(transactions.data.map((transaction) => [transaction.type, transaction.net_amount, transaction.ending_balance])).toEqual([
      ['applied_to_payment', -6000, 1500],
      ['funded', 7500, 7500],
      ['applied_to_payment', -4000, 0],
      ['funded', 4000, 4000],
    ]);
    expect(transactions.data[0].applied_to_payment?.payment_intent).toBe(intent.id);
    expect(await stripe.customers.retrieveCashBalanceTransaction(customer.id, funded.id)).toMatchObject({ id: funded.id });
  });

  it('a customer with money in its cash balance pays a new PaymentIntent at once', async () => {
    const customer = await stripe.customers.create({ name: 'Yuki' });
    await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 5000, currency: 'jpy' });
    const intent = await transferIntent(customer.id, 5000);
    expect(intent.status).toBe('succeeded');
  });

  it('caps the bank-transfer fee at ¥1,500', async () => {
    const customer = await stripe.customers.create({ name: 'Big donor' });
    const intent = await transferIntent(customer.id, 1_000_000);
    await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 1_000_000, currency: 'jpy' });
    const paid = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge.balance_transaction'] });
    expect((paid.latest_charge as Stripe.Charge).balance_transaction).toMatchObject({ amount: 1_000_000, fee: 1500, net: 998_500 });
  });

  it("a refund of a bank transfer goes back to the customer's cash balance", async () => {
    const customer = await stripe.customers.create({ name: 'Refunded' });
    const intent = await transferIntent(customer.id, 3000);
    await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 3000, currency: 'jpy' });
    const before = emulator.events().length;
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000 });
    expect(refund.destination_details).toEqual({ type: 'customer_cash_balance', customer_cash_balance: {} });
    expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 1000 } });
    const [latest] = (await stripe.customers.listCashBalanceTransactions(customer.id)).data;
    expect(latest).toMatchObject({ type: 'refunded_from_payment', net_amount: 1000, refunded_from_payment: { refund: refund.id } });
    expect(eventTypesSince(before)).toEqual(['refund.created', 'charge.refunded', 'customer_cash_balance_transaction.created', 'cash_balance.funds_available']);
  });

  it('in manual reconciliation the money waits in the cash balance', async () => {
    const customer = await stripe.customers.create({ name: 'Manual', cash_balance: { settings: { reconciliation_mode: 'manual' } } });
    const intent = await transferIntent(customer.id, 2000);
    await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 2000, currency: 'jpy' });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_action');
    expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({
      available: { jpy: 2000 },
      settings: { reconciliation_mode: 'manual', using_merchant_default: false },
    });
  });

  it('refuses a bank transfer without a customer, and funding in another currency', async () => {
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'jpy',
        allowed_payment_method_types: ['customer_balance'],
        payment_method_data: { type: 'customer_balance' },
        confirm: true,
      }),
    ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'customer' });
    const customer = await stripe.customers.create({});
    await expect(stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 1000, currency: 'usd' })).rejects.toMatchObject({ param: 'currency' });
  });
});
