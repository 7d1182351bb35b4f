// The card-testing alarm as a banner on every staff page, while it is on. Started by startPage() in staff.js with
// the session's token; it imports nothing from staff.js, which loads it.

const REFRESH_MS = 60_000;
const PAGE = JSON.parse(document.getElementById('page-data').textContent);
const TIME = new Intl.DateTimeFormat(PAGE.language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: PAGE.timeZone });
const text = (key, values = {}) => PAGE.strings[key].replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

function banner() {
  let node = document.getElementById('card-testing-alarm');
  if (!node) {
    node = document.createElement('div');
    node.id = 'card-testing-alarm';
    node.className = 'notice';
    node.setAttribute('role', 'status');
    node.hidden = true;
    document.getElementById('main').prepend(node);
  }
  return node;
}

/** False once the session has ended (the page itself deals with that); a failure to ask leaves the banner as it was. */
async function check(token) {
  const response = await fetch('/api/security/card-testing', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }).catch(() => null);
  if (response?.status === 401 || response?.status === 403) return false;
  if (!response?.ok) return true;
  const { alarm, siteDeclines } = await response.json();
  const node = banner();
  node.hidden = !alarm.on;
  if (!alarm.on) return true;
  const link = document.createElement('a');
  link.href = '/staff/security';
  link.textContent = text('bannerLink');
  const title = document.createElement('strong');
  title.textContent = text('bannerTitle');
  node.replaceChildren(title, text('bannerText', { n: siteDeclines.toLocaleString(PAGE.language), until: TIME.format(new Date(alarm.until)) }), link);
  return true;
}

export async function watchAlarm(token) {
  while (await check(token)) await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
}
