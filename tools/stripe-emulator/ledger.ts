import type { Account } from './account.js';
import { buildBalanceTransaction } from './objects-money.js';
import { chargeFees, disputeFees, methodFees, settle } from './pricing.js';
import type { Settled } from './pricing.js';
import type { Balance, BalanceTransaction, BalanceTransactionType, Charge, Dispute, FeeDetail, Refund, RequestOrigin } from './types.js';
import type { Currency } from '../../src/stripe/currencies.js';

/**
 * Balance transactions: one for every movement of money, always in the account's settlement currency.
 * Card charges are pending until their `available_on`; everything else moves the available balance at once.
 */

interface Movement {
  type: BalanceTransactionType;
  reportingCategory: string;
  settled: Settled;
  feeDetails?: FeeDetail[];
  description: string | null;
  source: string;
  /** Now (available at once) unless given. */
  availableOn?: number;
}

function record(account: Account, movement: Movement): BalanceTransaction {
  const { settled, feeDetails = [], availableOn = account.settlement.clock.nowSeconds(), ...rest } = movement;
  const transaction = account.balanceTransactions.add(
    buildBalanceTransaction({ ...rest, amount: settled.amount, exchangeRate: settled.exchangeRate, currency: account.settlement.currency, feeDetails, availableOn }),
  );
  if (transaction.status === 'pending') {
    account.funds.pending += transaction.net;
    account.pendingTransactions.push(transaction);
  } else {
    makeAvailable(account, transaction);
  }
  return transaction;
}

function makeAvailable(account: Account, transaction: BalanceTransaction): void {
  account.funds.available += transaction.net;
  if (!account.payoutOf.has(transaction.id)) account.unpaidTransactions.push(transaction);
}

/** Converts `amount` of `currency` into the settlement currency at the rate current now. */
function atTodaysRate(account: Account, amount: number, currency: Currency): Settled {
  const { currency: settlementCurrency, rates } = account.settlement;
  return settle(amount, currency, settlementCurrency, rates);
}

function negated(settled: Settled): Settled {
  return { amount: -settled.amount, exchangeRate: settled.exchangeRate };
}

export function recordCharge(account: Account, charge: Charge): BalanceTransaction {
  const card = account.testCards.get(charge.payment_method);
  const settled = atTodaysRate(account, charge.amount, charge.currency);
  const now = account.settlement.clock.nowSeconds();
  return record(account, {
    type: 'charge',
    reportingCategory: 'charge',
    settled,
    feeDetails: chargeFees(settled, account.settlement.currency, card?.country ?? 'US'),
    description: charge.description,
    source: charge.id,
    availableOn: card?.availableAtOnce ? now : account.settlement.calendar.availableOn(now),
  });
}

/** A paid konbini voucher or bank transfer: its method's fee; funds pending for the account's usual business days. */
export function recordMethodCharge(account: Account, charge: Charge, method: 'konbini' | 'bankTransfer'): BalanceTransaction {
  const settled = atTodaysRate(account, charge.amount, charge.currency);
  return record(account, {
    type: 'charge',
    reportingCategory: 'charge',
    settled,
    feeDetails: methodFees(settled.amount, account.settlement.currency, method),
    description: charge.description,
    source: charge.id,
    availableOn: account.settlement.calendar.availableOn(account.settlement.clock.nowSeconds()),
  });
}

/** Whether a charge's funds were available at once (`pm_card_bypassPending`), which is when Stripe sends `balance.available`. */
export function chargeFundsAvailable(account: Account, charge: Charge): boolean {
  return charge.balance_transaction !== null && account.balanceTransactions.get(charge.balance_transaction).status === 'available';
}

/** A refund of a converted charge converts at the rate of the day of the refund. */
export function recordRefund(account: Account, refund: Refund): BalanceTransaction {
  return record(account, {
    type: 'refund',
    reportingCategory: 'refund',
    settled: negated(atTodaysRate(account, refund.amount, refund.currency)),
    description: `REFUND FOR CHARGE (${refund.charge})`,
    source: refund.id,
  });
}

