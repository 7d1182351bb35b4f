// Shared by the staff pages: the session (the API's bearer token, kept in sessionStorage so it ends with the
// tab), calls to the JSON API, and DOM helpers that only ever set text, never markup.
import { errorMessage, pageData } from './format.js';
import { currencyDecimals, formatMoney, minorUnitsToDecimal } from './money-format.js';

export { parseAmount } from './money-format.js';

const TOKEN_KEY = 'kizuna_token';

/** An API answer that is not a success, with the message to show. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
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
  document.getElementById('forbidden-role').textContent = role ? `You are signed in as ${role}.` : '';
  document.getElementById('forbidden').hidden = false;
}

/**
 * Checks the session and the role, fills in the header, and shows the content. Returns the page's data and
 * the staff member, or null when the page must not go on (sent to the login page, or the wrong role).
 */
export function startPage() {
  const data = pageData();
  const staff = currentStaff();
  if (!staff) {
    signOut();
    toLogin();
    return null;
  }
  document.getElementById('loading').hidden = true;
  document.getElementById('whoami').textContent = `${staff.email} (${staff.role})`;
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
  const expired = 'Your session has ended. Taking you to the login page…';
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
    throw new ApiError(0, 'The server could not be reached. Check the connection and try again.');
  }
  if (response.status === 401) {
    signOut();
    toLogin();
    throw new ApiError(401, expired);
  }
  if (response.status === 403) {
    showForbidden(staff.role);
    throw new ApiError(403, 'Your role cannot see this page.');
  }
  if (!response.ok) throw new ApiError(response.status, await errorMessage(response, `The server answered ${response.status}. Try again in a moment.`));
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
    box.textContent = 'Something went wrong on this page. Reload it and try again.';
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
    if (error.status === 400) markInvalid(form, fieldsNamedIn(form, error.message));
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
  return formatMoney(amount, currency, 'en');
}

/** Minor units as the text a person types: 2550 usd → "25.50", 5000 jpy → "5000". */
export function majorUnits(amount, currency) {
  return minorUnitsToDecimal(amount, currencyDecimals(currency));
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function dateTime(value) {
  return value ? DATE_TIME.format(new Date(value)) : '';
}

/** Waits, for the polling loops. */
export function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
