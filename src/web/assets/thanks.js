// The thank-you page: follows the donation until its result is known, then shows it. A konbini voucher or a bank
// transfer (a pledge) shows how to pay while it waits, and turns to paid or expired when that comes.
import { fill, pageData } from './format.js';
import { formatJapanDeadline, formatMoney } from './money-format.js';

const data = pageData();
const params = new URLSearchParams(location.search);
const result = document.getElementById('result');
const next = document.getElementById('next');
const t = data.labels;
const p = t.pledge;
/** Polls while a pledge waits: every 3 s at first, then every 15 s for a page left open. */
const PLEDGE_FAST_POLLS = 100;
let pledgePolls = 0;
let shownPledge = '';

const money = (amount, view) => formatMoney(amount, view.currency, data.language);

function el(tag, text, props = {}) {
  return Object.assign(document.createElement(tag), { textContent: text, ...props });
}

function showNodes(nodes, link) {
  result.replaceChildren(...nodes);
  next.hidden = !link;
  if (link) next.replaceChildren(el('a', link.text, { href: link.href, className: 'button' }));
}

function show(lines, link) {
  showNodes(
    lines.map((text) => el('p', text)),
    link,
  );
}

/** Label and value pairs, as a description list. */
function facts(rows) {
  const list = el('dl', '', { className: 'facts' });
  for (const [term, value] of rows) list.append(el('dt', term), el('dd', value));
  return list;
}

/** Stripe's voucher page, in the page's language; only an http(s) address becomes a link. */
function voucherLink(address) {
  const url = URL.canParse(address) ? new URL(address) : null;
  if (!url || !/^https?:$/.test(url.protocol)) return [];
  url.searchParams.set('locale', data.language);
  return [el('a', p.openVoucher, { href: url.toString(), className: 'button', target: '_blank', rel: 'noopener' }), el('p', p.voucherHint, { className: 'hint' })];
}

function store({ chain, paymentCode, confirmationNumber }) {
  const codes = [[p.paymentCode, paymentCode], ...(confirmationNumber ? [[p.confirmationNumber, confirmationNumber]] : [])];
  const section = el('section', '', { className: 'store' });
  section.append(el('h3', p.chains[chain] ?? chain), facts(codes), el('p', p.storeSteps[chain] ?? ''));
  return section;
}

function konbini(view, action) {
  const total = money(view.amount + view.coveredFeeAmount, view);
  return [
    el('p', fill(p.received, { amount: total, title: view.campaignTitle })),
    el('p', p.konbiniIntro),
    facts([
      [p.amountToPay, total],
      [p.deadline, formatJapanDeadline(new Date(action.expiresAt), data.language)],
    ]),
    ...voucherLink(action.voucherUrl),
    el('h2', p.atTheStore),
    ...action.stores.map(store),
    el('p', p.whenPaid),
  ];
}

function bankTransfer(view, action) {
  const total = view.amount + view.coveredFeeAmount;
  const remaining = action.amountRemaining;
  const withCode = (name, code) => fill(p.withCode, { name, code });
  const part =
    remaining < total
      ? [el('p', fill(p.partReceived, { received: money(total - remaining, view), total: money(total, view), remaining: money(remaining, view) }), { className: 'notice' })]
      : [];
  return [
    el('p', fill(p.received, { amount: money(total, view), title: view.campaignTitle })),
    ...part,
    el('p', p.bankIntro),
    facts([
      [p.amountToSend, money(remaining, view)],
      [p.bank, withCode(action.bankName, action.bankCode)],
      [p.branch, withCode(action.branchName, action.branchCode)],
      [p.accountType, p.accountTypes[action.accountType] ?? action.accountType],
      [p.accountNumber, action.accountNumber],
      [p.accountHolder, action.accountHolderName],
    ]),
    el('p', p.whenPaid),
  ];
}

/** How to pay a pledge; drawn again only when it changed (a part of a transfer arrived), so a screen reader hears it once. */
function showPledge(view) {
  const key = JSON.stringify(view.nextAction);
  if (key === shownPledge) return;
  shownPledge = key;
  showNodes(view.nextAction.type === 'konbini' ? konbini(view, view.nextAction) : bankTransfer(view, view.nextAction));
}

async function status() {
  const response = await fetch(`/api/donations/${encodeURIComponent(params.get('donation'))}/status?token=${encodeURIComponent(params.get('token'))}`).catch(() => null);
  return response?.ok ? response.json() : null;
}

function later(attempt, ms) {
  setTimeout(() => void poll(attempt + 1), ms);
}

function awaitPayment(view, attempt) {
  if (view.nextAction) showPledge(view);
  pledgePolls += 1;
  later(attempt, pledgePolls < PLEDGE_FAST_POLLS ? 3000 : 15000);
}

function showPaid(view, attempt, campaign) {
  const amount = formatMoney(view.amount + view.coveredFeeAmount, view.currency, data.language);
  const receipt = view.receiptNumber ? t.receiptSent.replace('{number}', view.receiptNumber) : t.receiptSoon;
  const paid = view.paymentMethod === 'card' ? [] : [p.paid];
  show([...paid, t.succeeded.replace('{amount}', amount).replace('{title}', view.campaignTitle), receipt], campaign);
  // The receipt number comes a moment later, from the worker.
  if (!view.receiptNumber && attempt < 60) later(attempt, 2000);
}

async function poll(attempt = 0) {
  const view = await status();
  // A page showing how to pay keeps it through a moment offline.
  if (!view && shownPledge) return later(attempt, 15000);
  if (!view) return show([t.error]);
  const campaign = { href: `/campaigns/${view.campaignSlug}?lang=${data.language}`, text: t.backToCampaign };
  const give = `/campaigns/${view.campaignSlug}/give?lang=${data.language}`;
  // After a declined card and a good one, the donation reads `failed` until the success reaches Kizuna: Stripe's redirect already says which.
  const paid = params.get('redirect_status') === 'succeeded';
  if (view.status === 'pending' || (view.status === 'failed' && paid)) {
    if (params.get('redirect_status') === 'failed') return show([t.failed], { href: give, text: t.tryAgain });
    if (attempt > 40) return show([t.stillPending], campaign);
    return later(attempt, attempt < 10 ? 500 : 1500);
  }
  if (view.status === 'awaiting_payment') return awaitPayment(view, attempt);
  if (view.status === 'expired') return show([p.expired], { href: give, text: p.giveAgain });
  if (view.status === 'failed') return show([t.failed], { href: give, text: t.tryAgain });
  // A pledge paid starts its wait for the receipt afresh.
  showPaid(view, shownPledge ? 0 : attempt, campaign);
  shownPledge = '';
}

if (params.get('donation') && params.get('token')) void poll();
else show([t.error]);
