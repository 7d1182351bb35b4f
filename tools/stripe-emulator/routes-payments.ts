import { applyCustomerBalance } from './customer-balance.js';
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent, updatePaymentIntent } from './payments.js';
import { createCashBalanceRefund, expireRefund } from './cash-balance-refunds.js';
import { createRefund, updateRefund } from './refunds.js';
import { list, retrieve, route } from './router.js';
import type { Route } from './router.js';

export const paymentRoutes: Route[] = [
  route('POST', '/v1/payment_intents', ({ account, params, origin }) => createPaymentIntent(account, params, origin)),
  route(
    'GET',
    '/v1/payment_intents',
    list(({ account }) => account.paymentIntents, ['customer']),
  ),
  route(
    'GET',
    '/v1/payment_intents/:id',
    retrieve(({ account }) => account.paymentIntents),
  ),
  route('POST', '/v1/payment_intents/:id', ({ account, params, ids, origin }) => updatePaymentIntent(account, account.paymentIntents.get(ids[0]), params, origin)),
  route('POST', '/v1/payment_intents/:id/confirm', ({ account, params, ids, origin }) => confirmPaymentIntent(account, account.paymentIntents.get(ids[0]), params, origin)),
  route('POST', '/v1/payment_intents/:id/apply_customer_balance', ({ account, params, ids, origin }) =>
    applyCustomerBalance(account, account.paymentIntents.get(ids[0]), params, origin),
  ),
  route('POST', '/v1/payment_intents/:id/cancel', ({ account, params, ids, origin }) => cancelPaymentIntent(account, account.paymentIntents.get(ids[0]), params, origin)),
  route(
    'GET',
    '/v1/payment_methods/:id',
    retrieve(({ account }) => account.paymentMethods),
  ),
  route(
    'GET',
    '/v1/charges',
    list(({ account }) => account.charges, ['payment_intent', 'customer']),
  ),
  route(
    'GET',
    '/v1/charges/:id',
    retrieve(({ account }) => account.charges),
  ),
  // `origin=customer_balance` refunds a customer's cash balance rather than a charge (cash-balance-refunds.ts).
  route('POST', '/v1/refunds', ({ account, params, origin }) =>
    params.origin === undefined ? createRefund(account, params, origin) : createCashBalanceRefund(account, params, origin),
  ),
  route(
    'GET',
    '/v1/refunds',
    list(({ account }) => account.refunds, ['charge', 'payment_intent']),
  ),
  route(
    'GET',
    '/v1/refunds/:id',
    retrieve(({ account }) => account.refunds),
  ),
  route('POST', '/v1/refunds/:id', ({ account, params, ids, origin }) => updateRefund(account, account.refunds.get(ids[0]), params, origin)),
  route('POST', '/v1/test_helpers/refunds/:id/expire', ({ account, params, ids, origin }) => expireRefund(account, account.refunds.get(ids[0]), params, origin)),
];
