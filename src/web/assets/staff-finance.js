// The finance screen: donors' cash balances and pledges (their own scripts), reconciliation runs and their
// discrepancies, the ledger as CSV, payouts and their reports, and the Stripe events no donation matched.
import { startCashBalances } from './staff-finance-cash.js';
import { startDonorMerge } from './staff-finance-donors.js';
import { startPledges } from './staff-finance-pledges.js';
import { startReceipts } from './staff-finance-receipts.js';
import { apiJson, attempt, count, dateTime, download, el, money, number, pause, startOfLocalDay, startPage, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const KIND_KEYS = {
  missing_in_ledger: 'kindMissingInLedger',
  missing_in_stripe: 'kindMissingInStripe',
  amount_mismatch: 'kindAmountMismatch',
  fee_mismatch: 'kindFeeMismatch',
  currency_mismatch: 'kindCurrencyMismatch',
  payout_sum_mismatch: 'kindPayoutSumMismatch',
};
const RUN_STATES = { queued: 'runQueued', running: 'runRunning' };
const GROUP_KEYS = { donations: 'groupDonations', refunds: 'groupRefunds', disputes: 'groupDisputes', fees: 'groupFees', other: 'groupOther' };
const PAYOUT_STATUS_KEYS = { paid: 'payoutPaid', pending: 'payoutPending', in_transit: 'payoutInTransit', canceled: 'payoutCanceled', failed: 'payoutFailedStatus' };
const label = (keys, value) => (keys[value] ? t(keys[value]) : value);

/** Expected and actual are amounts in minor units for some kinds and sentences for others. */
function figure(text, currency) {
  return /^-?\d+$/.test(text) && currency ? money(Number(text), currency) : text;
}

function resolvedNote(at, note, actorEmail) {
  return el(
    'p',
    { class: 'resolved', tabindex: '-1' },
    el('strong', {}, t('resolved')),
    `${actorEmail ? t('resolvedBy', { email: actorEmail }) : ''}${t('resolvedAt', { at: dateTime(at) })}`,
    el('q', {}, note),
  );
}

async function resolve(discrepancy, form, errorBox) {
  const input = form.elements.note;
  const note = input.value.trim();
  if (!note) {
    errorBox.textContent = t('noteMissing');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  input.removeAttribute('aria-invalid');
  const submit = form.querySelector('button');
  submit.disabled = true;
  const audit = await attempt(errorBox, () => apiJson(`/api/finance/reconciliation/discrepancies/${discrepancy.id}/resolve`, { method: 'POST', body: { note } }));
  submit.disabled = false;
  if (!audit) return;
  const entry = audit.filter((e) => e.action === 'resolved').at(-1);
  const done = resolvedNote(entry.at, entry.note, entry.actorEmail);
  form.replaceWith(done);
  done.focus();
}

function resolveForm(discrepancy) {
  const noteId = `note-${discrepancy.id}`;
  const errorBox = el('div', { class: 'error', role: 'alert' });
  const form = el(
    'form',
    { class: 'resolve', novalidate: true },
    el('label', { for: noteId }, t('note'), el('span', { class: 'sr-only' }, t('noteOn', { object: discrepancy.stripeObjectId ?? t('thisDiscrepancy') }))),
    el('input', { id: noteId, name: 'note', type: 'text', maxlength: 2000, autocomplete: 'off' }),
    el('button', { type: 'submit', class: 'small' }, t('resolve')),
    errorBox,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void resolve(discrepancy, form, errorBox);
  });
  return form;
}

function discrepancyRow(d) {
  const resolution = d.resolvedAt ? resolvedNote(d.resolvedAt, d.resolutionNote ?? '') : resolveForm(d);
  return el(
    'tr',
    {},
    el('td', {}, label(KIND_KEYS, d.kind)),
    el('td', {}, el('code', {}, d.stripeObjectId ?? '—')),
    el('td', {}, d.currency ? d.currency.toUpperCase() : '—'),
    el('td', { class: 'num' }, figure(d.expected, d.currency)),
    el('td', { class: 'num' }, figure(d.actual, d.currency)),
    el('td', {}, resolution),
  );
}

function showRun(run) {
  const finished = run.status === 'completed' || run.status === 'failed';
  const status = $('run-status');
  status.dataset.status = run.status;
  if (run.status === 'completed')
    status.textContent = t('runCompleted', { matched: number(run.matchedCount), discrepancies: count(run.discrepancyCount, 'oneDiscrepancy', 'nDiscrepancies') });
  else if (run.status === 'failed') status.textContent = t('runFailed', { error: run.error ?? t('runNoReason') });
  else status.textContent = label(RUN_STATES, run.status);

  const period = t('runPeriod', { from: run.from ? dateTime(run.from) : t('runBeginning'), to: run.to ? dateTime(run.to) : t('runStart') });
  $('run-figures').replaceChildren(
    ...[
      ['figRun', run.id],
      ['figPeriod', period],
      ['figMatched', number(run.matchedCount)],
      ['figDiscrepancies', number(run.discrepancyCount)],
    ].map(([term, value]) => el('div', {}, el('dt', {}, t(term)), el('dd', {}, value))),
  );
  $('run-csv').hidden = run.status !== 'completed';
  $('discrepancies-empty').hidden = !finished || run.discrepancies.length > 0;
  $('discrepancies-wrap').hidden = !run.discrepancies.length;
  $('discrepancies')
    .querySelector('tbody')
    .replaceChildren(...run.discrepancies.map(discrepancyRow));
  $('run').hidden = false;
}

let following = 0;
/** Polls a run until it has completed or failed; following another run stops it. */
async function followRun(runId) {
  const ticket = ++following;
  for (let round = 0; ticket === following; round++) {
    const run = await apiJson(`/api/finance/reconciliation/runs/${encodeURIComponent(runId)}`);
    if (ticket !== following) return;
    showRun(run);
    if (run.status === 'completed' || run.status === 'failed') return;
    await pause(round < 30 ? 1000 : 3000);
  }
}

async function startRun(form) {
  const body = {};
  if (form.elements.from.value) body.from = startOfLocalDay(form.elements.from.value);
  if (form.elements.to.value) body.to = startOfLocalDay(form.elements.to.value);
  const submit = form.querySelector('button');
  submit.disabled = true;
  try {
    const { runId } = await apiJson('/api/finance/reconciliation/runs', { method: 'POST', body });
    // In the address, so a reload (or a colleague given the link) comes back to this run.
    history.replaceState(null, '', `?run=${encodeURIComponent(runId)}`);
    $('run-status').textContent = t(RUN_STATES.queued);
    $('run').hidden = false;
    await followRun(runId);
  } finally {
    submit.disabled = false;
  }
}

/** Dates of the form are days of the organisation's calendar; the API takes instants. */
function localValue(name, value) {
  return name === 'from' || name === 'to' ? startOfLocalDay(value) : value;
}

function query(form, names) {
  const params = new URLSearchParams();
  for (const name of names) if (form.elements[name].value) params.set(name, localValue(name, form.elements[name].value));
  return params.size ? `?${params}` : '';
}

async function downloadLedger(form) {
  $('ledger-ok').textContent = '';
  const name = await download(`/api/finance/ledger.csv${query(form, ['from', 'to', 'campaignId'])}`, 'kizuna-ledger.csv');
  $('ledger-ok').textContent = t('downloaded', { name });
}

async function loadCampaigns() {
  const campaigns = await apiJson('/api/campaigns');
  $('ledger-campaign').append(
    ...campaigns.map((c) =>
      el('option', { value: c.id }, `${c.title} (${c.currency.toUpperCase()}, ${label({ draft: 'statusDraft', active: 'statusActive', closed: 'statusClosed' }, c.status)})`),
    ),
  );
}

function groupRow(name, totals, currency, header = 'td') {
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, name),
    el(header, { class: 'num' }, number(totals.count)),
    el(header, { class: 'num' }, money(totals.amount, currency)),
    el(header, { class: 'num' }, money(totals.fee, currency)),
    el(header, { class: 'num' }, money(totals.net, currency)),
  );
}

