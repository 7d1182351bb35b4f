import type { FastifyReply } from 'fastify';
import type { Role } from '../auth/roles.js';
import { html, json, type SafeHtml } from './html.js';

export interface StaffPageOptions {
  title: string;
  /** The nav entry to mark as the current page. */
  section?: 'campaigns' | 'finance' | 'users' | 'mail' | 'security' | 'account';
  /** Roles the page is for; the script checks the signed-in role against them before showing anything. */
  roles?: Role[];
  body: SafeHtml;
  script?: string;
  data?: Record<string, unknown>;
}

/**
 * The frame of the staff pages, in English. The server knows nothing of the visitor (the token lives in the
 * browser's sessionStorage), so the content starts hidden and the page's script shows it once it has checked
 * the session and the role; each script then loads its data from the JSON API with the bearer token.
 */
export function staffLayout(options: StaffPageOptions): string {
  const current = (section: StaffPageOptions['section']) => (options.section === section ? html` aria-current="page"` : '');
  const nav = options.roles
    ? html`<nav aria-label="Staff">
    <a href="/staff"${current('campaigns')}>Campaigns</a>
    <a href="/staff/finance"${current('finance')}>Finance</a>
    <a href="/staff/security"${current('security')}>Security</a>
    <a href="/staff/users" class="admin-only"${current('users')} hidden>Staff accounts</a>
    <a href="/staff/mail" class="admin-only"${current('mail')} hidden>Email</a>
    <a href="/admin/queues" class="admin-only" id="queues-link" hidden>Queues</a>
    <a href="/">Public site</a>
    <a href="/staff/account" id="whoami" class="whoami"${current('account')}></a>
    <button type="button" id="logout" class="secondary small">Log out</button>
  </nav>`
    : html`<nav aria-label="Staff"><a href="/">Public site</a></nav>`;
  const gate = options.roles
    ? html`<p id="loading">Checking your session…</p>
<noscript><p class="notice">The staff pages need JavaScript.</p></noscript>
<div id="forbidden" class="notice forbidden" role="alert" hidden>
  <h2>Your role cannot see this page</h2>
  <p>This page is for ${options.roles.join(' and ')} accounts. <span id="forbidden-role"></span></p>
</div>`
    : '';
  const data = { roles: options.roles ?? [], ...options.data };
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title} · Kizuna staff</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="data:,">
</head>
<body class="staff">
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/staff">Kizuna staff</a>
  ${nav}
</header>
<main id="main" class="wide">
${gate}
${options.body}
</main>
<script type="application/json" id="page-data">${json(data)}</script>
${options.script ? html`<script type="module" src="/assets/${options.script}"></script>` : ''}
</body>
</html>`}`;
}

export function sendStaffPage(reply: FastifyReply, status: number, page: string): void {
  void reply.status(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}
