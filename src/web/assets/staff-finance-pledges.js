// The finance screen's pledges: konbini vouchers and bank transfers awaiting payment, the recent expiries, and the
// pledges CSV.
import { apiJson, attempt, dateTime, download, el, money, startOfLocalDay, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const METHOD_KEYS = { konbini: 'methodKonbini', bank_transfer: 'methodBankTransfer' };

function common(p) {
  return [
    el('td', {}, p.campaignTitle),
    el('td', {}, p.anonymous ? t('anonymousDonor') : (p.donorName ?? '—')),
    el('td', {}, METHOD_KEYS[p.paymentMethod] ? t(METHOD_KEYS[p.paymentMethod]) : p.paymentMethod),
    el('td', { class: 'num' }, money(p.amount, p.currency)),
  ];
}

const awaitingRow = (p) =>
  el('tr', {}, el('td', {}, dateTime(p.pledgedAt)), ...common(p), el('td', { class: 'num' }, money(p.amountRemaining, p.currency)), el('td', {}, dateTime(p.deadline) || '—'));

const expiredRow = (p) => el('tr', {}, el('td', {}, dateTime(p.at)), ...common(p), el('td', {}, dateTime(p.deadline) || '—'));

async function fill(name, status, make) {
  const pledges = await apiJson(`/api/finance/pledges?status=${status}&limit=200`);
  $(`${name}-empty`).hidden = pledges.length > 0;
  $(`${name}-wrap`).hidden = !pledges.length;
  $(name)
    .querySelector('tbody')
    .replaceChildren(...pledges.map(make));
}

async function downloadPledges(form) {
  const params = new URLSearchParams();
  for (const name of ['status', 'from', 'to']) {
    const value = form.elements[name].value;
    if (value) params.set(name, name === 'status' ? value : startOfLocalDay(value));
  }
  await download(`/api/finance/pledges.csv${params.size ? `?${params}` : ''}`, 'kizuna-pledges.csv');
}

export function startPledges() {
  const form = $('pledges-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('pledges-csv-error'), () => downloadPledges(form));
  });
  void attempt($('pledges-error'), () => Promise.all([fill('pledges', 'awaiting_payment', awaitingRow), fill('expiries', 'expired', expiredRow)]));
}