/** A failed refund gives back exactly what its refund took from the balance. */
export function recordRefundFailure(account: Account, refund: Refund): BalanceTransaction {
  const taken = refund.balance_transaction ? account.balanceTransactions.get(refund.balance_transaction) : undefined;
  return record(account, {
    type: 'refund_failure',
    reportingCategory: 'refund_failure',
    settled: taken ? { amount: -taken.amount, exchangeRate: taken.exchange_rate } : atTodaysRate(account, refund.amount, refund.currency),
    description: `REFUND FAILURE FOR CHARGE (${refund.charge})`,
    source: refund.id,
  });
}

export function recordDisputeWithdrawal(account: Account, dispute: Dispute): BalanceTransaction {
  return record(account, {
    type: 'adjustment',
    reportingCategory: 'dispute',
    settled: negated(atTodaysRate(account, dispute.amount, dispute.currency)),
    feeDetails: disputeFees(account.settlement.currency),
    description: `Chargeback withdrawal for ${dispute.charge}`,
    source: dispute.id,
  });
}

/**
 * A won dispute returns the disputed amount, converted at the rate of the day it is won. Since its 2023
 * dispute-fee change Stripe keeps the dispute fee whatever the outcome, so nothing of the fee comes back.
 */
export function recordDisputeReinstatement(account: Account, dispute: Dispute): BalanceTransaction {
  return record(account, {
    type: 'adjustment',
    reportingCategory: 'dispute_reversal',
    settled: atTodaysRate(account, dispute.amount, dispute.currency),
    description: `Chargeback reversal for ${dispute.charge}`,
    source: dispute.id,
  });
}

/**
 * The payout's own transaction; an automatic payout lists it among what it paid out. A manual payout's stays
 * unlisted, so the next automatic payout counts it and still equals the sum of what it lists.
 */
export function recordPayout(account: Account, payoutId: string, amount: number, automatic: boolean): BalanceTransaction {
  const transaction = account.balanceTransactions.add(
    buildBalanceTransaction({
      type: 'payout',
      reportingCategory: 'payout',
      amount: -amount,
      currency: account.settlement.currency,
      exchangeRate: null,
      feeDetails: [],
      description: 'STRIPE PAYOUT',
      source: payoutId,
      availableOn: account.settlement.clock.nowSeconds(),
    }),
  );
  if (automatic) account.payoutOf.set(transaction.id, payoutId);
  makeAvailable(account, transaction);
  return transaction;
}

/** A failed payout's money comes back to the available balance. */
export function recordPayoutFailure(account: Account, payoutId: string, amount: number): BalanceTransaction {
  return record(account, {
    type: 'payout_failure',
    reportingCategory: 'payout_reversal',
    settled: { amount, exchangeRate: null },
    description: 'STRIPE PAYOUT FAILURE',
    source: payoutId,
  });
}

/** Marks every available transaction no automatic payout took yet as paid out by `payoutId`; their nets sum to the available balance. */
export function sweepIntoPayout(account: Account, payoutId: string): void {
  for (const transaction of account.unpaidTransactions.splice(0)) account.payoutOf.set(transaction.id, payoutId);
}

/**
 * Moves the funds whose `available_on` has come into the available balance; true when any did. Pending
 * transactions are in order of `available_on`, since the clock only moves forward.
 */
export function releaseDueFunds(account: Account, now: number): boolean {
  const pending = account.pendingTransactions;
  let released = 0;
  while (released < pending.length && pending[released].available_on <= now) released++;
  for (const transaction of pending.splice(0, released)) {
    transaction.status = 'available';
    account.funds.pending -= transaction.net;
    makeAvailable(account, transaction);
  }
  return released > 0;
}

/** The earliest `available_on` still to come, if any. */
export function nextRelease(account: Account): number | undefined {
  return account.pendingTransactions[0]?.available_on;
}

/** The balance object: only the settlement currency, as a Stripe account without extra settlement currencies. */
export function balanceObject(account: Account): Balance {
  const currency = account.settlement.currency;
  const { available, pending } = account.funds;
  return {
    object: 'balance',
    available: [{ amount: available, currency, source_types: { card: available } }],
    connect_reserved: [{ amount: 0, currency }],
    livemode: false,
    pending: [{ amount: pending, currency, source_types: { card: pending } }],
  };
}

export function emitBalanceAvailable(account: Account, origin: RequestOrigin): void {
  account.events.emit('balance.available', balanceObject(account), origin);
}
