// The admins' email page: receipts, annual receipts and update emails not delivered, and sending chosen ones again.
import { apiJson, attempt, count, dateTime, el, money, number, startPage, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const KINDS = { receipt: 'receiptKindReceipt', correction: 'receiptKindCorrection', cancellation: 'receiptKindCancellation', reissue: 'receiptKindReissue' };
const ANNUAL_KINDS = { annual: 'annualKindAnnual', reissue: 'annualKindReissue' };

function state(item) {
  if (item.failedAt) return t('mailFailed', { at: dateTime(item.failedAt) });
  return t(item.attempts ? 'mailRetrying' : 'mailWaiting');
}

function chooser(name, item, label) {
  const id = `${name}-${item.id}`;
  return el('td', {}, el('input', { type: 'checkbox', id, name, value: item.id, checked: Boolean(item.failedAt) }), el('label', { for: id, class: 'sr-only' }, label));
}

function receiptRow(r) {
  return el(
    'tr',
    {},
    chooser('receipt', r, t('sendReceiptAgain', { number: r.number })),
    el('th', { scope: 'row' }, r.number),
    el('td', {}, KINDS[r.kind] ? t(KINDS[r.kind]) : r.kind),
    el('td', {}, dateTime(r.issuedAt)),
    el('td', {}, state(r)),
    el('td', { class: 'num' }, String(r.attempts)),
    el('td', {}, r.lastError ?? '—'),
  );
}

function annualRow(a) {
  return el(
    'tr',
    {},
    chooser('annual', a, t('sendAnnualAgain', { number: a.number })),
    el('th', { scope: 'row' }, a.number, el('br'), el('small', {}, t(ANNUAL_KINDS[a.kind] ?? 'annualKindAnnual'))),
    el('td', {}, String(a.year)),
    el('td', { class: 'num' }, money(a.amount, a.currency)),
    el('td', {}, dateTime(a.issuedAt)),
    el('td', {}, state(a)),
    el('td', { class: 'num' }, String(a.attempts)),
    el('td', {}, a.lastError ?? '—'),
  );
}

function updateRow(u) {
  return el(
    'tr',
    {},
    chooser('delivery', u, t('sendUpdateAgain', { title: u.title, donor: u.donorId })),
    el('th', { scope: 'row' }, u.title, el('br'), el('small', {}, t('toDonor', { donor: u.donorId }))),
    el('td', {}, dateTime(u.createdAt)),
    el('td', {}, state(u)),
    el('td', { class: 'num' }, String(u.attempts)),
    el('td', {}, u.lastError ?? '—'),
  );
}

/** The page's three tables (staff-mail-pages.controller.ts): the answer's list each shows, and the ids it sends back to retry. */
const SECTIONS = [
  { id: 'receipts', list: 'receipts', row: receiptRow, checkbox: 'receipt', field: 'receiptIds' },
  { id: 'annual', list: 'annualReceipts', row: annualRow, checkbox: 'annual', field: 'annualReceiptIds' },
  { id: 'updates', list: 'updates', row: updateRow, checkbox: 'delivery', field: 'deliveryIds' },
];

async function load() {
  const mail = await apiJson('/api/mail/undelivered');
  $('mail-summary').textContent = t('mailSummary', {
    receipts: count(mail.failedReceipts, 'oneReceipt', 'nReceipts'),
    annual: count(mail.failedAnnualReceipts, 'oneAnnualReceipt', 'nAnnualReceipts'),
    updates: count(mail.failedUpdates, 'oneUpdateEmail', 'nUpdateEmails'),
    shown: number(mail.receipts.length + mail.annualReceipts.length + mail.updates.length),
  });
  for (const section of SECTIONS) {
    const items = mail[section.list];
    $(`${section.id}-empty`).hidden = items.length > 0;
    $(`${section.id}-form`).hidden = !items.length;
    $(section.id)
      .querySelector('tbody')
      .replaceChildren(...items.map(section.row));
  }
}

async function retry(form, name, field) {
  const ids = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
  $('retry-ok').textContent = '';
  if (!ids.length) {
    $('mail-error').textContent = t('chooseOne');
    return;
  }
  const submit = form.querySelector('button');
  submit.disabled = true;
  try {
    const queued = await apiJson('/api/mail/retry', { method: 'POST', body: { [field]: ids } });
    $('retry-ok').textContent = t('queued', {
      receipts: count(queued.receipts, 'oneReceipt', 'nReceipts'),
      annual: count(queued.annualReceipts, 'oneAnnualReceipt', 'nAnnualReceipts'),
      updates: count(queued.updates, 'oneUpdateEmail', 'nUpdateEmails'),
    });
    await load();
  } finally {
    submit.disabled = false;
  }
}

if (startPage()) {
  for (const { id, checkbox, field } of SECTIONS) {
    const form = $(`${id}-form`);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void attempt($('mail-error'), () => retry(form, checkbox, field));
    });
  }
  void attempt($('mail-error'), load);
}