async function showPayout(payoutId) {
  const report = await apiJson(`/api/finance/payouts/${encodeURIComponent(payoutId)}`);
  const { payout } = report;
  const heading = el('h3', { tabindex: '-1' }, t('payoutHeading', { id: payout.id }));
  const errorBox = el('div', { class: 'error', role: 'alert' });
  const csv = el('button', { type: 'button', class: 'secondary' }, t('payoutCsv'));
  csv.addEventListener('click', () => void attempt(errorBox, () => download(`/api/finance/payouts/${encodeURIComponent(payout.id)}/report.csv`, `kizuna-payout-${payout.id}.csv`)));
  const match = report.netMatchesPayout
    ? el('p', { class: 'ok' }, t('payoutAddsUp'))
    : el('p', { class: 'error' }, t('payoutDiffers', { amount: money(report.difference, payout.currency) }));
  $('payout-report').replaceChildren(
    heading,
    el(
      'p',
      { class: 'meta' },
      `${t('payoutMeta', { amount: money(payout.amount, payout.currency), status: label(PAYOUT_STATUS_KEYS, payout.status), created: dateTime(payout.created) })}${
        payout.arrivalDate ? t('payoutArrives', { at: dateTime(payout.arrivalDate) }) : ''
      }`,
    ),
    match,
    el(
      'div',
      { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('payoutByGroup', { id: payout.id }) },
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el('tr', {}, ...['colGroup', 'colTransactions', 'colAmount', 'colFee', 'colNet'].map((h, i) => el('th', { scope: 'col', class: i ? 'num' : false }, t(h)))),
        ),
        el(
          'tbody',
          {},
          Object.entries(report.groups).map(([name, group]) => groupRow(label(GROUP_KEYS, name), group, payout.currency)),
        ),
        el('tfoot', {}, groupRow(t('groupTotal'), report.totals, payout.currency, 'th')),
      ),
    ),
    el('p', {}, csv),
    errorBox,
  );
  $('payout-report').hidden = false;
  heading.focus();
}

