// The campaign page's totals follow new gifts without a reload (the API serves them at most a second old).
import { pageData } from './format.js';
import { formatMoney } from './money-format.js';

const data = pageData();
const raised = document.querySelector('[data-raised]');
const donors = document.querySelector('[data-donors]');
const bar = document.querySelector('[role=progressbar]');

async function refresh() {
  try {
    const response = await fetch(`/api/campaigns/${data.campaignId}/totals`, { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const totals = await response.json();
    const goal = formatMoney(totals.goalAmount, totals.currency, data.language);
    const now = formatMoney(totals.raisedAmount, totals.currency, data.language);
    raised.textContent = data.labels.raisedOf.replace('{raised}', now).replace('{goal}', goal);
    donors.textContent = totals.donorCount === 1 ? data.labels.donorsOne : data.labels.donorsMany.replace('{n}', totals.donorCount.toLocaleString(data.language));
    const percent = Math.min(100, Math.floor((totals.raisedAmount * 100) / Math.max(1, totals.goalAmount)));
    bar.setAttribute('aria-valuenow', String(percent));
    bar.querySelector('rect').setAttribute('width', String(percent));
  } catch {
    // offline for a moment: the next poll tries again
  }
}

if (raised) setInterval(refresh, 3000);
