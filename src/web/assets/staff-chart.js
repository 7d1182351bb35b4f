// Donations over time as an inline SVG bar chart (amount per bucket), with the same figures in a table for
// screen readers. Buckets are UTC hours or days, as the API returns them.
import { el, money } from './staff.js';

const SVG = 'http://www.w3.org/2000/svg';
const STEP_MS = { hour: 3_600_000, day: 86_400_000 };
// Enough bars to read on a phone (older buckets are left to the table), and enough to show a trend.
const MAX_BARS = { hour: 48, day: 60 };
const MIN_BARS = { hour: 24, day: 14 };
const WIDTH = 1000;
const HEIGHT = 300;

const LABELS = {
  hour: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  day: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
};

const label = (bucket, by) => `${LABELS[by].format(new Date(bucket.bucket))} UTC`;
const donations = (n) => (n === 1 ? '1 donation' : `${n.toLocaleString('en')} donations`);

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The buckets up to the last donation, the empty ones included so that the bars keep time. */
function latestBuckets(rows, by) {
  const step = STEP_MS[by];
  const known = new Map(rows.map((row) => [Date.parse(row.bucket), row]));
  const last = Date.parse(rows.at(-1).bucket);
  const earliest = Math.max(Date.parse(rows[0].bucket), last - (MAX_BARS[by] - 1) * step);
  const first = Math.min(earliest, last - (MIN_BARS[by] - 1) * step);
  const buckets = [];
  for (let time = first; time <= last; time += step) buckets.push(known.get(time) ?? { bucket: new Date(time).toISOString(), count: 0, amount: 0 });
  return buckets;
}

/** The bars stretch to the width of the page; the labels are HTML around them, so they stay readable on a phone. */
function bars(buckets, by, currency) {
  const highest = Math.max(1, ...buckets.map((b) => b.amount));
  const slot = WIDTH / buckets.length;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'chart' });
  for (const [i, bucket] of buckets.entries()) {
    const height = bucket.amount ? Math.max(1, (bucket.amount / highest) * HEIGHT) : 0;
    const bar = svg('rect', { x: i * slot + slot * 0.1, y: HEIGHT - height, width: slot * 0.8, height, class: 'chart-bar' });
    bar.append(svg('title', {}, `${label(bucket, by)}: ${donations(bucket.count)}, ${money(bucket.amount, currency)}`));
    chart.append(bar);
  }
  chart.append(svg('line', { x1: 0, x2: WIDTH, y1: HEIGHT, y2: HEIGHT, class: 'chart-axis' }));
  return el(
    'div',
    { class: 'chart-frame', 'aria-hidden': 'true' },
    el('p', { class: 'chart-label' }, `Highest bar: ${money(highest, currency)}`),
    chart,
    el('p', { class: 'chart-label chart-ends' }, el('span', {}, label(buckets[0], by)), buckets.length > 1 ? el('span', {}, label(buckets.at(-1), by)) : null),
  );
}

function table(rows, by, currency) {
  const heading = by === 'hour' ? 'Hour starting (UTC)' : 'Day (UTC)';
  return el(
    'table',
    { class: 'sr-only' },
    el('caption', {}, `Donations per ${by}, times in UTC`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, heading), el('th', { scope: 'col' }, 'Donations'), el('th', { scope: 'col' }, 'Amount'))),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el('tr', {}, el('th', { scope: 'row' }, LABELS[by].format(new Date(row.bucket))), el('td', {}, String(row.count)), el('td', {}, money(row.amount, currency))),
      ),
    ),
  );
}

/** Draws `rows` ([{bucket, count, amount}], oldest first, only buckets with donations) into `container`. */
export function drawChart(container, rows, by, currency) {
  if (!rows.length) {
    container.replaceChildren(el('p', {}, 'No donation has succeeded yet.'));
    return;
  }
  const shown = latestBuckets(rows, by);
  const count = shown.reduce((sum, b) => sum + b.count, 0);
  const amount = shown.reduce((sum, b) => sum + b.amount, 0);
  const span = shown.length === 1 ? `one ${by}` : `${shown.length} ${by}s`;
  container.replaceChildren(
    el('p', { class: 'hint' }, `${donations(count)}, ${money(amount, currency)}, over ${span} up to the latest donation. Times in UTC.`),
    bars(shown, by, currency),
    table(rows, by, currency),
  );
}
