// Donations over time as an inline SVG bar chart, with the same figures in a table for screen readers. Two series
// side by side in each bucket: money paid (solid bars, by when it was paid) and pledges made (hollow bars, by when the
// konbini voucher or bank transfer was asked for, if it is still awaiting payment or was paid since). A paid pledge is
// in both, in the bucket of its pledge and in the bucket of its payment. Buckets are hours or days of the organisation's time zone.
import { count, el, language, money, t, timeZone } from './staff.js';

const SVG = 'http://www.w3.org/2000/svg';
const STEP_MS = { hour: 3_600_000, day: 86_400_000 };
// Enough bars to read on a phone (older buckets are left to the table), and enough to show a trend.
const MAX_BARS = { hour: 48, day: 60 };
const MIN_BARS = { hour: 24, day: 14 };
const WIDTH = 1000;
const HEIGHT = 300;

const locale = language === 'ja' ? 'ja-JP' : 'en-GB';
const LABELS = {
  hour: new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  day: new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' }),
};
// The local date of an instant, to match days whatever their length (a day of a daylight-saving change is 23 or 25 hours).
const LOCAL_DATE = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

const label = (bucket, by) => LABELS[by].format(new Date(bucket.bucket));
const donations = (n) => count(n, 'oneDonation', 'nDonations');
const pledges = (n) => count(n, 'onePledge', 'nPledges');
const SERIES = [
  { key: 'amount', className: 'chart-bar', words: (b, currency) => t('chartPaidWords', { donations: donations(b.count), amount: money(b.amount, currency) }) },
  {
    key: 'pledgedAmount',
    className: 'chart-bar chart-bar-pledged',
    words: (b, currency) => t('chartPledgedWords', { pledges: pledges(b.pledgedCount), amount: money(b.pledgedAmount, currency) }),
  },
];

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The buckets up to the last donation, the empty ones included so that the bars keep time. */
function latestBuckets(rows, by) {
  const step = STEP_MS[by];
  // Days are walked at their local noon and matched by local date, so that a shorter or longer day keeps its place.
  const shift = by === 'day' ? step / 2 : 0;
  const key = (time) => (by === 'day' ? LOCAL_DATE.format(new Date(time)) : time);
  const known = new Map(rows.map((row) => [key(Date.parse(row.bucket) + shift), row]));
  const last = Date.parse(rows.at(-1).bucket) + shift;
  const earliest = Math.max(Date.parse(rows[0].bucket) + shift, last - (MAX_BARS[by] - 1) * step);
  const first = Math.min(earliest, last - (MIN_BARS[by] - 1) * step);
  const buckets = [];
  for (let time = first; time <= last; time += step) {
    buckets.push(known.get(key(time)) ?? { bucket: new Date(time).toISOString(), count: 0, amount: 0, pledgedCount: 0, pledgedAmount: 0 });
  }
  return buckets;
}

/** One bar of a series in its half of a bucket's slot; empty buckets draw nothing. */
function bar(bucket, series, x, width, highest, by, currency) {
  const value = bucket[series.key];
  const height = value ? Math.max(1, (value / highest) * HEIGHT) : 0;
  const rect = svg('rect', { x, y: HEIGHT - height, width, height, class: series.className });
  rect.append(svg('title', {}, `${label(bucket, by)}: ${series.words(bucket, currency)}`));
  return rect;
}

/** The bars stretch to the width of the page; the labels are HTML around them, so they stay readable on a phone. */
function bars(buckets, by, currency) {
  const highest = Math.max(1, ...buckets.flatMap((b) => [b.amount, b.pledgedAmount]));
  const slot = WIDTH / buckets.length;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'chart' });
  for (const [i, bucket] of buckets.entries()) {
    for (const [j, series] of SERIES.entries()) chart.append(bar(bucket, series, i * slot + slot * (0.1 + 0.4 * j), slot * 0.4, highest, by, currency));
  }
  chart.append(svg('line', { x1: 0, x2: WIDTH, y1: HEIGHT, y2: HEIGHT, class: 'chart-axis' }));
  return el(
    'div',
    { class: 'chart-frame', 'aria-hidden': 'true' },
    el('p', { class: 'chart-label' }, t('chartHighest', { amount: money(highest, currency) })),
    chart,
    el('p', { class: 'chart-label chart-ends' }, el('span', {}, label(buckets[0], by)), buckets.length > 1 ? el('span', {}, label(buckets.at(-1), by)) : null),
  );
}

/** What the two kinds of bar mean, with a swatch of each. */
function legend() {
  return el(
    'ul',
    { class: 'chart-legend' },
    el('li', {}, el('span', { class: 'swatch swatch-paid', 'aria-hidden': 'true' }), t('chartLegendPaid')),
    el('li', {}, el('span', { class: 'swatch swatch-pledged', 'aria-hidden': 'true' }), t('chartLegendPledged')),
  );
}

function table(rows, by, currency) {
  const heading = t(by === 'hour' ? 'chartColHour' : 'chartColDay');
  const columns = [heading, ...['chartColPaidCount', 'chartColPaidAmount', 'chartColPledgedCount', 'chartColPledgedAmount'].map((key) => t(key))];
  return el(
    'table',
    { class: 'sr-only' },
    el('caption', {}, t(by === 'hour' ? 'chartCaptionHour' : 'chartCaptionDay', { zone: timeZone })),
    el('thead', {}, el('tr', {}, ...columns.map((name) => el('th', { scope: 'col' }, name)))),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, LABELS[by].format(new Date(row.bucket))),
          el('td', {}, String(row.count)),
          el('td', {}, money(row.amount, currency)),
          el('td', {}, String(row.pledgedCount)),
          el('td', {}, money(row.pledgedAmount, currency)),
        ),
      ),
    ),
  );
}

/** Draws `rows` ([{bucket, count, amount, pledgedCount, pledgedAmount}], oldest first, only buckets with some) into `container`. */
export function drawChart(container, rows, by, currency) {
  if (!rows.length) {
    container.replaceChildren(el('p', {}, t('chartNone')));
    return;
  }
  const shown = latestBuckets(rows, by);
  const sum = (key) => shown.reduce((total, b) => total + b[key], 0);
  const span = by === 'hour' ? count(shown.length, 'chartOneHour', 'chartNHours') : count(shown.length, 'chartOneDay', 'chartNDays');
  container.replaceChildren(
    el(
      'p',
      { class: 'hint' },
      t('chartSummary', {
        paid: donations(sum('count')),
        paidAmount: money(sum('amount'), currency),
        pledged: pledges(sum('pledgedCount')),
        pledgedAmount: money(sum('pledgedAmount'), currency),
        span,
        zone: timeZone,
      }),
    ),
    legend(),
    bars(shown, by, currency),
    table(rows, by, currency),
  );
}
