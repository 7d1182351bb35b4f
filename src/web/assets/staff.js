// Shared by the staff pages: the session (the API's bearer token, kept in sessionStorage so it ends with the
// tab), calls to the JSON API, and DOM helpers that only ever set text, never markup.
import { fill, pageData } from './format.js';
import { currencyDecimals, formatMoney, minorUnitsToDecimal } from './money-format.js';

export { parseAmount } from './money-format.js';

const TOKEN_KEY = 'kizuna_token';
const PAGE = pageData();

/** The page's language (ja or en), chosen by the server from the staff member's choice or the browser's. */
export const language = PAGE.language;

/** A text of the staff strings table (src/web/staff-i18n.ts) in the page's language, its {placeholders} filled in. */
export function t(key, values = {}) {
  const template = PAGE.strings[key];
  if (template === undefined) throw new Error(`No staff text ${key}`);
  return fill(template, values);
}

/** The English or Japanese of a count: one and many are two texts in English, the same in Japanese. */
export function count(n, one, many) {
  return n === 1 ? t(one) : t(many, { n: number(n) });
}

export function number(n) {
  return n.toLocaleString(language);
}

/**
 * An API answer that is not a success, with the text to show in the page's language; `apiMessage` keeps the API's
 * own words, which name the fields a 400 is about.
 */
export class ApiError extends Error {
  constructor(status, message, apiMessage = message) {
    super(message);
    this.status = status;
    this.apiMessage = apiMessage;
  }
}

/** The API's refusal as text: its code in the table when there is one, else (400s) its own words in English or a line in Japanese. */
export async function apiError(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's page, say): only the status is known.
  }
  const apiMessage = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? '');
  const key = `err_${body.code}`;
  let text;
  if (body.code && key in PAGE.strings) text = t(key, { seconds: response.headers.get('retry-after') ?? '60' });
  else if (response.status === 400 && apiMessage) text = language === 'en' ? apiMessage : t('badRequest', { detail: apiMessage });
  else text = language === 'en' && apiMessage ? apiMessage : t('serverAnswered', { status: response.status });
  return new ApiError(response.status, text, apiMessage);
}

function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

/**
 * Who is signed in, read from the token, or null when there is no token or it has expired. This only decides
 * what the page shows first: the API checks the token and the role on every call.
 */
export function currentStaff() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const claims = token ? claimsOf(token) : null;
  if (!claims || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return null;
  return { token, email: claims.email, role: claims.role };
}

export function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Ends the session on the server too (the token stops working, and the server clears the Bull Board cookie). */
async function logOut(staff) {
  try {
    await fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${staff.token}` } });
  } catch {
    // Unreachable server: the token is still forgotten here, and it expires on its own.
  }
  signOut();
  location.assign('/staff/login');
}

/** To the login page, which brings the visitor back here afterwards. */
export function toLogin() {
  location.assign(`/staff/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

/** Replaces the page's content with the notice that this role may not see it. */
export function showForbidden(role) {
  document.getElementById('content').hidden = true;
  document.getElementById('forbidden-role').textContent = role ? t('forbiddenRole', { role: roleLabel(role) }) : '';
  document.getElementById('forbidden').hidden = false;
}

/**
 * Checks the session and the role, fills in the header, and shows the content. Returns the page's data and
 * the staff member, or null when the page must not go on (sent to the login page, or the wrong role).
 */
const ROLE_KEYS = { admin: 'roleAdmin', coordinator: 'roleCoordinator', finance: 'roleFinance' };

export function roleLabel(role) {
  return ROLE_KEYS[role] ? t(ROLE_KEYS[role]) : role;
}

export function startPage() {
  const data = PAGE;
  const staff = currentStaff();
  if (!staff) {
    signOut();
    toLogin();
    return null;
  }
  document.getElementById('loading').hidden = true;
  document.getElementById('whoami').textContent = t('whoami', { email: staff.email, role: roleLabel(staff.role) });
  void import('./staff-alarm.js').then((alarm) => alarm.watchAlarm(staff.token));
  for (const link of document.querySelectorAll('.admin-only')) link.hidden = staff.role !== 'admin';
  document.getElementById('logout').addEventListener('click', () => void logOut(staff));
  if (!data.roles.includes(staff.role)) {
    showForbidden(staff.role);
    return null;
  }
  document.getElementById('content').hidden = false;
  return { data, staff };
}

/** Calls the API with the bearer token; resolves to the response when it succeeded, else throws an ApiError. */
export async function api(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  const staff = currentStaff();
  const expired = t('sessionEnded');
  if (!staff) {
    toLogin();
    throw new ApiError(401, expired);
  }
  const headers = { authorization: `Bearer ${staff.token}`, accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, t('unreachable'));
  }
  if (response.status === 401) {
    signOut();
    toLogin();
    throw new ApiError(401, expired);
  }
  if (response.status === 403) {
    showForbidden(staff.role);
    throw new ApiError(403, t('roleCannotSee'));
  }
  if (!response.ok) throw await apiError(response);
  return response;
}

export async function apiJson(path, options) {
  return (await api(path, options)).json();
}

/**
 * Runs an action of the page and shows its failure in `box`. API failures are expected and only shown; any
 * other error is a bug in the page, so it is also rethrown to reach the console.
 */
export async function attempt(box, action) {
  box.textContent = '';
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiError) {
      box.textContent = error.message;
      return undefined;
    }
    box.textContent = t('pageBug');
    throw error;
  }
}

