// The card-testing alarm and the declines behind it, refreshed while the page is open.
import { apiJson, attempt, dateTime, el, number, pause, startPage, t } from './staff.js';

const REFRESH_MS = 15_000;

function duration(seconds) {
  if (seconds % 3600 === 0) return t('hours', { n: number(seconds / 3600) });
  if (seconds % 60 === 0) return t('minutes', { n: number(seconds / 60) });
  return t('seconds', { n: number(seconds) });
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
          el('td', { class: 'num' }, number(row.declines)),
          el('td', {}, row.overThreshold ? el('strong', {}, label) : t('underThreshold', { n: number(threshold) })),
        ),
      ),
    );
}

function show(report) {
  const { alarm, thresholds: limits } = report;
  const reason = t(alarm.reason === 'card_declines' ? 'reasonCard' : 'reasonSite');
  const times = { since: dateTime(alarm.since), until: dateTime(alarm.until), reason };
  document.getElementById('alarm-state').textContent = alarm.on ? t('alarmOn', times) : alarm.since ? t('alarmOffLast', times) : t('alarmNever');
  document.getElementById('site-declines').textContent = number(report.siteDeclines);
  document.getElementById('site-threshold').textContent = t('thresholdValue', { site: number(limits.siteDeclines), card: number(limits.declinesPerCard) });
  document.getElementById('window').textContent = duration(limits.windowSeconds);
  document.getElementById('alarm-length').textContent = duration(limits.alarmSeconds);
  document.getElementById('difficulty').textContent = t('difficultyValue', { n: number(limits.challengeDifficulty) });
  fill('top-ips', report.topIps, limits.declinesPerIp, t('refused'));
  fill('top-emails', report.topEmails, limits.declinesPerEmail, t('refused'));
  fill('top-cards', report.topCards, limits.declinesPerCard, t('keepsAlarmOn'));
}

if (startPage()) {
  const box = document.getElementById('report-error');
  for (;;) {
    const report = await attempt(box, () => apiJson('/api/security/card-testing'));
    if (report) show(report);
    await pause(REFRESH_MS);
  }
}
