import type { Account } from './account.js';
import { amountRemaining, setInstructions, succeedAsync } from './async-payments.js';
import { invalidRequest, noSuchObject, unexpectedState } from './errors.js';
import type { Params } from './form.js';
import { newId, nowSeconds } from './ids.js';
import { filterList, listPage } from './list.js';
import { checkKnownParams, checkPositiveAmount, mergeMetadata, optionalInteger, optionalObject, optionalString, requiredInteger } from './params.js';
import { list, retrieve, route } from './router.js';
import type { Route, RouteContext } from './router.js';
import type { PaymentIntent, RequestOrigin, StripeObject } from './types.js';

/**
 * Customers and their cash balance, which Japanese bank transfers fund (docs.stripe.com/payments/customer-balance):
 * each customer gets one virtual Zengin account, reused for all its bank-transfer PaymentIntents; money sent to it
 * lands in the cash balance and, in automatic reconciliation (Stripe's default), is applied to the customer's open
 * PaymentIntents, oldest first; what is left over stays in the cash balance. In manual reconciliation the money waits
 * until `POST /v1/payment_intents/:id/apply_customer_balance` applies it. Money in a cash balance is not part of the
 * account's Stripe balance: funding makes no balance transaction; applying it to a payment makes that payment's charge.
 */

function createCustomer({ account, params, origin }: RouteContext): StripeObject {
  checkKnownParams(params, ['email', 'name', 'description', 'metadata', 'phone', 'preferred_locales', 'cash_balance']);
  const cashBalance = optionalObject(params, 'cash_balance') ?? {};
  checkKnownParams(cashBalance, ['settings'], 'cash_balance');
  const settings = optionalObject(cashBalance, 'settings') ?? {};
  checkKnownParams(settings, ['reconciliation_mode'], 'cash_balance[settings]');
  const mode = optionalString(settings, 'reconciliation_mode') ?? 'merchant_default';
  if (!['automatic', 'manual', 'merchant_default'].includes(mode)) {
    throw invalidRequest('reconciliation_mode must be one of automatic, manual, merchant_default.', { param: 'cash_balance[settings][reconciliation_mode]' });
  }
  const customer: StripeObject = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: optionalString(params, 'description') ?? null,
    discount: null,
    email: optionalString(params, 'email') ?? null,
    invoice_prefix: newId('').slice(1, 9).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: mergeMetadata({}, params),
    name: optionalString(params, 'name') ?? null,
    next_invoice_sequence: 1,
    phone: optionalString(params, 'phone') ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  account.cashBalances.set(customer.id, {
    available: 0,
    // The account's default (merchant_default) is automatic, as Stripe's is.
    reconciliationMode: mode === 'manual' ? 'manual' : 'automatic',
    usingMerchantDefault: mode === 'merchant_default',
  });
  account.customers.add(customer);
  account.events.emit('customer.created', customer, origin);
  return customer;
}

export function cashBalanceObject(account: Account, customerId: string) {
  account.customers.get(customerId);
  const balance = account.cashBalances.get(customerId) ?? { available: 0, reconciliationMode: 'automatic', usingMerchantDefault: true };
  return {
    object: 'cash_balance',
    available: balance.available > 0 ? { jpy: balance.available } : null,
    customer: customerId,
    customer_account: null,
    livemode: false,
    settings: { reconciliation_mode: balance.reconciliationMode, using_merchant_default: balance.usingMerchantDefault },
  };
}

/** The customer's virtual Zengin account at Stripe's test bank, made once and reused. */
export function virtualAccountOf(account: Account, customerId: string): Record<string, unknown> {
  let zengin = account.virtualAccounts.get(customerId);
  if (!zengin) {
    const address = { city: null, country: 'JP', line1: null, line2: null, postal_code: null, state: null };
    zengin = {
      account_holder_address: address,
      account_holder_name: 'ストライプジャパン（カ',
      account_number: String(1_000_000 + account.virtualAccounts.size * 7919).slice(-7),
      account_type: 'futsu',
      bank_address: address,
      bank_code: '0999',
      bank_name: 'ストライプテスト銀行',
      branch_code: String(100 + (account.virtualAccounts.size % 900)),
      branch_name: `テスト${account.virtualAccounts.size + 1}支店`,
    };
    account.virtualAccounts.set(customerId, zengin);
  }
  return zengin;
}

