import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests save their screenshots (listed in the README). */
export const SCREENSHOTS_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** Debian's Chromium, headless; no browser is ever downloaded. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A page that records every console error and uncaught exception, so a test can insist there were none. */
export async function watchedPage(browser: Browser, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<{ page: Page; errors: string[] }> {
  // The locale sets the Accept-Language the staff pages choose their language from when no choice is remembered.
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1100, height: 900 }, locale: options.locale ?? 'en-GB' });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Inputs, selects and text areas that no label names: each one is a form a screen reader cannot explain. */
export function unlabelledFields(page: Page): Promise<string[]> {
  return page.$$eval('input:not([type=hidden]), select, textarea', (fields) =>
    fields.filter((f) => !(f as HTMLInputElement).labels?.length && !f.getAttribute('aria-label')).map((f) => f.outerHTML.slice(0, 120)),
  );
}

/**
 * Logs in on the staff login page as a person does (email, password, Enter) and waits until the page sent after the
 * login (the dashboard, or finance for a finance account) is reached.
 */
export async function staffLogIn(page: Page, appUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${appUrl}/staff/login`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL(/\/staff(\/finance)?$/), page.press('#password', 'Enter')]);
}
