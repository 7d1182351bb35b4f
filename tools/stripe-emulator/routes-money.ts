import { closeDispute, updateDispute } from './disputes.js';
import { invalidRequest } from './errors.js';
import { balanceObject } from './ledger.js';
import { filterList, listPage } from './list.js';
import { checkKnownParams, optionalString } from './params.js';
import { createPayout, updatePayout } from './payouts.js';
import { list, retrieve, route } from './router.js';
import type { Route, RouteContext } from './router.js';

export const moneyRoutes: Route[] = [
  route(
    'GET',
    '/v1/disputes',
    list(({ account }) => account.disputes, ['charge', 'payment_intent']),
  ),
  route(
    'GET',
    '/v1/disputes/:id',
    retrieve(({ account }) => account.disputes),
  ),
  route('POST', '/v1/disputes/:id', ({ account, params, ids, origin }) => updateDispute(account, account.disputes.get(ids[0]), params, origin)),
  route('POST', '/v1/disputes/:id/close', ({ account, params, ids, origin }) => closeDispute(account, account.disputes.get(ids[0]), params, origin)),
  route('GET', '/v1/balance', ({ account, params }) => {
    checkKnownParams(params, []);
    return balanceObject(account);
  }),
  route('GET', '/v1/balance_transactions', listBalanceTransactions),
  route(
    'GET',
    '/v1/balance_transactions/:id',
    retrieve(({ account }) => account.balanceTransactions),
  ),
  route('POST', '/v1/payouts', ({ account, params, origin }) => createPayout(account, params, origin)),
  route(
    'GET',
    '/v1/payouts',
    list(({ account }) => account.payouts, ['status', 'currency']),
  ),
  route(
    'GET',
    '/v1/payouts/:id',
    retrieve(({ account }) => account.payouts),
  ),
  route('POST', '/v1/payouts/:id', ({ account, params, ids, origin }) => updatePayout(account, account.payouts.get(ids[0]), params, origin)),
  route('GET', '/v1/events', listEvents),
  route(
    'GET',
    '/v1/events/:id',
    retrieve(({ account }) => account.events.all),
  ),
];

/**
 * `payout=po_…` lists what an automatic payout paid out plus the payout's own transaction. Stripe cannot
 * say what a manual payout paid out (docs.stripe.com/payouts/reconciliation) and refuses the filter for one.
 */
function listBalanceTransactions({ account, params }: RouteContext) {
  checkKnownParams(params, ['limit', 'starting_after', 'ending_before', 'created', 'payout', 'type', 'currency', 'source']);
  const payoutId = optionalString(params, 'payout');
  if (payoutId && !account.payouts.get(payoutId, 'payout').automatic) {
    throw invalidRequest('Balance transaction history can only be filtered on automatic transfers, not manual.', { param: 'payout' });
  }
  let items = account.balanceTransactions.newestFirst();
  if (payoutId) items = items.filter((transaction) => account.payoutOf.get(transaction.id) === payoutId);
  const filtered = filterList(items, params, ['type', 'currency', 'source']);
  return listPage(filtered, params, account.balanceTransactions.url);
}

/** `type` may end in `*` (`charge.dispute.*`); `types[]` lists several. */
function listEvents({ account, params }: RouteContext) {
  checkKnownParams(params, ['limit', 'starting_after', 'ending_before', 'created', 'type', 'types', 'delivery_success']);
  const type = optionalString(params, 'type');
  const types = Array.isArray(params.types) ? (params.types as string[]) : undefined;
  const items = account.events.all.newestFirst().filter((event) => {
    if (type && !matchesType(event.type, type)) return false;
    return !types || types.includes(event.type);
  });
  return listPage(filterList(items, params, []), params, account.events.all.url);
}

function matchesType(eventType: string, pattern: string): boolean {
  return pattern.endsWith('*') ? eventType.startsWith(pattern.slice(0, -1)) : eventType === pattern;
}
