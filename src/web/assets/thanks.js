// The thank-you page: follows the donation until its result is known, then shows it.
import { pageData } from './format.js';
import { formatMoney } from './money-format.js';

const data = pageData();
const params = new URLSearchParams(location.search);
const result = document.getElementById('result');
const next = document.getElementById('next');
const t = data.labels;

function show(lines, link) {
  result.replaceChildren(...lines.map((text) => Object.assign(document.createElement('p'), { textContent: text })));
  if (link) {
    next.replaceChildren(Object.assign(document.createElement('a'), { href: link.href, textContent: link.text, className: 'button' }));
    next.hidden = false;
  }
}

async function poll(attempt = 0) {
  const response = await fetch(`/api/donations/${encodeURIComponent(params.get('donation'))}/status?token=${encodeURIComponent(params.get('token'))}`).catch(() => null);
  if (!response?.ok) return show([t.error]);
  const view = await response.json();
  const campaign = { href: `/campaigns/${view.campaignSlug}?lang=${data.language}`, text: t.backToCampaign };
  const retry = { href: `/campaigns/${view.campaignSlug}/give?lang=${data.language}`, text: t.tryAgain };
  // After a declined card and a good one, the donation reads `failed` until the success reaches Kizuna: Stripe's redirect already says which.
  const paid = params.get('redirect_status') === 'succeeded';
  if (view.status === 'pending' || (view.status === 'failed' && paid)) {
    if (params.get('redirect_status') === 'failed') return show([t.failed], retry);
    if (attempt > 40) return show([t.stillPending], campaign);
    return setTimeout(() => void poll(attempt + 1), attempt < 10 ? 500 : 1500);
  }
  if (view.status === 'failed') return show([t.failed], retry);
  const amount = formatMoney(view.amount + view.coveredFeeAmount, view.currency, data.language);
  const receipt = view.receiptNumber ? t.receiptSent.replace('{number}', view.receiptNumber) : t.receiptSoon;
  show([t.succeeded.replace('{amount}', amount).replace('{title}', view.campaignTitle), receipt], campaign);
  // The receipt number comes a moment later, from the worker.
  if (!view.receiptNumber && attempt < 60) setTimeout(() => void poll(attempt + 1), 2000);
}

if (params.get('donation') && params.get('token')) void poll();
else show([t.error]);
