// The finance screen's cash balances: donors' money sent beyond their gifts, with the two things finance can do with
// it (return it to the donor, or give it to the campaign of their latest transfer), and the returns followed to
// their end as Stripe reports them.
import { apiJson, attempt, dateTime, download, el, money, pause } from './staff.js';

const $ = (id) => document.getElementById(id);
const OPEN = new Set(['requested', 'requires_action', 'pending']);
const MODE_LABELS = { automatic: 'Automatic', manual: 'Manual: Kizuna applies it to waiting transfers' };

/** What each status of a return means for the donor's money. */
function returnStatus(r) {
  switch (r.status) {
    case 'requested':
      return 'Asking Stripe…';
    case 'requires_action':
      return `Waiting for the donor's bank account (Stripe emailed ${r.instructionsEmail ?? r.email})`;
    case 'pending':
      return "On its way to the donor's bank";
    case 'succeeded':
      return 'Returned';
    case 'failed':
    case 'canceled':
      return `${r.status === 'failed' ? 'Failed' : 'Canceled'}: the money is back in the cash balance${r.failureReason ? ` (${r.failureReason})` : ''}`;
    case 'refused':
      return `Refused by Stripe, nothing moved${r.failureReason ? `: ${r.failureReason}` : ''}`;
    default:
      return r.status;
  }
}

function donorCell(item) {
  return el('th', { scope: 'row' }, item.donorName ?? '(no name)', el('div', { class: 'meta' }, item.email));
}

async function act(balance, action) {
  const amount = money(balance.availableAmount, balance.currency);
  const who = balance.donorName ?? balance.email;
  const campaign = balance.campaigns[0]?.title ?? 'their latest campaign';
  const question =
    action === 'refund'
      ? `Return ${amount} to ${who}? Stripe emails ${balance.email} for the bank account to send it to.`
      : `Give ${amount} from ${who}'s cash balance to “${campaign}” as a new donation? Do this only if the donor asked for it.`;
  if (!confirm(question)) return;
  const done = await attempt($('cash-error'), () =>
    apiJson(`/api/finance/cash-balances/${encodeURIComponent(balance.stripeCustomerId)}/${action}`, { method: 'POST', body: { amount: balance.availableAmount } }),
  );
  if (done) {
    $('cash-ok').textContent =
      action === 'refund'
        ? `Return of ${amount} to ${who} asked for: ${returnStatus(done)}.`
        : `Gift of ${amount} by ${who} to “${campaign}” made: it is receipted once Stripe confirms the payment.`;
    $('cash-ok').focus();
  }
  await refresh();
}

function actions(balance) {
  if (balance.availableAmount === 0) return el('td', {}, 'Being returned');
  const button = (action, text) =>
    el(
      'button',
      { type: 'button', class: 'secondary small', 'data-action': action, onclick: () => void act(balance, action) },
      text,
      el('span', { class: 'sr-only' }, ` for ${balance.email}`),
    );
  return el('td', { class: 'actions' }, button('refund', 'Return to donor'), button('apply', 'Give to campaign'));
}

function balanceRow(b) {
  return el(
    'tr',
    { 'data-customer': b.stripeCustomerId },
    donorCell(b),
    el('td', { class: 'num' }, money(b.availableAmount, b.currency)),
    el('td', {}, dateTime(b.availableSince) || '—'),
    el('td', {}, b.campaigns.map((c) => c.title).join(', ') || '—'),
    el('td', {}, MODE_LABELS[b.reconciliationMode] ?? b.reconciliationMode),
    actions(b),
  );
}

function returnRow(r) {
  return el(
    'tr',
    { 'data-return': r.id, 'data-status': r.status },
    el('td', {}, dateTime(r.createdAt)),
    donorCell(r),
    el('td', { class: 'num' }, money(r.amount, r.currency)),
    el('td', { class: 'return-status' }, returnStatus(r)),
    el('td', {}, r.stripeRefundId ? el('code', {}, r.stripeRefundId) : '—'),
    el('td', {}, r.requestedBy ?? 'in Stripe'),
  );
}

function fill(name, rows, make) {
  $(`${name}-empty`).hidden = rows.length > 0;
  $(`${name}-wrap`).hidden = !rows.length;
  return rows.map(make);
}

async function loadBalances() {
  const balances = await apiJson('/api/finance/cash-balances');
  $('cash-balances')
    .querySelector('tbody')
    .replaceChildren(...fill('cash', balances, balanceRow));
}

/** Answers whether a return is still on its way. */
async function loadReturns() {
  const returns = await apiJson('/api/finance/cash-returns');
  $('cash-returns')
    .querySelector('tbody')
    .replaceChildren(...fill('returns', returns, returnRow));
  return returns.some((r) => OPEN.has(r.status));
}

let following = 0;
/** Reloads both tables, then keeps reading them while a return is on its way (its status moves at Stripe's pace). */
async function refresh() {
  const ticket = ++following;
  await attempt($('cash-error'), loadBalances);
  for (let round = 0; ticket === following; round++) {
    const open = await attempt($('returns-error'), loadReturns);
    if (!open || ticket !== following) return;
    await pause(round < 30 ? 2000 : 10_000);
    if (ticket === following) await attempt($('cash-error'), loadBalances);
  }
}

export function startCashBalances() {
  $('cash-csv').addEventListener('click', () => void attempt($('cash-error'), () => download('/api/finance/cash-balances.csv', 'kizuna-cash-balances.csv')));
  void refresh();
}
