// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { staffStrings, type StaffKey } from '../../src/web/staff-i18n.js';
import { launchBrowser, screenshot, watchedPage } from '../support/browser.js';
import { TEST_ADMIN } from '../support/app.js';
import { Stack, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

// Words that stay in Latin letters in Japanese: names of products and formats, and the organisation's own name.
const LATIN_ON_PURPOSE = new Set([
  'Kizuna',
  'Stripe',
  'CSV',
  'JavaScript',
  'PaymentIntent',
  'README',
  'Card',
  'testing',
  'JPY',
  'USD',
  'EUR',
  'GBP',
  'KRW',
  'IP',
  'PDF',
  'ZIP',
  'ID',
]);

/**
 * Every text a person meets on the page, or a screen reader reads: text nodes outside hidden parts, the title, SVG
 * titles, and the labels, placeholders and titles of elements. Text marked as another language (lang="en") is left
 * out: the language switch names English in English on purpose.
 */
function shownTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const inJapanese = (node: Element) => (node.closest('[lang]')?.getAttribute('lang') ?? 'ja') === 'ja';
    const shown = (node: Element) => !node.closest('[hidden], script, style, noscript, template, #page-data') && node.checkVisibility({ visibilityProperty: true });
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement!;
      const svgTitle = parent.closest('svg') && parent.tagName === 'title';
      const option = parent.tagName === 'OPTION' && shown(parent.closest('select')!);
      if (inJapanese(parent) && (svgTitle || option || shown(parent))) texts.push(node.textContent ?? '');
    }
    for (const element of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (!inJapanese(element) || element.closest('[hidden]')) continue;
      for (const name of ['aria-label', 'placeholder', 'title', 'alt']) texts.push(element.getAttribute(name) ?? '');
    }
    return texts.map((text) => text.trim()).filter(Boolean);
  });
}

