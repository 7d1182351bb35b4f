import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';
import { onCapture } from '../../tools/stripe-emulator/capture.js';
import type { Captured } from '../../tools/stripe-emulator/capture.js';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { loadStripeSchemas } from '../support/stripe-schemas.js';
import type { Problem, StripeSchemas } from '../support/stripe-schemas.js';
import { paidIntent, runTriggerRecipe, sdkFor, startEmulator, startReceiver, triggerRecipes } from './support.js';
import type { Receiver } from './support.js';

/**
 * Every object the emulator returns or sends in a broad scenario, checked against JSON Schemas generated from
 * the installed stripe SDK's types: no field the pinned API version requires may be missing or mistyped, and none
 * it does not declare may appear.
 */

interface Checked {
  /** What was checked: `response POST /v1/refunds`, `event charge.succeeded`, `webhook charge.succeeded`. */
  source: string;
  type: string;
  problems: Problem[];
}

const checked: Checked[] = [];
/** A charge as the API returned it with its PaymentIntent expanded, to show that the validator finds faults. */
let sampleCharge: Record<string, unknown> | undefined;
let schemas: StripeSchemas;
let loadMs = 0;

function check(source: string, object: unknown): void {
  const type = (object as { object?: string })?.object === 'list' ? `list of ${listItemType(object)}` : (schemas.typeOf(object) ?? String((object as { object?: string })?.object));
  checked.push({ source, type, problems: schemas.validate(object) });
}

function listItemType(list: unknown): string {
  const [first] = (list as { data: Array<{ object?: string }> }).data;
  if (first === undefined) return 'nothing';
  return first.object === 'event' ? 'Event' : (schemas.typeOf(first) ?? 'unknown');
}

/** A successful response is an object or a list; a card error carries the PaymentIntent and the PaymentMethod. */
function checkCaptured(captured: Captured): void {
  if (captured.kind === 'event') {
    check(`event ${(captured.body as Stripe.Event).type}`, captured.body);
    return;
  }
  const source = `response ${captured.method} ${captured.path}`;
  const body = captured.body as { error?: { payment_intent?: unknown; payment_method?: unknown } };
  if (captured.status === 200) check(source, body);
  if (captured.status === 200 && isExpandedCharge(body)) sampleCharge ??= body;
  if (body.error?.payment_intent) check(`${source} (error)`, body.error.payment_intent);
  if (body.error?.payment_method) check(`${source} (error)`, body.error.payment_method);
}

/**
 * Everything other tests made: run them with `STRIPE_EMULATOR_CAPTURE=<file>`, then this test with
 * `STRIPE_EMULATOR_CAPTURED=<file>` to check those objects as well.
 */
function checkCaptureFile(file: string | undefined): void {
  if (!file) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line) checkCaptured(JSON.parse(line) as Captured);
}

function isExpandedCharge(body: unknown): body is Record<string, unknown> {
  const charge = body as { object?: string; payment_intent?: unknown };
  return charge.object === 'charge' && typeof charge.payment_intent === 'object';
}

