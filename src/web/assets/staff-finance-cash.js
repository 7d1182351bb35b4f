// The finance screen's cash balances: donors' money sent beyond their gifts, with the two things finance can do with
// it (return it to the donor, or give it to the campaign of their latest transfer), and the returns followed to
// their end as Stripe reports them.
import { apiJson, attempt, dateTime, download, el, money, pause, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const OPEN = new Set(['requested', 'requires_action', 'pending']);
const MODE_KEYS = { automatic: 'modeAutomatic', manual: 'modeManual' };

/** What each status of a return means for the donor's money. */
function returnStatus(r) {
  switch (r.status) {
    case 'requested':
      return t('returnAsking');
    case 'requires_action':
      return t('returnWaiting', { email: r.instructionsEmail ?? r.email });
    case 'pending':
      return t('returnPending');
    case 'succeeded':
      return t('returnSucceeded');
    case 'failed':
    case 'canceled': {
      const status = t(r.status === 'failed' ? 'returnFailed' : 'returnCanceled');
      return r.failureReason ? t('returnBecause', { status, reason: r.failureReason }) : status;
    }
    case 'refused':
      return r.failureReason ? t('returnRefusedBecause', { reason: r.failureReason }) : t('returnRefused');
    default:
      return r.status;
  }
}

function donorCell(item) {
  return el('th', { scope: 'row' }, item.donorName ?? t('noName'), el('div', { class: 'meta' }, item.email));
}

async function act(balance, action) {
  const amount = money(balance.availableAmount, balance.currency);
  const who = balance.donorName ?? balance.email;
  const campaign = balance.campaigns[0]?.title ?? t('latestCampaign');
  const question = action === 'refund' ? t('confirmReturn', { amount, who, email: balance.email }) : t('confirmApply', { amount, who, campaign });
  if (!confirm(question)) return;
  const done = await attempt($('cash-error'), () =>
    apiJson(`/api/finance/cash-balances/${encodeURIComponent(balance.stripeCustomerId)}/${action}`, { method: 'POST', body: { amount: balance.availableAmount } }),
  );
  if (done) {
    $('cash-ok').textContent = action === 'refund' ? t('returnAsked', { amount, who, status: returnStatus(done) }) : t('applyDone', { amount, who, campaign });
    $('cash-ok').focus();
  }
  await refresh();
}

function actions(balance) {
  if (balance.availableAmount === 0) return el('td', {}, t('beingReturned'));
  const button = (action, text) =>
    el(
      'button',
      { type: 'button', class: 'secondary small', 'data-action': action, onclick: () => void act(balance, action) },
      text,
      el('span', { class: 'sr-only' }, t('forEmail', { email: balance.email })),
    );
  return el('td', { class: 'actions' }, button('refund', t('returnToDonor')), button('apply', t('giveToCampaign')));
}

function balanceRow(b) {
  return el(
    'tr',
    { 'data-customer': b.stripeCustomerId },
    donorCell(b),
    el('td', { class: 'num' }, money(b.availableAmount, b.currency)),
    el('td', {}, dateTime(b.availableSince) || '—'),
    el('td', {}, b.campaigns.map((c) => c.title).join(', ') || '—'),
    el('td', {}, MODE_KEYS[b.reconciliationMode] ? t(MODE_KEYS[b.reconciliationMode]) : b.reconciliationMode),
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
    el('td', {}, r.requestedBy ?? t('inStripe')),
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
