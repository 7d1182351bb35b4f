// The campaign page's totals follow new gifts without a reload. The API pushes them over a live stream (Server-Sent
// Events, at most one event a second); where EventSource is missing or the stream keeps failing, the page polls the
// totals every 3 s instead (the API serves them at most a second old), and tries the stream again after a minute.
// It never streams and polls at once.
import { fill, pageData } from './format.js';
import { formatMoney, percentOfGoal } from './money-format.js';

const POLL_MS = 3000;
/** Errors in a row, with no event between them, before the page gives up on the stream for a while. */
const STREAM_FAILURES_BEFORE_POLLING = 3;
const POLLS_BEFORE_TRYING_THE_STREAM_AGAIN = 20;

const data = pageData();
const raised = document.querySelector('[data-raised]');
const donors = document.querySelector('[data-donors]');
const bar = document.querySelector('[role=progressbar]');
const pending = document.querySelector('[data-pending]');
const totalsUrl = `/api/campaigns/${data.campaignId}/totals`;

function show(totals) {
  const goal = formatMoney(totals.goalAmount, totals.currency, data.language);
  const now = formatMoney(totals.raisedAmount, totals.currency, data.language);
  raised.textContent = data.labels.raisedOf.replace('{raised}', now).replace('{goal}', goal);
  donors.textContent = totals.donorCount === 1 ? data.labels.donorsOne : data.labels.donorsMany.replace('{n}', totals.donorCount.toLocaleString(data.language));
  const percent = percentOfGoal(totals.raisedAmount, totals.goalAmount);
  bar.setAttribute('aria-valuenow', String(percent));
  bar.querySelector('rect').setAttribute('width', String(percent));
  showPending(totals);
}

// Pledges (konbini vouchers, bank transfers) not paid yet: apart from the raised money, and only while there are some.
function showPending({ pendingAmount, pendingCount, currency }) {
  pending.hidden = !(pendingCount > 0);
  pending.textContent = pending.hidden
    ? ''
    : fill(data.labels.pending, { amount: formatMoney(pendingAmount, currency, data.language), n: pendingCount.toLocaleString(data.language) });
}

async function refresh() {
  try {
    const response = await fetch(totalsUrl, { headers: { accept: 'application/json' } });
    if (response.ok) show(await response.json());
  } catch {
    // offline for a moment: the next poll tries again
  }
}

function poll(thenTryStream) {
  let polls = 0;
  const tick = async () => {
    await refresh();
    polls += 1;
    if (thenTryStream && polls >= POLLS_BEFORE_TRYING_THE_STREAM_AGAIN) stream();
    else setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}

function stream() {
  const source = new EventSource(`${totalsUrl}/stream`);
  let failures = 0;
  source.addEventListener('totals', (event) => {
    failures = 0;
    show(JSON.parse(event.data));
  });
  source.addEventListener('error', () => {
    failures += 1;
    // CLOSED: the API refused the stream (503 when this server streams to too many pages); the browser will not retry.
    if (source.readyState === EventSource.CLOSED || failures >= STREAM_FAILURES_BEFORE_POLLING) {
      source.close();
      poll(true);
    }
  });
}

if (raised) {
  if (typeof EventSource === 'function') stream();
  else poll(false);
}
