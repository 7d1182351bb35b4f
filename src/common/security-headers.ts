import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The donor and staff pages: every script is a file from /assets (page data travels in a
 * `<script type="application/json">` block, which browsers never run), every style is /assets/site.css, and
 * no element carries an inline event handler (`script-src-attr 'none'`) or a style attribute.
 */
const PAGES_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    // Stripe.js and its frames, for the Payment Element on the donation page when real Stripe is configured.
    scriptSrc: ["'self'", 'https://js.stripe.com'],
    scriptSrcAttr: ["'none'"],
    // The donation form's proof-of-work solver runs in workers from /assets/altcha/; without this, workers would
    // fall back to script-src, which also lets js.stripe.com in.
    workerSrc: ["'self'"],
    frameSrc: ['https://js.stripe.com', 'https://hooks.stripe.com'],
    connectSrc: ["'self'", 'https://api.stripe.com'],
    styleSrc: ["'self'"],
    fontSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
    upgradeInsecureRequests: null,
  },
};

/**
 * Swagger UI (/api/docs) and Bull Board (/admin/queues) are other projects' pages, served as they come: their
 * scripts are files too, but both write inline `<style>` blocks, and Bull Board loads its fonts from Google Fonts.
 */
const TOOLS_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
    upgradeInsecureRequests: null,
  },
};

/**
 * The JSON API answers data, never a document: nothing in it may load, run or frame anything. The pages' long
 * policy would add about 500 bytes to every answer, a tenth of the cost of a cheap read such as the totals.
 */
const API_POLICY = { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } };

/** Paths whose pages get TOOLS_POLICY; everything else gets PAGES_POLICY, or API_POLICY under /api/. */
const TOOL_PREFIXES = ['/api/docs', '/admin/queues'] as const;

type SecurityHeaderSet = 'pages' | 'tools' | 'api';

/** Which headers a request's URL (path and query) gets: the tools' pages and assets, the JSON API, or the pages. */
export function headerSetFor(url: string): SecurityHeaderSet {
  if (TOOL_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`))) return 'tools';
  return url.startsWith('/api/') ? 'api' : 'pages';
}

const POLICIES = { pages: PAGES_POLICY, tools: TOOLS_POLICY, api: API_POLICY } as const;

/**
 * Helmet's security headers, worked out once: they are the same for every response of a set. Building them per
 * request (as @fastify/helmet does) cost about 15 % of the CPU of a cheap request such as a totals read.
 */
export function securityHeaders(set: SecurityHeaderSet = 'pages'): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet({ contentSecurityPolicy: POLICIES[set] })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}