/** Fetches a file from the API (it needs the bearer header, so a plain link cannot) and saves it under the server's name. */
export async function download(path, fallbackName) {
  const response = await api(path, { accept: 'text/csv' });
  const disposition = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  const name = disposition ? disposition[1] : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after click() returns; let it finish before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** A DOM element with attributes and children; strings become text nodes, so API data is never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return node;
}

/** Marks these fields invalid, and no other field of the form; moves the focus to the first. */
export function markInvalid(form, fields) {
  for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  for (const field of fields) field.setAttribute('aria-invalid', 'true');
  fields[0]?.focus();
}

/**
 * Sends a form through `send` with its submit button disabled. An API refusal is shown in `box`, and a 400 marks
 * the fields its message names. Resolves to what `send` resolved to, or undefined when the API refused.
 */
export async function submitForm(form, box, send) {
  markInvalid(form, []);
  const submit = form.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    box.textContent = error.message;
    if (error.status === 400) markInvalid(form, fieldsNamedIn(form, error.apiMessage));
    return undefined;
  } finally {
    submit.disabled = false;
  }
}

/** The fields a 400 message is about: the API starts each message with its field, and joins several with "; ". */
export function fieldsNamedIn(form, message) {
  return message
    .split('; ')
    .map((part) => form.elements.namedItem(part.split(' ')[0]))
    .filter((field) => field instanceof HTMLElement);
}

export function money(amount, currency) {
  return formatMoney(amount, currency, language);
}

/** Minor units as the text a person types: 2550 usd → "25.50", 5000 jpy → "5000". */
export function majorUnits(amount, currency) {
  return minorUnitsToDecimal(amount, currencyDecimals(currency));
}

/** The organisation's time zone (ORG_TIMEZONE): every date and time of the staff pages is shown in it. */
export const timeZone = PAGE.timeZone;
const DATE_TIME = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** How far the organisation's clock is ahead of UTC at this instant, in ms. */
function zoneOffset(time) {
  const p = Object.fromEntries(PARTS.formatToParts(new Date(time)).map((part) => [part.type, Number(part.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(time / 1000) * 1000;
}

/** The instant a date of the organisation's calendar begins, for the API: 2011-03-11 in Tokyo is 2011-03-10T15:00:00.000Z. */
export function startOfLocalDay(date) {
  const [year, month, day] = date.split('-').map(Number);
  const midnightUtc = Date.UTC(year, month - 1, day);
  const guess = midnightUtc - zoneOffset(midnightUtc);
  return new Date(midnightUtc - zoneOffset(guess)).toISOString();
}

export function dateTime(value) {
  return value ? DATE_TIME.format(new Date(value)) : '';
}

/** Waits, for the polling loops. */
export function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