export function recordCashTransaction(account: Account, customerId: string, netAmount: number, type: string, detail: Record<string, unknown>, origin: RequestOrigin): StripeObject {
  const balance = account.cashBalances.get(customerId);
  if (!balance) throw invalidRequest(`No such customer: '${customerId}'`, { code: 'resource_missing', param: 'customer' });
  balance.available += netAmount;
  const transaction: StripeObject = {
    id: newId('ccsbtxn'),
    object: 'customer_cash_balance_transaction',
    created: nowSeconds(),
    currency: 'jpy',
    customer: customerId,
    customer_account: null,
    ending_balance: balance.available,
    livemode: false,
    net_amount: netAmount,
    type,
    ...detail,
  };
  account.cashBalanceTransactions.add(transaction);
  account.events.emit('customer_cash_balance_transaction.created', transaction, origin);
  return transaction;
}

/** PaymentIntents of this customer waiting for a bank transfer, oldest first. */
function openIntents(account: Account, customerId: string): PaymentIntent[] {
  return account.paymentIntents.oldestFirst().filter((intent) => {
    const action = intent.next_action as { type?: string } | null;
    return intent.customer === customerId && intent.status === 'requires_action' && action?.type === 'display_bank_transfer_instructions';
  });
}

/**
 * Applies the customer's cash balance to one waiting PaymentIntent in automatic reconciliation, as much as it
 * still needs. True when anything was applied.
 */
export function applyCashBalance(account: Account, customerId: string, intent: PaymentIntent, origin: RequestOrigin): boolean {
  const balance = account.cashBalances.get(customerId);
  if (balance?.reconciliationMode !== 'automatic' || balance.available <= 0) return false;
  applyFunds(account, customerId, intent, Math.min(amountRemaining(intent), balance.available), origin);
  return true;
}

/**
 * Moves `amount` (at most what the PaymentIntent still needs and what the cash balance holds) from the cash
 * balance to the PaymentIntent, for automatic and manual reconciliation alike: an `applied_to_payment`
 * transaction, then in full the PaymentIntent succeeds (a charge and its balance transaction at the bank-transfer
 * fee, `charge.succeeded`, `payment_intent.succeeded`); in part its `amount_remaining` drops with
 * `payment_intent.partially_funded`.
 */
function applyFunds(account: Account, customerId: string, intent: PaymentIntent, amount: number, origin: RequestOrigin): void {
  const remaining = amountRemaining(intent);
  recordCashTransaction(account, customerId, -amount, 'applied_to_payment', { applied_to_payment: { payment_intent: intent.id } }, origin);
  if (amount === remaining) {
    succeedAsync(account, intent, 'bankTransfer', { customer_balance: {}, type: 'customer_balance' }, origin);
  } else {
    setInstructions(intent, virtualAccountOf(account, customerId), remaining - amount);
    account.events.emit('payment_intent.partially_funded', intent, origin);
  }
}

/**
 * `POST /v1/payment_intents/:id/apply_customer_balance {amount?, currency?}`: manual reconciliation. Applies the
 * customer's cash balance to a bank-transfer PaymentIntent awaiting funding (`requires_action`): `amount`, by
 * default what it still needs, and never more than the cash balance holds; then as `applyFunds`. Refused, changing
 * nothing, for a PaymentIntent in any other state, an amount above what it still needs, another currency, or an
 * empty cash balance. Stripe takes it in automatic reconciliation as well, where the balance is usually empty.
 */
export function applyCustomerBalance(account: Account, intent: PaymentIntent, params: Params, origin: RequestOrigin): PaymentIntent {
  checkKnownParams(params, ['amount', 'currency']);
  const action = intent.next_action as { type?: string } | null;
  if (intent.status !== 'requires_action' || action?.type !== 'display_bank_transfer_instructions' || !intent.customer) {
    throw unexpectedState(
      `You cannot apply a customer's cash balance to this PaymentIntent because it has a status of ${intent.status}${intent.status === 'requires_action' ? ' for another payment method' : ''}. Only a customer_balance PaymentIntent awaiting funding (requires_action) can be funded from the cash balance.`,
    );
  }
  const currency = optionalString(params, 'currency')?.toLowerCase();
  if (currency !== undefined && currency !== intent.currency) {
    throw invalidRequest(`The currency (${currency}) must be the PaymentIntent's currency (${intent.currency}).`, { param: 'currency' });
  }
  const remaining = amountRemaining(intent);
  const amount = optionalInteger(params, 'amount') ?? remaining;
  checkPositiveAmount(amount);
  if (amount > remaining) {
    throw invalidRequest(`The amount (${amount}) is greater than the amount remaining on this PaymentIntent (${remaining}).`, { param: 'amount', code: 'amount_too_large' });
  }
  const available = account.cashBalances.get(intent.customer)?.available ?? 0;
  if (available <= 0) {
    throw invalidRequest(`The customer ${intent.customer} has no funds in its cash balance to apply (available: 0 ${intent.currency}).`, { param: 'amount' });
  }
  applyFunds(account, intent.customer, intent, Math.min(amount, available), origin);
  return intent;
}