async function runScenario(stripe: Stripe, emulator: StripeEmulator): Promise<void> {
  const paid = await paidIntent(stripe, 5000, 'usd');
  const draft = await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy', metadata: { donation_id: 'd1' } });
  await stripe.paymentIntents.update(draft.id, { description: 'A gift', metadata: { campaign: 'tsunami' } });
  const confirmed = await stripe.paymentIntents.confirm(draft.id, { payment_method: 'pm_card_visa', expand: ['latest_charge', 'payment_method'] });
  await expect(stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true })).rejects.toThrow();
  await stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 800, currency: 'gbp' })).id, { cancellation_reason: 'abandoned' });

  const partial = await stripe.refunds.create({ payment_intent: paid.id, amount: 1000, metadata: { reason: 'partial' } });
  await stripe.refunds.update(partial.id, { metadata: { note: 'checked' } });
  await stripe.refunds.create({ charge: (confirmed.latest_charge as Stripe.Charge).id, expand: ['charge'] });
  await stripe.refunds.create({ payment_intent: (await paidIntent(stripe, 2000, 'jpy', 'pm_card_refundFail')).id });

  const disputes = await Promise.all(['pm_card_createDispute', 'pm_card_createDispute', 'pm_card_createDisputeInquiry'].map((card) => paidIntent(stripe, 4000, 'eur', card)));
  const [toWin, toLose, inquiry] = await Promise.all(disputes.map(async (intent) => (await stripe.disputes.list({ payment_intent: intent.id })).data[0]));
  await stripe.disputes.update(toWin.id, { evidence: { uncategorized_text: 'winning_evidence' }, metadata: { case: 'won' } });
  await stripe.disputes.close(toLose.id);
  await stripe.disputes.update(inquiry.id, { evidence: { uncategorized_text: 'losing_evidence' } });
  await emulator.idle();

  await stripe.paymentIntents.retrieve(paid.id, { expand: ['latest_charge.balance_transaction'] });
  await stripe.paymentIntents.list({ limit: 100 });
  await stripe.charges.retrieve((paid.latest_charge as Stripe.Charge).id, { expand: ['payment_intent', 'balance_transaction'] });
  await stripe.charges.list({ limit: 100 });
  await stripe.paymentMethods.retrieve((confirmed.payment_method as Stripe.PaymentMethod).id);
  await stripe.refunds.list({ limit: 100 });
  await stripe.refunds.retrieve(partial.id);
  await stripe.disputes.retrieve(toWin.id, { expand: ['charge'] });
  await stripe.disputes.list({ limit: 100 });

  await asyncPaymentsScenario(stripe, emulator);
  await payoutsScenario(stripe, emulator);
  const transactions = await stripe.balanceTransactions.list({ limit: 100 });
  await stripe.balanceTransactions.retrieve(transactions.data[0].id);
  const events = await stripe.events.list({ limit: 100 });
  await stripe.events.list({ type: 'charge.dispute.*' });
  await stripe.events.retrieve(events.data[0].id);
  await emulator.idle();
}

/** Konbini vouchers (paid, expired) and a bank transfer funded in part, then with an overpayment. */
async function asyncPaymentsScenario(stripe: Stripe, emulator: StripeEmulator): Promise<void> {
  const voucher = (email: string) =>
    stripe.paymentIntents.create({
      amount: 3000,
      currency: 'jpy',
      allowed_payment_method_types: ['konbini'],
      payment_method_options: { konbini: { expires_after_days: 2 } },
      payment_method_data: { type: 'konbini', billing_details: { email, name: '山田 花子' } },
      confirm: true,
    });
  const pending = await voucher('hanako@example.jp');
  await voucher('expire_immediately@example.jp');
  await voucher('succeed_immediately@example.jp');
  await stripe.paymentMethods.retrieve(pending.payment_method as string);
  emulator.advanceClock(200);
  await stripe.paymentIntents.retrieve(pending.id, { expand: ['latest_charge.balance_transaction'] });

  const customer = await stripe.customers.create({ name: '山田 花子', email: 'hanako@example.jp', metadata: { donor: '1' } });
  const transfer = await stripe.paymentIntents.create({
    amount: 8000,
    currency: 'jpy',
    customer: customer.id,
    allowed_payment_method_types: ['customer_balance'],
    payment_method_data: { type: 'customer_balance' },
    payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'jp_bank_transfer' } } },
    confirm: true,
  });
  await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 5000, currency: 'jpy', reference: 'KIZUNA-1' });
  await stripe.paymentIntents.retrieve(transfer.id);
  await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 4000, currency: 'jpy' });
  await stripe.paymentIntents.retrieve(transfer.id, { expand: ['latest_charge'] });
  await stripe.refunds.create({ payment_intent: transfer.id, amount: 500 });
  await stripe.refunds.create({ payment_intent: pending.id, amount: 500 });
  // What is left in the cash balance goes back to the donor: one refund completes as the clock moves on, one expires.
  const returned = await stripe.refunds.create({ origin: 'customer_balance', customer: customer.id, amount: 400, currency: 'jpy' });
  const unanswered = await stripe.refunds.create({
    origin: 'customer_balance',
    customer: customer.id,
    amount: 300,
    currency: 'jpy',
    instructions_email: 'hanako+fill_never@example.jp',
  });
  await stripe.testHelpers.refunds.expire(unanswered.id);
  await stripe.refunds.retrieve(returned.id);
  // Manual reconciliation: a transfer applied in part, then in full.
  const manual = await stripe.customers.create({ name: '佐藤 健', email: 'ken@example.jp', cash_balance: { settings: { reconciliation_mode: 'manual' } } });
  const manualTransfer = await stripe.paymentIntents.create({
    amount: 6000,
    currency: 'jpy',
    customer: manual.id,
    allowed_payment_method_types: ['customer_balance'],
    payment_method_data: { type: 'customer_balance' },
    payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'jp_bank_transfer' } } },
    confirm: true,
  });
  await stripe.testHelpers.customers.fundCashBalance(manual.id, { amount: 2000, currency: 'jpy' });
  await stripe.paymentIntents.applyCustomerBalance(manualTransfer.id);
  await stripe.testHelpers.customers.fundCashBalance(manual.id, { amount: 4000, currency: 'jpy' });
  await stripe.paymentIntents.applyCustomerBalance(manualTransfer.id, { amount: 4000, currency: 'jpy', expand: ['latest_charge.balance_transaction'] });
  await stripe.customers.retrieve(customer.id);
  await stripe.customers.list({ limit: 10 });
  await stripe.customers.retrieveCashBalance(customer.id);
  const cashTransactions = await stripe.customers.listCashBalanceTransactions(customer.id);
  await stripe.customers.retrieveCashBalanceTransaction(customer.id, cashTransactions.data[0].id);
  await emulator.idle();
}

