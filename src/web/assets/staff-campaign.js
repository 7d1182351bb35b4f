// One campaign for its coordinators: staff totals, who coordinates it (admins assign them), publish and close,
// donations over time, progress updates with their delivery, and the edit form.
import { fillCampaignForm, submitCampaignForm } from './staff-campaign-form.js';
import { drawChart } from './staff-chart.js';
import { ApiError, apiJson, attempt, dateTime, el, markInvalid, money, pause, startPage, submitForm } from './staff.js';

const $ = (id) => document.getElementById(id);
const STATUS_LABELS = { draft: 'Draft', active: 'Active', closed: 'Closed' };
const STATE_HELP = {
  draft: 'This campaign is a draft: only staff can see it. Publish it to open it to donations.',
  active: 'This campaign is open and takes donations. Closing it stops donations for good; its page stays public.',
  closed: 'This campaign is closed: its page stays public and it takes no more donations.',
};

const page = startPage();
const id = page?.data.campaignId;
let campaign = null;

function render(next) {
  campaign = next;
  document.title = `${campaign.title} · Kizuna staff`;
  $('campaign-title').textContent = campaign.title;
  $('campaign-status').className = `status status-${campaign.status}`;
  $('campaign-status').textContent = STATUS_LABELS[campaign.status] ?? campaign.status;
  $('campaign-meta').textContent = `${campaign.region} · ${campaign.disasterType} · ${campaign.currency.toUpperCase()} · created ${dateTime(campaign.createdAt)}`;
  const link = $('public-link');
  link.hidden = campaign.status === 'draft';
  link.href = `/campaigns/${campaign.slug}`;
  link.textContent = `Public page (/campaigns/${campaign.slug})`;

  const t = campaign.totals;
  const figures = [
    ['Goal', money(campaign.goalAmount, campaign.currency)],
    ['Raised (paid)', money(t.raisedAmount, campaign.currency)],
    ['Pledged (awaiting payment)', `${money(t.pendingAmount, campaign.currency)} (${t.pendingCount === 1 ? '1 pledge' : `${t.pendingCount.toLocaleString('en')} pledges`})`],
    ['Gross', money(t.grossAmount, campaign.currency)],
    ['Stripe fees', money(t.feeAmount, campaign.currency)],
    ['Refunds', money(t.refundedAmount, campaign.currency)],
    ['Disputes', money(t.disputedAmount, campaign.currency)],
    ['Net', money(t.netAmount, campaign.currency)],
    ['Fees covered by donors', money(t.coveredFeeAmount, campaign.currency)],
    ['Donations', t.donationCount.toLocaleString('en')],
    ['Donors', t.donorCount.toLocaleString('en')],
  ];
  $('totals').replaceChildren(...figures.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));

  $('state-help').textContent = STATE_HELP[campaign.status] ?? '';
  $('publish').hidden = campaign.status !== 'draft';
  $('close').hidden = campaign.status !== 'active';
}

async function changeState(action) {
  if (action === 'close' && !confirm(`Close “${campaign.title}”? It stops taking donations and cannot be opened again.`)) return;
  const button = $(action);
  button.disabled = true;
  try {
    render(await apiJson(`/api/campaigns/${id}/${action}`, { method: 'POST' }));
  } catch (error) {
    // A conflict means someone changed the campaign meanwhile: show it as it is now, under the message.
    if (error instanceof ApiError && error.status === 409) render(await apiJson(`/api/campaigns/${id}`));
    throw error;
  } finally {
    button.disabled = false;
  }
  $('state-help').focus();
}

let chartRequest = 0;
async function loadChart() {
  const by = document.querySelector('input[name=by]:checked').value;
  const ticket = ++chartRequest;
  const rows = await apiJson(`/api/campaigns/${id}/donations-over-time?by=${by}`);
  if (ticket === chartRequest) drawChart($('chart'), rows, by, campaign.currency);
}

function deliveryDone(progress) {
  return progress.fanOutDone && progress.sent + progress.skipped >= progress.recipients;
}

function showDelivery(progress) {
  const { recipients, sent, skipped } = progress;
  let state;
  if (!progress.fanOutDone) state = 'Listing the donors who asked for updates…';
  else if (!deliveryDone(progress)) state = `Sending: ${sent + skipped} of ${recipients}…`;
  else if (recipients === 0) state = 'Done: no donor of this campaign asked for updates.';
  else state = `Delivery done: ${sent} of ${recipients} emails sent${skipped ? `, ${skipped} skipped (unsubscribed since)` : ''}.`;
  const box = $('delivery');
  box.dataset.state = deliveryDone(progress) ? 'done' : 'sending';
  box.replaceChildren(
    el('p', {}, el('strong', {}, `“${progress.title}”`), ` — ${state}`),
    el('progress', { max: Math.max(1, recipients), value: deliveryDone(progress) ? Math.max(1, recipients) : sent + skipped, 'aria-label': 'Delivery progress' }),
    el('p', { class: 'meta' }, `${recipients} recipients · ${sent} sent · ${skipped} skipped`),
  );
  box.hidden = false;
}

let following = 0;
/** Polls one update's delivery until every recipient is handled; following another one stops it. */
async function followDelivery(updateId) {
  const ticket = ++following;
  for (let round = 0; ticket === following; round++) {
    const progress = await apiJson(`/api/campaigns/${id}/updates/${updateId}`);
    if (ticket !== following) return;
    showDelivery(progress);
    if (deliveryDone(progress)) return;
    await pause(round < 30 ? 1000 : 5000);
  }
}

