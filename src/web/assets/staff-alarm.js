// The card-testing alarm as a banner on every staff page, while it is on. Started by startPage() in staff.js with
// the session's token; it imports nothing from staff.js, which loads it.

const REFRESH_MS = 60_000;
const TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

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
  link.textContent = 'See the numbers';
  const title = document.createElement('strong');
  title.textContent = 'Card-testing alarm.';
  node.replaceChildren(
    title,
    ` ${siteDeclines.toLocaleString('en')} declined cards in the window. Donors solve a short challenge before paying, until ${TIME.format(new Date(alarm.until))}. `,
    link,
  );
  return true;
}

export async function watchAlarm(token) {
  while (await check(token)) await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
}
