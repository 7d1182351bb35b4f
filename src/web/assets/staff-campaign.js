// One campaign for its coordinators: staff totals, who coordinates it (admins assign them), publish and close,
// donations over time, progress updates with their delivery, and the edit form.
import { changedFields, disasterLabel, fillCampaignForm, statusLabel, submitCampaignForm } from './staff-campaign-form.js';
import { drawChart } from './staff-chart.js';
import { ApiError, apiJson, attempt, count, dateTime, el, markInvalid, money, number, pause, startPage, submitForm, t } from './staff.js';

const $ = (id) => document.getElementById(id);
const STATE_HELP = { draft: 'stateDraft', active: 'stateActive', closed: 'stateClosed' };

const page = startPage();
const id = page?.data.campaignId;
let campaign = null;

function render(next) {
  campaign = next;
  document.title = `${campaign.title} · ${t('brand')}`;
  $('campaign-title').textContent = campaign.title;
  $('campaign-status').className = `status status-${campaign.status}`;
  $('campaign-status').textContent = statusLabel(campaign.status);
  $('campaign-meta').textContent = t('campaignMeta', {
    region: campaign.region,
    type: disasterLabel(campaign.disasterType),
    currency: campaign.currency.toUpperCase(),
    created: dateTime(campaign.createdAt),
  });
  const link = $('public-link');
  link.hidden = campaign.status === 'draft';
  link.href = `/campaigns/${campaign.slug}`;
  link.textContent = t('publicPageAt', { slug: campaign.slug });

  const totals = campaign.totals;
  const figures = [
    ['figGoal', money(campaign.goalAmount, campaign.currency)],
    ['figRaised', money(totals.raisedAmount, campaign.currency)],
    ['figPledged', t('figPledgedValue', { amount: money(totals.pendingAmount, campaign.currency), pledges: count(totals.pendingCount, 'onePledge', 'nPledges') })],
    ['figGross', money(totals.grossAmount, campaign.currency)],
    ['figStripeFees', money(totals.feeAmount, campaign.currency)],
    ['figRefunds', money(totals.refundedAmount, campaign.currency)],
    ['figDisputes', money(totals.disputedAmount, campaign.currency)],
    ['figNet', money(totals.netAmount, campaign.currency)],
    ['figCoveredFees', money(totals.coveredFeeAmount, campaign.currency)],
    ['figDonations', number(totals.donationCount)],
    ['figDonors', number(totals.donorCount)],
  ];
  $('totals').replaceChildren(...figures.map(([term, value]) => el('div', {}, el('dt', {}, t(term)), el('dd', {}, value))));

  $('state-help').textContent = STATE_HELP[campaign.status] ? t(STATE_HELP[campaign.status]) : '';
  $('publish').hidden = campaign.status !== 'draft';
  $('close').hidden = campaign.status !== 'active';
}

async function changeState(action) {
  if (action === 'close' && !confirm(t('confirmClose', { title: campaign.title }))) return;
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
  const values = { sent: number(sent), skipped: number(skipped), total: number(recipients), done: number(sent + skipped) };
  if (!progress.fanOutDone) state = t('deliveryListing');
  else if (!deliveryDone(progress)) state = t('deliverySending', values);
  else if (recipients === 0) state = t('deliveryNobody');
  else state = t(skipped ? 'deliveryDoneSkipped' : 'deliveryDone', values);
  const box = $('delivery');
  box.dataset.state = deliveryDone(progress) ? 'done' : 'sending';
  box.replaceChildren(
    el('p', {}, el('strong', {}, `“${progress.title}”`), ` — ${state}`),
    el('progress', { max: Math.max(1, recipients), value: deliveryDone(progress) ? Math.max(1, recipients) : sent + skipped, 'aria-label': t('deliveryProgress') }),
    el('p', { class: 'meta' }, t('deliveryCounts', values)),
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
        el('p', { class: 'meta' }, `${t(update.kind === 'milestone' ? 'kindMilestone' : 'kindUpdate')} · ${dateTime(update.createdAt)}`),
        el(
          'button',
          { type: 'button', class: 'secondary small', onclick: () => void attempt($('update-error'), () => followDelivery(update.id)) },
          t('deliveryProgress'),
          el('span', { class: 'sr-only' }, t('deliveryProgressOf', { title: update.title })),
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
    box.textContent = t(title ? 'updateNoBody' : 'updateNoTitle');
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
    const changes = changedFields(campaign, edited);
    return Object.keys(changes).length ? apiJson(`/api/campaigns/${id}`, { method: 'PATCH', body: changes }) : null;
  });
  if (saved === null) $('edit-ok').textContent = t('nothingToSave');
  if (!saved) return;
  render(saved);
  fillCampaignForm(form, saved);
  $('edit-ok').textContent = t('saved');
}

/** Shows the controls that change the campaign only to those who may use them: admins and its coordinators. */
function showCoordinators({ coordinators, youManage }) {
  $('coordinators').replaceChildren(...coordinators.map((coordinator) => el('li', {}, coordinator.email)));
  if (coordinators.length === 0) $('coordinators').replaceChildren(el('li', {}, t('noCoordinator')));
  $('coordinators-help').textContent = t(youManage ? 'youManage' : 'youFollow');
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
  if (coordinators.length === 0) $('assign-choices').replaceChildren(el('p', {}, t('noCoordinatorAccount')));
  $('assign').hidden = false;
}

async function saveCoordinators(form) {
  $('assign-ok').textContent = '';
  const userIds = [...form.querySelectorAll('input[name=userIds]:checked')].map((box) => box.value);
  const saved = await apiJson(`/api/campaigns/${id}/coordinators`, { method: 'PUT', body: { userIds } });
  showCoordinators(saved);
  $('assign-ok').textContent = t('saved');
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