/** The text without data: emails, ids, codes, paths and amounts (any piece with @ . _ / digits and the like). */
function withoutData(text: string): string {
  return text
    .split(/[\s,;()（）「」、。・：:→—–]+/)
    .map((piece) => piece.replace(/[.…!?]+$/, ''))
    .filter((piece) => !/[@._/\d<>#=?&-]/.test(piece))
    .join(' ');
}

/** English left on a Japanese page: words of Latin letters that are not data nor on purpose. */
function englishWords(text: string): string[] {
  return (withoutData(text).match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !LATIN_ON_PURPOSE.has(word));
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The English of the table that a Japanese page must never show: each fixed part of a template, long enough to be a phrase. */
const ENGLISH_PHRASES: [StaffKey, RegExp][] = (Object.entries(staffStrings('en')) as [StaffKey, string][]).flatMap(([key, english]) =>
  english
    .split(/\{\w+\}/)
    .map((part) => part.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, ''))
    .filter((part) => part.length >= 5 && /[A-Za-z]{3,}/.test(part) && part !== staffStrings('ja')[key])
    .map((part): [StaffKey, RegExp] => [key, new RegExp(`(^|[^A-Za-z])${literal(part)}([^A-Za-z]|$)`)]),
);

/** What on the page is not in Japanese: phrases of the table's English side, and any other English word. */
async function untranslated(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const text of await shownTexts(page)) {
    const phrase = ENGLISH_PHRASES.find(([, english]) => english.test(withoutData(text)));
    if (phrase) problems.push(`${new URL(page.url()).pathname}: "${text}" shows the English of ${phrase[0]}`);
    else if (englishWords(text).length) problems.push(`${new URL(page.url()).pathname}: "${text}" has English words: ${englishWords(text).join(' ')}`);
  }
  return problems;
}

async function logIn(page: Page, url: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${url}/staff/login`);
  await page.fill('#email', account.email);
  await page.fill('#password', account.password);
  await page.click('#login button[type=submit]');
  await page.waitForURL((address) => !address.pathname.startsWith('/staff/login'));
}

/** Opens a staff page and waits until its script has shown it and loaded what it shows. */
async function open(page: Page, url: string, path: string, ready: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.waitForSelector(ready);
  await page.waitForLoadState('networkidle');
}

async function staffAccount(stack: Stack, role: 'coordinator' | 'finance') {
  const token = await stack.app.staffToken(role);
  const { email } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  return { email: email as string, password: `${role}-password-123`, token };
}

describe('staff pages in Japanese and English', () => {
  let stack: Stack;
  let browser: Browser;
  let campaignId: string;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const coordinator = await staffAccount(stack, 'coordinator');
    const created = await stack.app.request('POST', '/api/campaigns', {
      token: coordinator.token,
      body: { title: '能登半島地震 緊急支援', disasterType: 'earthquake', region: '石川県', currency: 'jpy', goalAmount: 5_000_000, story: '避難所に水と毛布を届けます。' },
    });
    campaignId = created.body.id;
    await stack.app.request('POST', `/api/campaigns/${campaignId}/publish`, { token: coordinator.token });
    await give(stack, campaignId, { amount: 5000, currency: 'jpy', name: '佐藤 花子', email: 'hanako@example.jp' });
    await give(stack, campaignId, { amount: 12000, currency: 'jpy', name: '鈴木 一郎', email: 'ichiro@example.jp' });
    await stack.settled();
    // A week on the emulator's clock: the card funds become available and the daily schedule pays them out.
    stack.emulator.advanceClock(7 * 86_400);
    await stack.settled();
    await stack.sync();
    // A konbini voucher made afterwards, still awaiting payment.
    const pledge = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
      body: { amount: 3000, currency: 'jpy', email: 'makoto@example.jp', name: '小林 誠', paymentMethod: 'konbini' },
    });
    expect(pledge.status).toBe(201);
    await stack.settled();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows every staff page, message and error in Japanese, to admin, coordinator and finance, with data', async () => {
    const problems: string[] = [];
    const check = async (page: Page, name?: string) => {
      problems.push(...(await untranslated(page)));
      if (name) await screenshot(page, `${name}-ja`);
    };

    const admin = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await admin.page.goto(`${stack.app.url}/staff/login`);
    expect(await admin.page.getAttribute('html', 'lang')).toBe('ja');
    await admin.page.fill('#email', TEST_ADMIN.email);
    await admin.page.fill('#password', 'not-the-password');
    await admin.page.click('#login button[type=submit]');
    await admin.page.waitForFunction(() => document.getElementById('login-error')?.textContent === 'メールアドレスまたはパスワードが正しくありません。');
    await check(admin.page, 'staff-login');

    await logIn(admin.page, stack.app.url, TEST_ADMIN);
    await open(admin.page, stack.app.url, '/staff', '#campaigns tbody tr');
    // A form refused in the browser, and one refused by the API (its code in Japanese).
    await admin.page.click('#create button[type=submit]');
    await admin.page.waitForFunction(() => document.getElementById('create-error')?.textContent === 'タイトルを入力してください。');
    await check(admin.page, 'staff-dashboard');
    await open(admin.page, stack.app.url, `/staff/campaigns/${campaignId}`, '#chart svg');
    await check(admin.page, 'staff-campaign');
    await open(admin.page, stack.app.url, '/staff/users', '#audit tbody tr');
    await check(admin.page, 'staff-users');
    await open(admin.page, stack.app.url, '/staff/account', '#account-who:not(:empty)');
    await admin.page.fill('#current-password', 'wrong-password-here');
    await admin.page.fill('#new-password', 'a-new-password-long-enough');
    await admin.page.click('#password button[type=submit]');
    await admin.page.waitForFunction(() => document.getElementById('password-error')?.textContent === '現在のパスワードが正しくありません。');
    await check(admin.page, 'staff-account');
    await open(admin.page, stack.app.url, '/staff/finance', '#payouts tbody tr');
    await admin.page.waitForSelector('#pledges tbody tr');
    await admin.page.click('#payouts tbody tr button');
    await admin.page.waitForSelector('#payout-report:not([hidden]) table');
    await check(admin.page, 'staff-finance');
    await open(admin.page, stack.app.url, '/staff/security', '#alarm-state:not(:empty)');
    await check(admin.page, 'staff-security');
    await open(admin.page, stack.app.url, '/staff/mail', '#mail-summary:not(:empty)');
    await check(admin.page, 'staff-mail');
    await admin.page.goto(`${stack.app.url}/staff/campaigns/not-a-campaign`);
    await check(admin.page);

    const coordinator = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await logIn(coordinator.page, stack.app.url, await staffAccount(stack, 'coordinator'));
    await open(coordinator.page, stack.app.url, `/staff/campaigns/${campaignId}`, '#coordinators li');
    await check(coordinator.page);
    await open(coordinator.page, stack.app.url, '/staff/finance', '#forbidden:not([hidden])');
    await check(coordinator.page, 'staff-forbidden');

    const finance = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await logIn(finance.page, stack.app.url, await staffAccount(stack, 'finance'));
    await open(finance.page, stack.app.url, '/staff/finance', '#payouts tbody tr');
    await finance.page.fill('#run-from', '2011-03-11');
    await finance.page.fill('#run-to', '2011-03-11');
    await finance.page.click('#run-form button[type=submit]');
    await finance.page.waitForFunction(() => document.getElementById('run-error')?.textContent !== '');
    await check(finance.page);

    expect(problems).toEqual([]);
    expect([...admin.errors, ...coordinator.errors, ...finance.errors].filter((e) => !/status of (400|401|403|404|409)/.test(e))).toEqual([]);
  });

  it('remembers the language chosen on the account across logins and devices, before the browser’s preference', async () => {
    const first = await watchedPage(browser, { locale: 'ja-JP' });
    const account = await staffAccount(stack, 'finance');
    await logIn(first.page, stack.app.url, account);
    await first.page.waitForSelector('#content:not([hidden])');
    expect(await first.page.textContent('#language-switch')).toBe('English');
    await first.page.click('#language-switch');
    await first.page.waitForFunction(() => document.documentElement.lang === 'en');
    await first.page.waitForSelector('#content:not([hidden])');
    expect(await first.page.textContent('h1')).toBe('Finance');
    await waitUntil('the choice saved on the account', async () => {
      const [row] = await stack.app.sql(`SELECT language FROM users WHERE email = $1`, [account.email]);
      return row.language === 'en';
    });

    // Another device whose browser asks for Japanese: once logged in, the account's English wins.
    const other = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await other.page.goto(`${stack.app.url}/staff/login`);
    expect(await other.page.textContent('h1')).toBe('スタッフログイン');
    await logIn(other.page, stack.app.url, account);
    await open(other.page, stack.app.url, '/staff/finance', '#payouts tbody tr');
    expect(await other.page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(other.page, 'staff-finance-en');
    for (const [path, ready, name] of [
      ['/staff/security', '#alarm-state:not(:empty)', 'staff-security-en'],
      ['/staff/account', '#account-who:not(:empty)', 'staff-account-en'],
    ]) {
      await open(other.page, stack.app.url, path, ready);
      await screenshot(other.page, name);
    }
    expect([...first.errors, ...other.errors]).toEqual([]);
  });

  it('shows the coordinator pages in English, with dates in the organisation’s time zone', async () => {
    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'en-GB' });
    await logIn(page, stack.app.url, TEST_ADMIN);
    await open(page, stack.app.url, '/staff', '#campaigns tbody tr');
    expect(await page.textContent('h1')).toBe('Campaigns');
    await screenshot(page, 'staff-dashboard-en');
    await open(page, stack.app.url, `/staff/campaigns/${campaignId}`, '#chart svg');
    expect(await page.textContent('#chart .hint')).toContain('Asia/Tokyo');
    await screenshot(page, 'staff-campaign-en');
    await open(page, stack.app.url, '/staff/users', '#audit tbody tr');
    await screenshot(page, 'staff-users-en');
    await open(page, stack.app.url, '/staff/mail', '#mail-summary:not(:empty)');
    await screenshot(page, 'staff-mail-en');
    expect(errors).toEqual([]);
  });
});
