// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { unsubscribeUrl } from '../../src/notifications/unsubscribe-token.js';
import { type AxeResult, type Impact, writeAccessibilityResults } from './accessibility-report.js';
import { TEST_ADMIN } from './app.js';
import { launchBrowser, staffLogIn } from './browser.js';
import { Stack, activeCampaign, startStack } from './stack.js';

/**
 * axe-core on every page a donor, a coordinator or finance sees, in one language, on a phone and a desktop screen: each
 * page is opened once on the phone screen, checked, widened to the desktop screen and checked again. A serious or
 * critical violation fails the page's test; every count goes to test-results/accessibility-<language>.json, and the
 * table of both languages to accessibility.md (the README's "Accessibility" table). One test file per language
 * (test/browser/accessibility-*.test.ts), so Jest's workers check the two languages side by side.
 */

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;
const FAILING: Impact[] = ['serious', 'critical'];

type Language = AxeResult['language'];
type Screen = keyof typeof SCREENS;

interface Pledge {
  donationId: string;
  statusToken: string;
  paymentIntentId: string;
  clientSecret: string;
  nextAction?: { voucherUrl?: string };
}

interface AxeRun {
  violations: { id: string; impact: Impact; help: string; nodes: { target: string[] }[] }[];
}

async function axe(page: Page): Promise<AxeResult['violations']> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const run: AxeRun = await (window as unknown as { axe: { run(): Promise<AxeRun> } }).axe.run();
    return run.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.length, where: nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
  });
}