/** Pending funds becoming available, a failed automatic payout, the next one paid and itemised, and a manual payout. */
async function payoutsScenario(stripe: Stripe, emulator: StripeEmulator): Promise<void> {
  await stripe.balance.retrieve();
  emulator.failNextPayout('account_closed');
  emulator.advanceClock(10 * 24 * 3600);
  const automatic = await stripe.payouts.list({ limit: 100 });
  const paid = automatic.data.find((payout) => payout.automatic && payout.status === 'paid');
  if (paid) await stripe.balanceTransactions.list({ payout: paid.id });
  await paidIntent(stripe, 5000, 'jpy', 'pm_card_bypassPending');
  const manual = await stripe.payouts.create({ amount: 1500, currency: 'jpy', metadata: { batch: '1' } });
  await stripe.payouts.update(manual.id, { metadata: { batch: '2' } });
  await stripe.payouts.retrieve(manual.id);
  await stripe.balance.retrieve();
  await emulator.idle();
}

/** The Stripe CLI's recipes pay out in dollars: they run on an account that settles in dollars. */
async function triggersScenario(): Promise<void> {
  const emulator = await startEmulator({ settlementCurrency: 'usd' });
  try {
    for (const [, steps] of triggerRecipes()) await runTriggerRecipe(emulator, steps);
    await emulator.idle();
  } finally {
    await emulator.close();
  }
}

