import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { currencyDecimals } from '../../src/common/money-format.js';

/**
 * `npm run stripe:smoke`: the operator's check before going live. With test keys it walks a gift, a partial refund
 * and a payout report against Stripe's API (or the emulator, with STRIPE_API_BASE) and prints what it saw: the
 * amounts in the gift's currency and in the account's settlement currency, the rate, the fees, and whether each
 * automatic payout equals the net of what it paid out. It exits 1 when something does not add up.
 *
 *   STRIPE_SECRET_KEY=sk_test_… [STRIPE_API_BASE=http://127.0.0.1:12111] [SMOKE_CURRENCY=usd SMOKE_AMOUNT=2500] npm run stripe:smoke
 */

interface SmokeOptions {
  currency: string;
  amount: number;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface SmokeReport {
  lines: string[];
  checks: Check[];
}

type BalanceTransaction = Stripe.BalanceTransaction;

function money(amount: number, currency: string): string {
  return `${amount} ${currency}`;
}

function describeTransaction(bt: BalanceTransaction): string {
  const rate = bt.exchange_rate === null ? 'no conversion' : `rate ${bt.exchange_rate}`;
  return `${bt.type} ${bt.id}: ${money(bt.amount, bt.currency)}, fee ${money(bt.fee, bt.currency)}, net ${money(bt.net, bt.currency)}, ${rate}, ${bt.status} (available ${new Date(bt.available_on * 1000).toISOString().slice(0, 10)})`;
}

/** A balance transaction adds up: net is amount less fee, and the fee is the sum of its parts. */
function transactionChecks(label: string, bt: BalanceTransaction): Check[] {
  const parts = bt.fee_details.reduce((sum, part) => sum + part.amount, 0);
  return [
    { name: `${label}: net = amount − fee`, ok: bt.net === bt.amount - bt.fee, detail: `${bt.net} = ${bt.amount} − ${bt.fee}` },
    { name: `${label}: fee = sum of fee_details`, ok: parts === bt.fee, detail: `${bt.fee} vs ${parts}` },
  ];
}

function expanded<T extends { id: string }>(value: string | T | null | undefined, what: string): T {
  if (!value || typeof value === 'string') throw new Error(`${what} was not expanded`);
  return value;
}

async function gift(stripe: Stripe, options: SmokeOptions, report: SmokeReport): Promise<Stripe.PaymentIntent> {
  const intent = await stripe.paymentIntents.create(
    {
      amount: options.amount,
      currency: options.currency,
      payment_method: 'pm_card_visa',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      confirm: true,
      description: 'Kizuna smoke test gift',
      metadata: { kizuna_smoke: 'true' },
    },
    { idempotencyKey: `kizuna-smoke-${randomUUID()}` },
  );
  report.lines.push(`gift ${intent.id}: ${money(intent.amount, intent.currency)}, ${intent.status}`);
  report.checks.push({ name: 'gift succeeded', ok: intent.status === 'succeeded', detail: intent.status });
  const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
  if (!chargeId) throw new Error(`PaymentIntent ${intent.id} has no charge`);
  const charge = await stripe.charges.retrieve(chargeId, { expand: ['balance_transaction'] });
  const bt = expanded(charge.balance_transaction, `the balance transaction of ${charge.id}`);
  report.lines.push(`  charge ${charge.id} → ${describeTransaction(bt)}`);
  report.checks.push(...transactionChecks('charge', bt));
  if (bt.currency !== intent.currency) {
    // Stripe's rate is per major unit (yen per dollar), and the two currencies' minor units may differ.
    const scale = 10 ** (currencyDecimals(bt.currency) - currencyDecimals(intent.currency));
    const converted = Math.round(intent.amount * scale * (bt.exchange_rate ?? Number.NaN));
    report.checks.push({
      name: 'charge: converted at its rate',
      ok: bt.exchange_rate !== null && Math.abs(bt.amount - converted) <= 1,
      detail: `${money(intent.amount, intent.currency)} at ${bt.exchange_rate} = ${money(converted, bt.currency)}, Stripe: ${money(bt.amount, bt.currency)}`,
    });
  }
  return intent;
}

async function refund(stripe: Stripe, intent: Stripe.PaymentIntent, report: SmokeReport): Promise<void> {
  const amount = Math.max(1, Math.floor(intent.amount / 2));
  const created = await stripe.refunds.create({ payment_intent: intent.id, amount }, { idempotencyKey: `kizuna-smoke-refund-${intent.id}` });
  const refunded = await stripe.refunds.retrieve(created.id, { expand: ['balance_transaction'] });
  report.lines.push(`refund ${refunded.id}: ${money(refunded.amount, refunded.currency)}, ${refunded.status}`);
  report.checks.push({ name: 'refund succeeded', ok: refunded.status === 'succeeded', detail: String(refunded.status) });
  if (!refunded.balance_transaction) return;
  const bt = expanded(refunded.balance_transaction, `the balance transaction of ${refunded.id}`);
  report.lines.push(`  → ${describeTransaction(bt)}`);
  report.checks.push(...transactionChecks('refund', bt), { name: 'refund: takes money out', ok: bt.amount < 0, detail: String(bt.amount) });
}

/** Each automatic payout's amount against the net of the balance transactions it paid out. */
async function payouts(stripe: Stripe, report: SmokeReport): Promise<void> {
  const balance = await stripe.balance.retrieve();
  const each = (funds: Stripe.Balance.Available[]) => funds.map((f) => money(f.amount, f.currency)).join(', ') || 'none';
  report.lines.push(`balance: available ${each(balance.available)}; pending ${each(balance.pending)}`);
  const recent = await stripe.payouts.list({ limit: 5 });
  if (!recent.data.length) report.lines.push('payouts: none yet (an account is paid out on its schedule once funds are available)');
  for (const payout of recent.data) {
    report.lines.push(`payout ${payout.id}: ${money(payout.amount, payout.currency)}, ${payout.status}, ${payout.automatic ? 'automatic' : 'manual'}`);
    if (!payout.automatic || payout.status !== 'paid') continue;
    let net = 0;
    let items = 0;
    for await (const bt of stripe.balanceTransactions.list({ payout: payout.id, limit: 100 })) {
      if (bt.type === 'payout') continue;
      net += bt.net;
      items += 1;
    }
    report.lines.push(`  paid out ${items} balance transactions, net ${money(net, payout.currency)}`);
    report.checks.push({ name: `payout ${payout.id} = net of its items`, ok: net === payout.amount, detail: `${payout.amount} vs ${net}` });
  }
}

async function runSmoke(stripe: Stripe, options: SmokeOptions): Promise<SmokeReport> {
  const report: SmokeReport = { lines: [], checks: [] };
  const intent = await gift(stripe, options, report);
  await refund(stripe, intent, report);
  await payouts(stripe, report);
  return report;
}

function fail(message: string): never {
  process.stderr.write(`stripe:smoke: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const key = process.env.STRIPE_SECRET_KEY ?? '';
  // Never against live money: the walk makes a real charge and a real refund.
  if (!/^(sk|rk)_test_/.test(key)) fail('STRIPE_SECRET_KEY must be a test key (sk_test_… or rk_test_…)');
  const currency = (process.env.SMOKE_CURRENCY ?? 'jpy').toLowerCase();
  const amount = Number(process.env.SMOKE_AMOUNT ?? (currency === 'jpy' ? 1000 : 2500));
  if (!/^[a-z]{3}$/.test(currency)) fail(`SMOKE_CURRENCY must be a three-letter currency code, got "${currency}"`);
  if (!Number.isSafeInteger(amount) || amount <= 0) fail(`SMOKE_AMOUNT must be a positive integer in the currency's minor unit, got "${process.env.SMOKE_AMOUNT}"`);
  const base = process.env.STRIPE_API_BASE ? new URL(process.env.STRIPE_API_BASE) : undefined;
  const stripe = new Stripe(key, {
    maxNetworkRetries: 2,
    ...(base && { host: base.hostname, port: Number(base.port || 443), protocol: base.protocol === 'http:' ? 'http' : 'https' }),
  });
  const report = await runSmoke(stripe, { currency, amount });
  for (const line of report.lines) process.stdout.write(`${line}\n`);
  for (const check of report.checks) process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name} (${check.detail})\n`);
  const failed = report.checks.filter((check) => !check.ok).length;
  process.stdout.write(failed ? `${failed} of ${report.checks.length} checks failed\n` : `all ${report.checks.length} checks passed\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((error: Error) => fail(error.message));