async function loadUpdates() {
  const updates = await apiJson(`/api/campaigns/${id}/updates`);
  $('updates-empty').hidden = updates.length > 0;
  $('updates').replaceChildren(
    ...updates.map((update) =>
      el(
        'li',
        {},
        el('strong', {}, update.title),
        el('p', { class: 'meta' }, `${update.kind === 'milestone' ? 'Milestone' : 'Update'} · ${dateTime(update.createdAt)}`),
        el(
          'button',
          { type: 'button', class: 'secondary small', onclick: () => void attempt($('update-error'), () => followDelivery(update.id)) },
          'Delivery progress',
          el('span', { class: 'sr-only' }, ` of “${update.title}”`),
        ),
      ),
    ),
  );
}

async function postUpdate(form) {
  const title = form.elements.title.value.trim();
  const body = form.elements.body.value.trim();
  const box = $('update-error');
  box.textContent = '';
  if (!title || !body) {
    box.textContent = title ? 'Write the message.' : 'Give the update a title.';
    markInvalid(form, [title ? form.elements.body : form.elements.title]);
    return;
  }
  const created = await submitForm(form, box, () => apiJson(`/api/campaigns/${id}/updates`, { method: 'POST', body: { title, body } }));
  if (!created) return;
  form.reset();
  showDelivery(created);
  await attempt(box, () => Promise.all([loadUpdates(), followDelivery(created.id)]));
}

async function saveEdits(form) {
  $('edit-ok').textContent = '';
  const saved = await submitCampaignForm(form, $('edit-error'), async (edited) => {
    const changes = Object.fromEntries(Object.entries(edited).filter(([name, value]) => value !== campaign[name]));
    return Object.keys(changes).length ? apiJson(`/api/campaigns/${id}`, { method: 'PATCH', body: changes }) : null;
  });
  if (saved === null) $('edit-ok').textContent = 'Nothing to save: no field was changed.';
  if (!saved) return;
  render(saved);
  fillCampaignForm(form, saved);
  $('edit-ok').textContent = 'Saved.';
}

/** Shows the controls that change the campaign only to those who may use them: admins and its coordinators. */
function showCoordinators({ coordinators, youManage }) {
  $('coordinators').replaceChildren(...coordinators.map((coordinator) => el('li', {}, coordinator.email)));
  if (coordinators.length === 0) $('coordinators').replaceChildren(el('li', {}, 'No coordinator yet.'));
  $('coordinators-help').textContent = youManage
    ? 'Coordinators of this campaign edit it, publish and close it, and send its updates.'
    : 'You are not a coordinator of this campaign: you can follow it, and an admin can assign you to it.';
  for (const section of [$('state-section'), $('update'), $('edit-section')]) section.hidden = !youManage;
}

async function loadAssignChoices(assigned) {
  const accounts = await apiJson('/api/users');
  const coordinators = accounts.filter((account) => account.role === 'coordinator' && !account.disabled);
  $('assign-choices').replaceChildren(
    ...coordinators.map((account) =>
      el(
        'label',
        { class: 'choice' },
        el('input', { type: 'checkbox', name: 'userIds', value: account.id, checked: assigned.some((coordinator) => coordinator.id === account.id) }),
        ` ${account.email}`,
      ),
    ),
  );
  if (coordinators.length === 0) $('assign-choices').replaceChildren(el('p', {}, 'There is no enabled coordinator account yet.'));
  $('assign').hidden = false;
}

async function saveCoordinators(form) {
  $('assign-ok').textContent = '';
  const userIds = [...form.querySelectorAll('input[name=userIds]:checked')].map((box) => box.value);
  const saved = await apiJson(`/api/campaigns/${id}/coordinators`, { method: 'PUT', body: { userIds } });
  showCoordinators(saved);
  $('assign-ok').textContent = 'Saved.';
}

async function load() {
  render(await apiJson(`/api/campaigns/${id}`));
  fillCampaignForm($('edit'), campaign);
  const access = await apiJson(`/api/campaigns/${id}/coordinators`);
  showCoordinators(access);
  if (page.staff.role === 'admin') await attempt($('assign-error'), () => loadAssignChoices(access.coordinators));
  $('campaign-sections').hidden = false;
  await Promise.all([attempt($('chart-error'), loadChart), attempt($('update-error'), loadUpdates)]);
}

if (page) {
  $('publish').addEventListener('click', () => void attempt($('state-error'), () => changeState('publish')));
  $('close').addEventListener('click', () => void attempt($('state-error'), () => changeState('close')));
  for (const radio of document.querySelectorAll('input[name=by]')) radio.addEventListener('change', () => void attempt($('chart-error'), loadChart));
  $('update').addEventListener('submit', (event) => {
    event.preventDefault();
    void postUpdate(event.currentTarget);
  });
  $('edit').addEventListener('submit', (event) => {
    event.preventDefault();
    void saveEdits(event.currentTarget);
  });
  $('assign').addEventListener('submit', (event) => {
    event.preventDefault();
    void attempt($('assign-error'), () => saveCoordinators(event.currentTarget));
  });
  void attempt($('page-error'), load);
}