describe('the emulator speaks the API version the SDK pins', () => {
  let emulator: StripeEmulator;
  let receiver: Receiver;

  beforeAll(async () => {
    const started = Date.now();
    schemas = loadStripeSchemas();
    loadMs = Date.now() - started;
    receiver = await startReceiver();
    emulator = await startEmulator({ webhookUrl: receiver.url });
    const stopCapture = onCapture(checkCaptured);
    try {
      await runScenario(sdkFor(emulator), emulator);
      await triggersScenario();
    } finally {
      stopCapture();
    }
    for (const delivery of receiver.deliveries) check(`webhook ${delivery.event.type}`, delivery.event);
    checkCaptureFile(process.env.STRIPE_EMULATOR_CAPTURED);
  }, 180_000);

  afterAll(async () => {
    await emulator?.close();
    await receiver?.close();
    report();
  });

  it('validated every kind of object the scenario makes', () => {
    const types = new Set(checked.map((item) => item.type));
    for (const type of [
      'PaymentIntent',
      'Charge',
      'Refund',
      'Dispute',
      'BalanceTransaction',
      'Payout',
      'Balance',
      'PaymentMethod',
      'Customer',
      'CashBalance',
      'CustomerCashBalanceTransaction',
    ]) {
      expect(types).toContain(type);
    }
    for (const event of [
      'charge.succeeded',
      'charge.refunded',
      'charge.dispute.closed',
      'payment_intent.payment_failed',
      'refund.failed',
      'payout.paid',
      'payout.failed',
      'balance.available',
      'payment_intent.requires_action',
      'payment_intent.partially_funded',
      'customer.created',
      'customer_cash_balance_transaction.created',
      'cash_balance.funds_available',
      'refund.updated',
    ]) {
      expect(checked.map((item) => item.source)).toContain(`webhook ${event}`);
    }
  });

  it.each(['PaymentIntent', 'Charge', 'Refund', 'Dispute', 'PaymentMethod', 'Customer', 'CashBalance', 'CustomerCashBalanceTransaction'])(
    'every %s has every field the SDK requires, with its type',
    (type) => {
      expect(problemsOf((item) => item.type === type || item.type === `list of ${type}`)).toEqual([]);
    },
  );

  it.each(['BalanceTransaction', 'Payout', 'Balance'])('every %s has every field the SDK requires, with its type', (type) => {
    expect(problemsOf((item) => item.type === type || item.type === `list of ${type}`)).toEqual([]);
  });

  it('every event, in the API and in webhooks, matches the SDK type of its event type', () => {
    expect(problemsOf((item) => item.type.endsWith('Event') || item.type === 'list of Event')).toEqual([]);
  });

  it('the validator reports a missing, a mistyped and an undeclared field, also inside an expanded object', () => {
    expect(sampleCharge).toBeDefined();
    const charge = structuredClone(sampleCharge) as Record<string, unknown>;
    expect(schemas.validate(charge)).toEqual([]);
    delete charge.amount_captured;
    charge.amount = '5000';
    charge.colour = 'red';
    charge.description = 42;
    charge.application = 7;
    charge.payment_intent = { ...(sampleCharge?.payment_intent as object), status: undefined, livemode: 'no' };
    expect(schemas.validate(JSON.parse(JSON.stringify(charge)))).toEqual(
      expect.arrayContaining([
        { path: '/amount_captured', message: 'missing' },
        { path: '/amount', message: 'must be number' },
        { path: '/colour', message: 'not in the SDK type' },
        { path: '/description', message: 'must be string or null' },
        { path: '/application', message: 'is none of the types the SDK allows' },
        { path: '/payment_intent/status', message: 'missing' },
        { path: '/payment_intent/livemode', message: 'must be boolean' },
      ]),
    );
    expect(schemas.validate({ ...sampleCharge, payment_intent: 'pi_123', balance_transaction: null })).toEqual([]);
  });
});

/** Distinct problems, each with how often it was seen and one place it came from. */
function problemsOf(selected: (item: Checked) => boolean): string[] {
  const counts = new Map<string, { count: number; example: string }>();
  for (const item of checked.filter(selected)) {
    for (const problem of item.problems) {
      const key = `${item.type}${problem.path.replace(/\/\d+(?=\/|$)/g, '/*')} ${problem.message}`;
      counts.set(key, { count: (counts.get(key)?.count ?? 0) + 1, example: counts.get(key)?.example ?? item.source });
    }
  }
  return [...counts].map(([key, { count, example }]) => `${key} (×${count}, e.g. ${example})`);
}

function report(): void {
  const byType = new Map<string, { objects: number; failing: number; problems: number }>();
  for (const item of checked) {
    const row = byType.get(item.type) ?? { objects: 0, failing: 0, problems: 0 };
    row.objects++;
    if (item.problems.length) row.failing++;
    row.problems += item.problems.length;
    byType.set(item.type, row);
  }
  const lines = [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, row]) => `  ${type.padEnd(42)} ${String(row.objects).padStart(5)} validated, ${row.failing} failing, ${row.problems} missing, mistyped or undeclared fields`);
  const total = checked.reduce((sum, item) => sum + item.problems.length, 0);
  const source = schemas.generatedInMs ? `generated in ${schemas.generatedInMs} ms` : 'read from the cache';
  console.log(
    [
      `Schemas from the stripe SDK's types: ${source} (${schemas.cacheFile}), loaded and compiled in ${loadMs} ms.`,
      `Objects validated: ${checked.length}; missing, mistyped or undeclared fields: ${total}.`,
      ...lines,
    ].join('\n'),
  );
}
