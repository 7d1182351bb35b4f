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

  describe('manual reconciliation: apply_customer_balance', () => {
    async function manualCustomer(name: string) {
      return stripe.customers.create({ name, email: `${name.toLowerCase()}@example.jp`, cash_balance: { settings: { reconciliation_mode: 'manual' } } });
    }

    it('applies the whole cash balance the PaymentIntent needs: it succeeds as in automatic reconciliation', async () => {
      const customer = await manualCustomer('Aoi');
      const intent = await transferIntent(customer.id, 2000);
      await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 2500, currency: 'jpy' });
      const before = emulator.events().length;
      const paid = await stripe.paymentIntents.applyCustomerBalance(intent.id, { expand: ['latest_charge.balance_transaction'] });
      expect(paid).toMatchObject({ id: intent.id, status: 'succeeded', amount_received: 2000, next_action: null });
      const charge = paid.latest_charge as Stripe.Charge;
      expect(charge.payment_method_details).toEqual({ type: 'customer_balance', customer_balance: {} });
      // 1.5% of ¥2,000 = ¥30, pending as for any bank transfer.
      expect(charge.balance_transaction).toMatchObject({ type: 'charge', amount: 2000, fee: 30, net: 1970, status: 'pending', source: charge.id });
      expect(eventTypesSince(before)).toEqual(['customer_cash_balance_transaction.created', 'charge.succeeded', 'payment_intent.succeeded']);
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 500 } });
      const [applied] = (await stripe.customers.listCashBalanceTransactions(customer.id)).data;
      expect(applied).toMatchObject({ type: 'applied_to_payment', net_amount: -2000, ending_balance: 500, applied_to_payment: { payment_intent: intent.id } });
    });

    it('applies what the cash balance holds when it is not enough, then an amount asked for, then the rest', async () => {
      const customer = await manualCustomer('Ren');
      const intent = await transferIntent(customer.id, 10_000);
      await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 4000, currency: 'jpy' });
      expect(instructions(await stripe.paymentIntents.retrieve(intent.id)).amount_remaining).toBe(10_000);

      const before = emulator.events().length;
      const partial = await stripe.paymentIntents.applyCustomerBalance(intent.id);
      expect(partial.status).toBe('requires_action');
      expect(instructions(partial)).toMatchObject({ amount_remaining: 6000, type: 'jp_bank_transfer' });
      expect(eventTypesSince(before)).toEqual(['customer_cash_balance_transaction.created', 'payment_intent.partially_funded']);
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: null });

      await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 10_000, currency: 'jpy' });
      const asked = await stripe.paymentIntents.applyCustomerBalance(intent.id, { amount: 2000, currency: 'jpy' });
      expect(instructions(asked).amount_remaining).toBe(4000);
      const paid = await stripe.paymentIntents.applyCustomerBalance(intent.id, { expand: ['latest_charge.balance_transaction'] });
      expect(paid).toMatchObject({ status: 'succeeded', amount_received: 10_000 });
      expect((paid.latest_charge as Stripe.Charge).balance_transaction).toMatchObject({ amount: 10_000, fee: 150, net: 9850 });
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 4000 } });
      const transactions = await stripe.customers.listCashBalanceTransactions(customer.id);
      expect(transactions.data.map((transaction) => [transaction.type, transaction.net_amount, transaction.ending_balance])).toEqual([
        ['applied_to_payment', -4000, 4000],
        ['applied_to_payment', -2000, 8000],
        ['funded', 10_000, 10_000],
        ['applied_to_payment', -4000, 0],
        ['funded', 4000, 4000],
      ]);
    });

    it('refuses, changing nothing, what Stripe refuses', async () => {
      const customer = await manualCustomer('Sora');
      const intent = await transferIntent(customer.id, 3000);
      await expect(stripe.paymentIntents.applyCustomerBalance(intent.id)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
      await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 5000, currency: 'jpy' });
      await expect(stripe.paymentIntents.applyCustomerBalance(intent.id, { amount: 3001 })).rejects.toMatchObject({ code: 'amount_too_large', param: 'amount' });
      await expect(stripe.paymentIntents.applyCustomerBalance(intent.id, { currency: 'usd' })).rejects.toMatchObject({ param: 'currency' });
      await expect(stripe.paymentIntents.applyCustomerBalance(intent.id, { amount: 0 })).rejects.toMatchObject({ param: 'amount' });
      const konbini = await stripe.paymentIntents.create({
        amount: 3000,
        currency: 'jpy',
        customer: customer.id,
        allowed_payment_method_types: ['konbini'],
        payment_method_data: { type: 'konbini', billing_details: { email: 'fill_never@example.jp', name: 'Sora' } },
        confirm: true,
      });
      await expect(stripe.paymentIntents.applyCustomerBalance(konbini.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
      const draft = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy', customer: customer.id, allowed_payment_method_types: ['customer_balance'] });
      await expect(stripe.paymentIntents.applyCustomerBalance(draft.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
      await expect(stripe.paymentIntents.applyCustomerBalance('pi_unknown')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 5000 } });
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_action');
      await stripe.paymentIntents.applyCustomerBalance(intent.id);
      await expect(stripe.paymentIntents.applyCustomerBalance(intent.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    });

    it('leaves automatic reconciliation as it was: the transfer pays at once, and there is nothing left to apply', async () => {
      const customer = await stripe.customers.create({ name: 'Auto' });
      const intent = await transferIntent(customer.id, 1000);
      const before = emulator.events().length;
      await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 1000, currency: 'jpy' });
      expect(eventTypesSince(before)).toEqual([
        'customer_cash_balance_transaction.created',
        'customer_cash_balance_transaction.created',
        'charge.succeeded',
        'payment_intent.succeeded',
      ]);
      expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
      const waiting = await transferIntent(customer.id, 1000);
      await expect(stripe.paymentIntents.applyCustomerBalance(waiting.id)).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
    });
  });

  describe('refunding what is left in the cash balance (origin=customer_balance)', () => {
    const DAY = 86_400;

    /** A customer who sent ¥5,000 for a ¥3,000 gift: ¥2,000 left in the cash balance. */
    async function overpaid(email: string | null = 'kaito@example.jp') {
      const customer = await stripe.customers.create({ name: 'Kaito', ...(email ? { email } : {}) });
      await transferIntent(customer.id, 3000);
      await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 5000, currency: 'jpy' });
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 2000 } });
      return customer;
    }

    function refundOf(customer: string, amount: number, instructionsEmail?: string) {
      return stripe.refunds.create({
        origin: 'customer_balance',
        customer,
        amount,
        currency: 'jpy',
        ...(instructionsEmail ? { instructions_email: instructionsEmail } : {}),
      });
    }

    it('waits for the customer’s bank account, takes the money out of the cash balance at once and makes no balance transaction', async () => {
      const customer = await overpaid();
      const transactionsBefore = (await stripe.balanceTransactions.list({ limit: 100 })).data.map((transaction) => transaction.id);
      const before = emulator.events().length;
      const refund = await refundOf(customer.id, 2000, 'kaito.bank@example.jp');
      expect(refund).toMatchObject({
        object: 'refund',
        amount: 2000,
        currency: 'jpy',
        status: 'requires_action',
        customer: customer.id,
        charge: null,
        payment_intent: null,
        payment_method: null,
        balance_transaction: null,
        instructions_email: 'kaito.bank@example.jp',
        destination_details: { type: 'jp_bank_transfer', jp_bank_transfer: { reference: null, reference_status: 'pending' } },
        next_action: {
          type: 'display_details',
          display_details: { email_sent: { email_sent_at: refund.created, email_sent_to: 'kaito.bank@example.jp' }, expires_at: refund.created + 45 * DAY },
        },
      });
      expect(eventTypesSince(before)).toEqual(['refund.created', 'customer_cash_balance_transaction.created']);
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: null });
      const [returned] = (await stripe.customers.listCashBalanceTransactions(customer.id)).data;
      expect(returned).toMatchObject({ type: 'return_initiated', net_amount: -2000, ending_balance: 0, currency: 'jpy' });
      expect((await stripe.balanceTransactions.list({ limit: 100 })).data.map((transaction) => transaction.id)).toEqual(transactionsBefore);
      expect((await stripe.refunds.list({ limit: 100 })).data.map((listed) => listed.id)).toContain(refund.id);

      // The customer answers three minutes later; the money arrives three minutes after that.
      emulator.advanceClock(180);
      const pending = await stripe.refunds.retrieve(refund.id);
      expect(pending.status).toBe('pending');
      expect(pending.next_action).toBeUndefined();
      emulator.advanceClock(180);
      const succeeded = await stripe.refunds.retrieve(refund.id);
      expect(succeeded).toMatchObject({ status: 'succeeded', balance_transaction: null, destination_details: { jp_bank_transfer: { reference_status: 'available' } } });
      const updates = emulator.events().filter((event) => event.type === 'refund.updated' && (event.data.object as { id: string }).id === refund.id);
      expect(updates.map((event) => [(event.data.object as Stripe.Refund).status, event.data.previous_attributes?.status])).toEqual([
        ['pending', 'requires_action'],
        ['succeeded', 'pending'],
      ]);
      expect((await stripe.balanceTransactions.list({ limit: 100 })).data.map((transaction) => transaction.id)).toEqual(transactionsBefore);
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: null });
    });

    it('uses the customer’s email when no instructions_email is given, and refunds part of the balance', async () => {
      const customer = await overpaid('kaito.home@example.jp');
      const refund = await refundOf(customer.id, 500);
      expect(refund).toMatchObject({ instructions_email: 'kaito.home@example.jp', amount: 500 });
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 1500 } });
    });

    it('refuses more than the cash balance holds, and a refund without a customer, currency or email to write to', async () => {
      const customer = await overpaid();
      await expect(refundOf(customer.id, 2001)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'amount_too_large', param: 'amount' });
      await expect(stripe.refunds.create({ origin: 'customer_balance', customer: customer.id, amount: 100, currency: 'usd' })).rejects.toMatchObject({
        code: 'amount_too_large',
      });
      await expect(stripe.refunds.create({ origin: 'customer_balance', amount: 100, currency: 'jpy' })).rejects.toMatchObject({
        code: 'parameter_missing',
        param: 'customer',
      });
      await expect(stripe.refunds.create({ origin: 'customer_balance', customer: customer.id, amount: 100 })).rejects.toMatchObject({ param: 'currency' });
      await expect(refundOf('cus_unknown', 100)).rejects.toMatchObject({ code: 'resource_missing', param: 'customer' });
      const silent = await overpaid(null);
      await expect(refundOf(silent.id, 100)).rejects.toMatchObject({ param: 'instructions_email' });
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 2000 } });
      expect((await stripe.customers.listCashBalanceTransactions(customer.id)).data[0].type).not.toBe('return_initiated');
    });

    it('a customer who never answers: the refund fails after 45 days (or when expired) and the money returns to the cash balance', async () => {
      const customer = await overpaid();
      const refund = await refundOf(customer.id, 1200, 'kaito+fill_never@example.jp');
      emulator.advanceClock(600);
      expect((await stripe.refunds.retrieve(refund.id)).status).toBe('requires_action');
      const before = emulator.events().length;
      const expired = await stripe.testHelpers.refunds.expire(refund.id);
      expect(expired.status).toBe('failed');
      expect(expired.next_action).toBeUndefined();
      expect(eventTypesSince(before)).toEqual(['refund.updated', 'refund.failed', 'customer_cash_balance_transaction.created', 'cash_balance.funds_available']);
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 2000 } });
      const [back] = (await stripe.customers.listCashBalanceTransactions(customer.id)).data;
      expect(back).toMatchObject({ type: 'return_canceled', net_amount: 1200, ending_balance: 2000 });
      await expect(stripe.testHelpers.refunds.expire(refund.id)).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });

      const late = await refundOf(customer.id, 2000, 'kaito+fill_never@example.jp');
      emulator.advanceClock(45 * DAY - 700);
      expect((await stripe.refunds.retrieve(late.id)).status).toBe('requires_action');
      emulator.advanceClock(700);
      expect((await stripe.refunds.retrieve(late.id)).status).toBe('failed');
      expect(await stripe.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { jpy: 2000 } });
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
