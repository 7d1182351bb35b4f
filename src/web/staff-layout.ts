import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../auth/roles.js';
import { html, json, type SafeHtml } from './html.js';
import { fillStaff, staffLanguage, staffStrings, type StaffKey, type StaffLanguage, type StaffStrings } from './staff-i18n.js';

/** What every staff page is rendered with: the visitor's language, its texts, and the organisation's time zone. */
export interface StaffContext {
  language: StaffLanguage;
  t: StaffStrings;
  timeZone: string;
}

export function staffContext(request: FastifyRequest, timeZone: string): StaffContext {
  const language = staffLanguage(request.headers.cookie, request.headers['accept-language']);
  return { language, t: staffStrings(language), timeZone };
}

export interface StaffPageOptions {
  context: StaffContext;
  title: string;
  /** The nav entry to mark as the current page. */
  section?: 'campaigns' | 'finance' | 'users' | 'mail' | 'security' | 'account' | 'organisation';
  /** Roles the page is for; the script checks the signed-in role against them before showing anything. */
  roles?: Role[];
  body: SafeHtml;
  script?: string;
  data?: Record<string, unknown>;
}

const ROLE_KEYS: Record<Role, StaffKey> = { admin: 'roleAdmin', coordinator: 'roleCoordinator', finance: 'roleFinance' };

export function roleLabel(t: StaffStrings, role: Role): string {
  return t[ROLE_KEYS[role]];
}

/** The switch to the other language; it is written in that language, so it says so. */
function languageSwitch(context: StaffContext): SafeHtml {
  const other = context.language === 'ja' ? 'en' : 'ja';
  return html`<button type="button" id="language-switch" class="secondary small" data-language="${other}" lang="${other}" title="${context.t.languageSwitchLabel}">${context.t.languageSwitch}</button>`;
}

function staffNav(options: StaffPageOptions): SafeHtml {
  const { t } = options.context;
  const current = (section: StaffPageOptions['section']) => (options.section === section ? html` aria-current="page"` : '');
  if (!options.roles) return html`<nav aria-label="${t.navLabel}"><a href="/">${t.navPublic}</a> ${languageSwitch(options.context)}</nav>`;
  return html`<nav aria-label="${t.navLabel}">
    <a href="/staff"${current('campaigns')}>${t.navCampaigns}</a>
    <a href="/staff/finance"${current('finance')}>${t.navFinance}</a>
    <a href="/staff/security"${current('security')}>${t.navSecurity}</a>
    <a href="/staff/organisation"${current('organisation')}>${t.navOrganisation}</a>
    <a href="/staff/users" class="admin-only"${current('users')} hidden>${t.navUsers}</a>
    <a href="/staff/mail" class="admin-only"${current('mail')} hidden>${t.navMail}</a>
    <a href="/admin/queues" class="admin-only" id="queues-link" hidden>${t.navQueues}</a>
    <a href="/">${t.navPublic}</a>
    <a href="/staff/account" id="whoami" class="whoami"${current('account')}></a>
    ${languageSwitch(options.context)}
    <button type="button" id="logout" class="secondary small">${t.logout}</button>
  </nav>`;
}

function gate(options: StaffPageOptions): SafeHtml | string {
  const { t } = options.context;
  if (!options.roles) return '';
  const roles = options.roles.map((role) => roleLabel(t, role)).join(t.forbiddenAnd);
  return html`<p id="loading">${t.checkingSession}</p>
<noscript><p class="notice">${t.needsJs}</p></noscript>
<div id="forbidden" class="notice forbidden" role="alert" hidden>
  <h2>${t.forbiddenTitle}</h2>
  <p>${fillStaff(t.forbiddenFor, { roles })} <span id="forbidden-role"></span></p>
</div>`;
}

/**
 * The frame of the staff pages, in the visitor's language. The server knows nothing of the visitor but their language
 * (the token lives in the browser's sessionStorage), so the content starts hidden and the page's script shows it once
 * it has checked the session and the role; each script then loads its data from the JSON API with the bearer token,
 * and writes its texts from the table it finds in the page data.
 */
export function staffLayout(options: StaffPageOptions): string {
  const { language, t, timeZone } = options.context;
  const data = { roles: options.roles ?? [], language, timeZone, strings: t, ...options.data };
  return `<!doctype html>${html`<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title} · ${t.brand}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="data:,">
</head>
<body class="staff">
<a class="skip" href="#main">${t.skip}</a>
<span id="staff-table-word" hidden>${t.tableWord}</span>
<header class="site">
  <a class="brand" href="/staff">${t.brand}</a>
  ${staffNav(options)}
</header>
<main id="main" class="wide">
${gate(options)}
${options.body}
<p class="hint time-zone">${fillStaff(t.timeZoneNote, { zone: timeZone })}</p>
</main>
<script type="application/json" id="page-data">${json(data)}</script>
<script type="module" src="/assets/staff-language.js"></script>
${options.script ? html`<script type="module" src="/assets/${options.script}"></script>` : ''}
</body>
</html>`}`;
}

export function sendStaffPage(reply: FastifyReply, status: number, page: string): void {
  void reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'cookie, accept-language').send(page);
}
