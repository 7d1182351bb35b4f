import type { Account } from './account.js';
import { buildBalanceTransaction } from './objects-money.js';
import type { BalanceTransactionInput } from './objects-money.js';
import type { BalanceTransaction, Charge, Dispute, Refund } from './types.js';
import { STRIPE_FEES, processingFee } from '../../src/stripe/fees.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** Balance transactions: one for every movement of money, with fees from the project's one fee table. */

function record(account: Account, input: BalanceTransactionInput): BalanceTransaction {
  const transaction = account.balanceTransactions.add(buildBalanceTransaction(input));
  account.available.set(transaction.currency, availableBalance(account, transaction.currency) + transaction.net);
  return transaction;
}

export function recordCharge(account: Account, charge: Charge): BalanceTransaction {
  return record(account, {
    type: 'charge',
    reportingCategory: 'charge',
    amount: charge.amount,
    currency: charge.currency,
    fee: processingFee(charge.amount, charge.currency),
    feeDescription: 'Stripe processing fees',
    description: charge.description,
    source: charge.id,
  });
}

export function recordRefund(account: Account, refund: Refund): BalanceTransaction {
  return record(account, {
    type: 'refund',
    reportingCategory: 'refund',
    amount: -refund.amount,
    currency: refund.currency,
    fee: 0,
    feeDescription: '',
    description: `REFUND FOR CHARGE (${refund.charge})`,
    source: refund.id,
  });
}

/** A failed refund gives the money back to the balance. */
export function recordRefundFailure(account: Account, refund: Refund): BalanceTransaction {
  return record(account, {
    type: 'refund_failure',
    reportingCategory: 'refund_failure',
    amount: refund.amount,
    currency: refund.currency,
    fee: 0,
    feeDescription: '',
    description: `REFUND FAILURE FOR CHARGE (${refund.charge})`,
    source: refund.id,
  });
}

export function recordDisputeWithdrawal(account: Account, dispute: Dispute): BalanceTransaction {
  return record(account, {
    type: 'adjustment',
    reportingCategory: 'dispute',
    amount: -dispute.amount,
    currency: dispute.currency,
    fee: STRIPE_FEES[dispute.currency].disputeFee,
    feeDescription: 'Dispute fee',
    description: `Chargeback withdrawal for ${dispute.charge}`,
    source: dispute.id,
  });
}

/**
 * Whether winning a dispute also gives back the dispute fee. Stripe used to refund it; since its
 * 2025 dispute-fee change the fee is kept whatever the outcome (only the separate counter fee, not
 * modelled here, comes back). The emulator follows the current rule: the reinstatement returns the
 * disputed amount with fee 0, so a won dispute still costs the dispute fee.
 */
const WON_DISPUTE_RETURNS_FEE = false;

export function recordDisputeReinstatement(account: Account, dispute: Dispute): BalanceTransaction {
  const returnedFee = WON_DISPUTE_RETURNS_FEE ? STRIPE_FEES[dispute.currency].disputeFee : 0;
  return record(account, {
    type: 'adjustment',
    reportingCategory: 'dispute_reversal',
    amount: dispute.amount,
    currency: dispute.currency,
    fee: -returnedFee,
    feeDescription: 'Dispute fee refund',
    description: `Chargeback reversal for ${dispute.charge}`,
    source: dispute.id,
  });
}

export function recordPayout(account: Account, payoutId: string, amount: number, currency: Currency): BalanceTransaction {
  const transaction = record(account, {
    type: 'payout',
    reportingCategory: 'payout',
    amount: -amount,
    currency,
    fee: 0,
    feeDescription: '',
    description: 'STRIPE PAYOUT',
    source: payoutId,
  });
  account.payoutOf.set(transaction.id, payoutId);
  return transaction;
}

/** Everything is available at once, so the available balance is the sum of every net. */
export function availableBalance(account: Account, currency: Currency): number {
  return account.available.get(currency) ?? 0;
}

function balanceCurrencies(account: Account): Currency[] {
  return account.available.size ? [...account.available.keys()] : ['usd'];
}

/** The balance object: everything available, nothing pending (charges settle at once). */
export function balanceObject(account: Account) {
  const currencies = balanceCurrencies(account);
  return {
    object: 'balance',
    available: currencies.map((currency) => {
      const amount = availableBalance(account, currency);
      return { amount, currency, source_types: { card: amount } };
    }),
    connect_reserved: currencies.map((currency) => ({ amount: 0, currency })),
    livemode: false,
    pending: currencies.map((currency) => ({ amount: 0, currency, source_types: { card: 0 } })),
  };
}

/**
 * Marks the transactions a payout pays out. A payout of the whole available balance takes every
 * transaction of its currency not yet paid out, so its amount equals the sum of their nets. A smaller
 * payout takes them oldest first until their nets cover its amount (Stripe itemises only automatic
 * payouts of the whole balance, so there is no Stripe rule to copy); the sum then exceeds the amount.
 */
export function sweepIntoPayout(account: Account, payoutId: string, currency: Currency, amount: number): void {
  const unpaid = account.balanceTransactions.oldestFirst().filter((transaction) => transaction.currency === currency && !account.payoutOf.has(transaction.id));
  const unpaidNet = unpaid.reduce((sum, transaction) => sum + transaction.net, 0);
  const swept = amount >= unpaidNet ? unpaid : oldestCovering(unpaid, amount);
  for (const transaction of swept) account.payoutOf.set(transaction.id, payoutId);
}

function oldestCovering(transactions: BalanceTransaction[], amount: number): BalanceTransaction[] {
  const taken: BalanceTransaction[] = [];
  let covered = 0;
  for (const transaction of transactions) {
    if (covered >= amount) break;
    taken.push(transaction);
    covered += transaction.net;
  }
  return taken;
}
