// The card-testing alarm and the declines behind it, refreshed while the page is open.
import { apiJson, attempt, dateTime, el, pause, startPage } from './staff.js';

const REFRESH_MS = 15_000;

function duration(seconds) {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function fill(id, rows, threshold, label) {
  document.getElementById(`${id}-empty`).hidden = rows.length > 0;
  document
    .querySelector(`#${id} tbody`)
    .replaceChildren(
      ...rows.map((row) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, el('code', {}, row.value)),
          el('td', { class: 'num' }, row.declines.toLocaleString('en')),
          el('td', {}, row.overThreshold ? el('strong', {}, label) : `under ${threshold.toLocaleString('en')}`),
        ),
      ),
    );
}

function show(report) {
  const { alarm, thresholds: t } = report;
  const reason = alarm.reason === 'card_declines' ? 'one card declined too often' : 'too many declined cards over the site';
  document.getElementById('alarm-state').textContent = alarm.on
    ? `On since ${dateTime(alarm.since)} (${reason}), until ${dateTime(alarm.until)} unless declines go on. Donors solve a challenge before paying.`
    : alarm.since
      ? `Off. The last alarm ran from ${dateTime(alarm.since)} to ${dateTime(alarm.until)}.`
      : 'Off. It has never gone off.';
  document.getElementById('site-declines').textContent = report.siteDeclines.toLocaleString('en');
  document.getElementById('site-threshold').textContent = `${t.siteDeclines.toLocaleString('en')} declines, or ${t.declinesPerCard.toLocaleString('en')} of one card`;
  document.getElementById('window').textContent = duration(t.windowSeconds);
  document.getElementById('alarm-length').textContent = duration(t.alarmSeconds);
  document.getElementById('difficulty').textContent = `up to ${t.challengeDifficulty.toLocaleString('en')} hashes`;
  fill('top-ips', report.topIps, t.declinesPerIp, 'refused');
  fill('top-emails', report.topEmails, t.declinesPerEmail, 'refused');
  fill('top-cards', report.topCards, t.declinesPerCard, 'keeps the alarm on');
}

if (startPage()) {
  const box = document.getElementById('report-error');
  for (;;) {
    const report = await attempt(box, () => apiJson('/api/security/card-testing'));
    if (report) show(report);
    await pause(REFRESH_MS);
  }
}
