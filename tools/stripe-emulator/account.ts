import { Collection } from './collection.js';
import type { EventLog } from './events.js';
import type { Scheduler } from './idle.js';
import type { TestCard } from './test-cards.js';
import type { BalanceTransaction, Charge, Dispute, PaymentIntent, Payout, Refund, StripeObject } from './types.js';
import type { Currency } from '../../src/stripe/currencies.js';

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
  /** The test card behind each `pm_…` the emulator created from a test token. */
  readonly testCards = new Map<string, TestCard>();
  /** Balance transaction id → the payout that paid it out. */
  readonly payoutOf = new Map<string, string>();
  /** Sum of the nets of all balance transactions, per currency. */
  readonly available = new Map<Currency, number>();

  constructor(
    readonly events: EventLog,
    readonly scheduler: Scheduler,
  ) {}

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
      this.events.all,
    ];
    for (const collection of collections) {
      const found = collection.find(id);
      if (found) return found;
    }
    return undefined;
  }
}