/** A failed payout says why, as the bank told Stripe; its money went back to the Stripe balance. */
function payoutStatus(p) {
  if (p.status !== 'failed') return label(PAYOUT_STATUS_KEYS, p.status);
  const code = p.failureCode ?? t('payoutUnknown');
  return el('span', { class: 'error' }, p.failureMessage ? t('payoutFailedBecause', { code, message: p.failureMessage }) : t('payoutFailed', { code }));
}

/** Stripe itemises an automatic payout; a manual one is checked against its own ledger payout instead. */
function payoutMatch(p) {
  if (p.netMatchesPayout) return t(p.automatic ? 'matchYes' : 'matchYesLedger');
  return p.automatic ? t('matchNoNet', { amount: money(p.net, p.currency) }) : t('matchNoLedger');
}

async function loadPayouts() {
  const payouts = await apiJson('/api/finance/payouts');
  $('payouts-empty').hidden = payouts.length > 0;
  $('payouts-wrap').hidden = !payouts.length;
  $('payouts')
    .querySelector('tbody')
    .replaceChildren(
      ...payouts.map((p) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('code', {}, p.id)),
          el('td', {}, dateTime(p.created)),
          el('td', {}, payoutStatus(p)),
          el('td', { class: 'num' }, money(p.amount, p.currency)),
          el('td', { class: 'num' }, p.automatic ? number(p.transactionCount) : t('payoutManual')),
          el('td', {}, payoutMatch(p)),
          el(
            'td',
            {},
            el(
              'button',
              { type: 'button', class: 'secondary small', onclick: () => void attempt($('payouts-error'), () => showPayout(p.id)) },
              t('colReport'),
              el('span', { class: 'sr-only' }, t('reportFor', { id: p.id })),
            ),
          ),
        ),
      ),
    );
}

async function loadUnmatched() {
  const events = await apiJson('/api/finance/unmatched-events');
  $('unmatched-empty').hidden = events.length > 0;
  $('unmatched-wrap').hidden = !events.length;
  $('unmatched')
    .querySelector('tbody')
    .replaceChildren(
      ...events.map((e) =>
        el(
          'tr',
          {},
          el('td', {}, dateTime(e.receivedAt)),
          el('th', { scope: 'row' }, e.type, el('br'), el('code', {}, e.eventId)),
          el('td', {}, el('code', {}, e.stripeObjectId ?? '—')),
          el('td', { class: 'num' }, e.amount !== null && e.currency ? money(e.amount, e.currency) : '—'),
          el('td', {}, e.reason),
        ),
      ),
    );
}

if (startPage()) {
  startCashBalances();
  startDonorMerge();
  startPledges();
  startReceipts();
  $('run-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('run-error'), () => startRun($('run-form')));
  });
  $('run-csv').addEventListener('click', () => {
    const runId = new URLSearchParams(location.search).get('run');
    void attempt($('run-csv-error'), () => download(`/api/finance/reconciliation/runs/${encodeURIComponent(runId)}/discrepancies.csv`, `kizuna-reconciliation-${runId}.csv`));
  });
  $('ledger-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('ledger-error'), () => downloadLedger($('ledger-form')));
  });
  const runId = new URLSearchParams(location.search).get('run');
  if (runId) void attempt($('run-error'), () => followRun(runId));
  void attempt($('ledger-error'), loadCampaigns);
  void attempt($('payouts-error'), loadPayouts);
  void attempt($('unmatched-error'), loadUnmatched);
}
