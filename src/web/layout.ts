import { html, json, type SafeHtml } from './html.js';
import { messages, type WebLanguage } from './i18n.js';

export interface PageOptions {
  language: WebLanguage;
  title: string;
  /** The page's path without ?lang=, for the language switch. */
  path: string;
  body: SafeHtml;
  /** Scripts from /assets, loaded as modules after the content. */
  scripts?: string[];
  /** Data for the scripts, read from the element #page-data. */
  data?: unknown;
  /** What search engines and link previews show under the title. */
  description?: string;
}

function switchLanguage(path: string, language: WebLanguage): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

/** The frame of every public page: skip link, header with navigation and language switch, main, footer. */
export function layout(options: PageOptions): string {
  const t = messages(options.language);
  const other: WebLanguage = options.language === 'ja' ? 'en' : 'ja';
  return `<!doctype html>${html`<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${options.title} · ${t.siteName}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">${options.language === 'ja' ? '本文へ移動' : 'Skip to content'}</a>
<header class="site">
  <a class="brand" href="/?lang=${options.language}">${t.siteName}</a>
  <nav aria-label="${options.language === 'ja' ? 'メイン' : 'Main'}">
    <a href="/?lang=${options.language}">${t.campaigns}</a>
    <a href="${switchLanguage(options.path, other)}" lang="${other}" hreflang="${other}">${other === 'ja' ? '日本語' : 'English'}</a>
    <a href="/staff">${t.staff}</a>
  </nav>
</header>
<main id="main">
${options.body}
</main>
<footer class="site"><p>${t.tagline}</p></footer>
${options.data === undefined ? '' : html`<script type="application/json" id="page-data">${json(options.data)}</script>`}
${(options.scripts ?? []).map((name) => html`<script type="module" src="/assets/${name}"></script>`)}
</body>
</html>`}`;
}

/** A page for an error (404 and the like), in the same frame. */
export function errorPage(language: WebLanguage, path: string, title: string, message: string): string {
  return layout({ language, path, title, body: html`<h1>${title}</h1><p>${message}</p><p><a href="/?lang=${language}">${messages(language).campaigns}</a></p>` });
}
