import type { EmulatorClock } from './clock.js';
import { Collection } from './collection.js';
import type { EventLog } from './events.js';
import type { ExchangeRates } from './fx.js';
import type { Scheduler } from './idle.js';
import type { SettlementCalendar } from './payout-schedule.js';
import type { TestCard } from './test-cards.js';
import type { BalanceTransaction, Charge, Dispute, KonbiniVoucher, PaymentIntent, Payout, Refund, StripeObject } from './types.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** How the account settles: its currency (the only one its balance holds), exchange rates, calendar and clock. */
export interface Settlement {
  currency: Currency;
  rates: ExchangeRates;
  calendar: SettlementCalendar;
  clock: EmulatorClock;
}

export interface StoredPaymentMethod extends StripeObject {
  card: { brand: string; last4: string };
}

/** All state of the one emulated Stripe account: objects by kind, events, and the bookkeeping behind payouts. */
export class Account {
  readonly paymentIntents = new Collection<PaymentIntent>('payment_intent', '/v1/payment_intents');
  readonly charges = new Collection<Charge>('charge', '/v1/charges');
  readonly refunds = new Collection<Refund>('refund', '/v1/refunds');
  readonly disputes = new Collection<Dispute>('dispute', '/v1/disputes');
  readonly payouts = new Collection<Payout>('payout', '/v1/payouts');
  readonly balanceTransactions = new Collection<BalanceTransaction>('balance_transaction', '/v1/balance_transactions');
  readonly paymentMethods = new Collection<StoredPaymentMethod>('PaymentMethod', '/v1/payment_methods');
  readonly customers = new Collection<StripeObject>('customer', '/v1/customers');
  readonly cashBalanceTransactions = new Collection<StripeObject>('customer_cash_balance_transaction', '/v1/customers/cash_balance_transactions');
  /** Customer id → its cash balance in JPY and how it is reconciled (customer-balance.ts). */
  readonly cashBalances = new Map<string, { available: number; reconciliationMode: 'automatic' | 'manual'; usingMerchantDefault: boolean }>();
  /** Customer id → its virtual bank account (Zengin), made on its first bank-transfer PaymentIntent and reused. */
  readonly virtualAccounts = new Map<string, Record<string, unknown>>();
  /** Token of a hosted voucher URL → the voucher it shows (voucher-page.ts). */
  readonly vouchers = new Map<string, KonbiniVoucher>();
  /** Where browsers reach the emulator (its own URL unless told otherwise): the base of the hosted voucher URLs. */
  publicUrl = 'http://127.0.0.1';
  /** Steps of asynchronous payments due at a time (a konbini voucher paid or expiring), run by the timeline. */
  readonly dueSteps: Array<{ at: number; run: () => void }> = [];
  /** The test card behind each `pm_…` the emulator created from a test token. */
  readonly testCards = new Map<string, TestCard>();
  /** Balance transaction id → the automatic payout that paid it out. */
  readonly payoutOf = new Map<string, string>();
  /** The balance, in the settlement currency: sums of the nets of available and of pending transactions. */
  readonly funds = { available: 0, pending: 0 };
  /** Transactions whose funds are not available yet. */
  readonly pendingTransactions: BalanceTransaction[] = [];
  /** Available transactions no automatic payout has paid out yet. */
  readonly unpaidTransactions: BalanceTransaction[] = [];
  /** Payouts not yet paid or failed. */
  readonly payoutsInFlight: Payout[] = [];
  /** When the schedule next sweeps the available balance; undefined for manual payouts. */
  nextPayoutRun: number | undefined;
  /** Set by a test: the next payout fails with this failure code. */
  nextPayoutFailure: string | undefined;
  /** Payout id → the failure code it will fail with. */
  readonly failingPayouts = new Map<string, string>();

  constructor(
    readonly events: EventLog,
    readonly scheduler: Scheduler,
    readonly settlement: Settlement,
  ) {
    this.nextPayoutRun = settlement.calendar.nextPayoutRun(settlement.clock.nowSeconds());
  }

  /** Any stored object by id, for `expand[]`. */
  findAny(id: string): StripeObject | undefined {
    const collections: Array<Collection<StripeObject>> = [
      this.paymentIntents,
      this.charges,
      this.refunds,
      this.disputes,
      this.payouts,
      this.balanceTransactions,
      this.paymentMethods,
      this.customers,
      this.cashBalanceTransactions,
      this.events.all,
    ];
    for (const collection of collections) {
      const found = collection.find(id);
      if (found) return found;
    }
    return undefined;
  }
}
