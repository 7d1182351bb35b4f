// The coordinator's dashboard: every campaign with its staff totals (raised and pledged apart), and the form that creates a draft.
import { submitCampaignForm } from './staff-campaign-form.js';
import { ApiError, apiJson, attempt, el, money, number, signOut, startPage, t, toLogin } from './staff.js';
import { disasterLabel, statusLabel } from './staff-campaign-form.js';

function row(campaign) {
  const totals = campaign.totals;
  const amount = (value) => el('td', { class: 'num' }, money(value, campaign.currency));
  return el(
    'tr',
    {},
    el(
      'th',
      { scope: 'row' },
      el('a', { href: `/staff/campaigns/${campaign.id}` }, campaign.title),
      el('div', { class: 'meta' }, `${campaign.region} · ${disasterLabel(campaign.disasterType)}`),
    ),
    el('td', {}, el('span', { class: `status status-${campaign.status}` }, statusLabel(campaign.status))),
    amount(campaign.goalAmount),
    amount(totals.raisedAmount),
    amount(totals.pendingAmount),
    amount(totals.grossAmount),
    amount(totals.feeAmount),
    amount(totals.refundedAmount),
    amount(totals.disputedAmount),
    amount(totals.netAmount),
    el('td', { class: 'num' }, number(totals.donationCount)),
    el('td', { class: 'num' }, number(totals.pendingCount)),
  );
}

async function loadCampaigns() {
  const campaigns = await apiJson('/api/campaigns');
  // The list is public too: without the staff figures, the API did not accept the token (a new signing key, say).
  if (campaigns.some((c) => c.totals.grossAmount === undefined)) {
    signOut();
    toLogin();
    throw new ApiError(401, t('sessionEnded'));
  }
  document.querySelector('#campaigns tbody').replaceChildren(...campaigns.map(row));
  document.getElementById('list-empty').hidden = campaigns.length > 0;
}

if (startPage()) {
  const form = document.getElementById('create');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const created = await submitCampaignForm(form, document.getElementById('create-error'), (campaign) => apiJson('/api/campaigns', { method: 'POST', body: campaign }));
    if (created) location.assign(`/staff/campaigns/${created.id}`);
  });
  void attempt(document.getElementById('list-error'), loadCampaigns);
}