export function accessibilitySuite(language: Language): void {
  const results: AxeResult[] = [];
  let stack: Stack;
  let browser: Browser;
  let campaignId: string;
  let slug: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    campaignId = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy', title: '能登半島地震 2024 緊急支援' });
    slug = (await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
  });
  afterAll(async () => {
    writeAccessibilityResults(language, results);
    await browser?.close();
    await stack?.close();
  });

  const donate = async (language: Language, paymentMethod: 'card' | 'konbini' | 'bank_transfer'): Promise<Pledge> => {
    const body = { amount: 3000, currency: 'jpy', email: 'donor@example.org', name: '山田 花子', language, paymentMethod };
    const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body });
    if (created.status !== 201) throw new Error(`donation: ${created.status} ${created.text}`);
    return created.body;
  };
  const thanksUrl = (pledge: Pledge, language: Language) => `${stack.app.url}/thanks?donation=${pledge.donationId}&token=${pledge.statusToken}&lang=${language}`;
  /** The thank-you page once its script has shown the result. */
  const thanks = async (page: Page, pledge: Pledge, language: Language) => {
    await page.goto(thanksUrl(pledge, language));
    await page.waitForFunction(() => !document.querySelector('#result')?.textContent?.includes('…'));
  };

  /** Each page: how to reach it in this language, from a browser context of that language and screen. */
  const PAGES: Record<string, (page: Page, language: Language) => Promise<unknown>> = {
    'public: campaign list': (page, language) => page.goto(`${stack.app.url}/?lang=${language}`),
    'public: campaign page': (page, language) => page.goto(`${stack.app.url}/campaigns/${slug}?lang=${language}`),
    'public: give page': (page, language) => page.goto(`${stack.app.url}/campaigns/${slug}/give?lang=${language}`),
    'public: thank-you (card)': async (page, language) => {
      const pledge = await donate(language, 'card');
      await stack.stripe.paymentIntents.confirm(pledge.paymentIntentId, { payment_method: 'pm_card_visa' });
      await stack.settled();
      await thanks(page, pledge, language);
    },
    'public: thank-you (konbini)': async (page, language) => thanks(page, await donate(language, 'konbini'), language),
    'public: thank-you (bank transfer)': async (page, language) => thanks(page, await donate(language, 'bank_transfer'), language),
    'public: unsubscribe': (page, language) => page.goto(`${unsubscribeUrl(stack.app.url, stack.app.config, '0ffd9a39-4b7e-4816-be30-ebc002169a4e')}&lang=${language}`),
    'emulator: card form': async (page, language) => {
      const pledge = await donate(language, 'card');
      const query = new URLSearchParams({ client_secret: pledge.clientSecret, return_url: thanksUrl(pledge, language), locale: language });
      await page.goto(`${stack.emulator.url}/checkout/${pledge.paymentIntentId}?${query}`);
    },
    'emulator: card form (after an error)': async (page, language) => {
      await PAGES['emulator: card form'](page, language);
      await page.fill('#card_number', '4000 0000 0000 0002');
      await page.fill('#exp', '12 / 34');
      await page.fill('#cvc', '123');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    },
    'emulator: konbini voucher': async (page, language) => {
      const voucher = new URL((await donate(language, 'konbini')).nextAction!.voucherUrl!);
      voucher.searchParams.set('locale', language);
      await page.goto(voucher.href);
    },
    'staff: login': (page) => page.goto(`${stack.app.url}/staff/login`),
    'staff: dashboard': (page) => staffPage(page, '/staff'),
    'staff: campaign form (with an error)': async (page) => {
      await staffPage(page, '/staff');
      await page.fill('#create-title', 'Form check');
      await page.selectOption('#create-disasterType', 'earthquake');
      await page.fill('#create-region', 'Ishikawa, Japan');
      await page.selectOption('#create-currency', 'jpy');
      await page.fill('#create-goal', '5,000,000');
      await page.fill('#create-slug', '2024');
      await page.click('#create button[type=submit]');
      await page.waitForSelector('#create-slug[aria-invalid=true]');
    },
    'staff: campaign page': (page) => staffPage(page, `/staff/campaigns/${campaignId}`),
    'staff: users': (page) => staffPage(page, '/staff/users'),
    'staff: account': (page) => staffPage(page, '/staff/account'),
    'staff: finance': (page) => staffPage(page, '/staff/finance'),
    'staff: security': (page) => staffPage(page, '/staff/security'),
    'staff: mail': (page) => staffPage(page, '/staff/mail'),
    'staff: organisation': (page) => staffPage(page, '/staff/organisation'),
  };

  /** A staff page once its script has checked the session and loaded what it shows (it stays hidden until then). */
  async function staffPage(page: Page, path: string): Promise<void> {
    await page.goto(`${stack.app.url}${path}`);
    await page.waitForSelector('#content:not([hidden])');
    await page.waitForLoadState('networkidle');
    if (new URL(page.url()).pathname !== path) throw new Error(`${path} sent the browser to ${page.url()}`);
  }

  /** The staff session lives in the tab's sessionStorage: staff pages are all checked in this one tab. */
  async function loggedInTab(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await staffLogIn(page, stack.app.url, TEST_ADMIN);
    return page;
  }

  const inStaffTab = (name: string) => name.startsWith('staff:') && name !== 'staff: login';

  describe(`${language}: no serious or critical violation on any page, on a phone or a desktop screen`, () => {
    let context: BrowserContext;
    let staffTab: Page;
    beforeAll(async () => {
      // The pages' CSP rightly refuses inline scripts; axe is injected as one, so only this test's browser bypasses it.
      context = await browser.newContext({ viewport: SCREENS.phone, locale: language === 'ja' ? 'ja-JP' : 'en-GB', bypassCSP: true });
      staffTab = await loggedInTab(context);
    });
    afterAll(() => context?.close());

    it.each(Object.keys(PAGES))('%s', async (name) => {
      const page = inStaffTab(name) ? staffTab : await context.newPage();
      try {
        await page.setViewportSize(SCREENS.phone);
        await PAGES[name](page, language);
        const failing: string[] = [];
        for (const screen of Object.keys(SCREENS) as Screen[]) {
          await page.setViewportSize(SCREENS[screen]);
          const violations = await axe(page);
          const servedIn = (await page.getAttribute('html', 'lang')) ?? '';
          results.push({ page: name, language, screen, servedIn, violations });
          failing.push(...violations.filter((v) => FAILING.includes(v.impact)).map((v) => `${screen}: ${v.impact}: ${v.id} ${v.help} at ${v.where.join(', ')}`));
        }
        expect({ page: name, language, failing }).toEqual({ page: name, language, failing: [] });
      } finally {
        if (page !== staffTab) await page.close();
      }
    });
  });
}