/**
 * A refund of a bank-transfer payment goes back to the customer's cash balance, as Stripe's does by default
 * (`refunded_from_payment`, then `cash_balance.funds_available`); from there a refund with `origin=customer_balance`
 * returns it to the donor's bank (cash-balance-refunds.ts).
 */
export function refundToCashBalance(account: Account, customerId: string, refundId: string, amount: number, origin: RequestOrigin): void {
  recordCashTransaction(account, customerId, amount, 'refunded_from_payment', { refunded_from_payment: { refund: refundId } }, origin);
  account.events.emit('cash_balance.funds_available', cashBalanceObject(account, customerId), origin);
}

/** `POST /v1/test_helpers/customers/:id/fund_cash_balance`: a bank transfer reaches the customer's virtual account. */
function fundCashBalance({ account, params, ids, origin }: RouteContext): StripeObject {
  checkKnownParams(params, ['amount', 'currency', 'reference']);
  const customer = account.customers.get(ids[0]);
  const amount = requiredInteger(params, 'amount');
  checkPositiveAmount(amount);
  if ((optionalString(params, 'currency') ?? '').toLowerCase() !== 'jpy') {
    throw invalidRequest('The Stripe emulator funds cash balances in jpy only (jp_bank_transfer).', { param: 'currency' });
  }
  const reference = optionalString(params, 'reference') ?? null;
  const funded = recordCashTransaction(
    account,
    customer.id,
    amount,
    'funded',
    {
      funded: {
        bank_transfer: {
          jp_bank_transfer: { sender_bank: 'テスト銀行', sender_branch: '本店', sender_name: 'ﾃｽﾄ ﾀﾛｳ' },
          reference,
          type: 'jp_bank_transfer',
        },
      },
    },
    origin,
  );
  const result = structuredClone(funded);
  for (const intent of openIntents(account, customer.id)) {
    if (!applyCashBalance(account, customer.id, intent, origin)) break;
  }
  // Stripe tells when money is left in the cash balance after reconciling it (or, in manual mode, whenever some arrives).
  if ((account.cashBalances.get(customer.id)?.available ?? 0) > 0) {
    account.events.emit('cash_balance.funds_available', cashBalanceObject(account, customer.id), origin);
  }
  return result;
}

function listCashBalanceTransactions({ account, params, ids }: RouteContext) {
  checkKnownParams(params, ['limit', 'starting_after', 'ending_before']);
  account.customers.get(ids[0]);
  const items = account.cashBalanceTransactions.newestFirst().filter((transaction) => transaction.customer === ids[0]);
  return listPage(filterList(items, params, []), params, `/v1/customers/${ids[0]}/cash_balance_transactions`);
}

function retrieveCashBalanceTransaction({ account, params, ids }: RouteContext) {
  checkKnownParams(params, []);
  const transaction = account.cashBalanceTransactions.get(ids[1]);
  if (transaction.customer !== ids[0]) throw noSuchObject('customer_cash_balance_transaction', ids[1]);
  return transaction;
}

export const customerRoutes: Route[] = [
  route('POST', '/v1/customers', createCustomer),
  route(
    'GET',
    '/v1/customers',
    list(({ account }) => account.customers, ['email']),
  ),
  route(
    'GET',
    '/v1/customers/:id',
    retrieve(({ account }) => account.customers),
  ),
  route('GET', '/v1/customers/:id/cash_balance', ({ account, params, ids }) => {
    checkKnownParams(params, []);
    return cashBalanceObject(account, ids[0]);
  }),
  route('GET', '/v1/customers/:id/cash_balance_transactions', listCashBalanceTransactions),
  route('GET', '/v1/customers/:id/cash_balance_transactions/:id', retrieveCashBalanceTransaction),
  route('POST', '/v1/test_helpers/customers/:id/fund_cash_balance', fundCashBalance),
];
