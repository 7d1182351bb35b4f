// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, staffLogIn, watchedPage } from '../support/browser.js';
import { Stack, staffAccount, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

const TITLE_JA = '能登半島地震 2024 緊急支援';
const TITLE_EN = 'Noto Peninsula Earthquake 2024 Emergency Relief';

async function staffLogin(stack: Stack, page: Page): Promise<void> {
  await staffLogIn(page, stack.app.url, await staffAccount(stack, 'coordinator'));
  await page.waitForSelector('#content:not([hidden])');
}

describe('a coordinator works in Japanese; a donor gives on the English page of the same campaign', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('creates, translates, publishes and updates a campaign in Japanese, and the donor reads and gives in English', async () => {
    const { page } = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await staffLogin(stack, page);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await screenshot(page, 'walkthrough-staff-dashboard-ja');

    // Created in Japanese only.
    await page.fill('#create-title', TITLE_JA);
    await page.fill('#create-region', '石川県 能登地方');
    await page.fill('#create-story', '避難所に水と毛布を届けています。\n\n現地の協同組合が一軒一軒を回っています。');
    await page.selectOption('#create-disasterType', 'earthquake');
    await page.selectOption('#create-currency', 'jpy');
    await page.fill('#create-goal', '10,000,000');
    await page.click('#create button[type=submit]');
    await page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').pop()!;
    await page.waitForSelector('#campaign-sections:not([hidden])');
    expect(await page.textContent('#campaign-title')).toBe(TITLE_JA);
    expect(await page.textContent('#campaign-status')).toBe('下書き');
    await screenshot(page, 'walkthrough-staff-campaign-created-ja');

    // Translated: the English side filled in beside the Japanese one, and saved.
    await page.fill('#edit-titleEn', TITLE_EN);
    await page.fill('#edit-regionEn', 'Noto, Ishikawa');
    await page.fill('#edit-storyEn', 'We bring water and blankets to the shelters.\n\nLocal co-operatives visit every house.');
    await page.click('#edit button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#edit-ok')?.textContent === '保存しました。');
    const staffView = (await stack.app.request('GET', `/api/campaigns/${campaignId}`, { token: await stack.app.login() })).body;
    expect(staffView.translations).toEqual({
      ja: { title: TITLE_JA, region: '石川県 能登地方', story: expect.stringContaining('避難所') },
      en: { title: TITLE_EN, region: 'Noto, Ishikawa', story: expect.stringContaining('shelters') },
    });
    // A slug a person can read and say, never a bare number.
    expect(staffView.slug).toMatch(/[a-z]{3,}/);
    expect(staffView.slug).not.toMatch(/^\d+$/);
    await screenshot(page, 'walkthrough-staff-campaign-translated-ja');

    // Published.
    await page.click('#publish');
    await page.waitForFunction(() => document.querySelector('#campaign-status')?.textContent === '受付中');
    const slug = staffView.slug as string;

    // The public pages in both languages.
    const japanese = (await watchedPage(browser, { locale: 'ja-JP' })).page;
    await japanese.goto(`${stack.app.url}/campaigns/${slug}`);
    expect(await japanese.getAttribute('html', 'lang')).toBe('ja');
    expect(await japanese.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE_JA);
    await screenshot(japanese, 'walkthrough-campaign-ja');
    await japanese.goto(`${stack.app.url}/campaigns/${slug}/give`);
    await screenshot(japanese, 'walkthrough-give-ja');

    // A donor on the English page gives by card.
    const { page: donor } = await watchedPage(browser, { locale: 'en-GB' });
    await donor.goto(`${stack.app.url}/campaigns/${slug}?lang=en`);
    expect(await donor.getAttribute('html', 'lang')).toBe('en');
    expect(await donor.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE_EN);
    expect(await donor.textContent('main')).toContain('Local co-operatives visit every house.');
    await screenshot(donor, 'walkthrough-campaign-en');
    await donor.getByRole('link', { name: 'Give now' }).click();
    await donor.getByLabel('¥3,000', { exact: true }).check();
    await donor.getByLabel('Email (for your receipt)').fill('emma@example.org');
    await screenshot(donor, 'walkthrough-give-en');
    await donor.getByRole('button', { name: 'Continue to payment' }).click();
    await donor.waitForURL(/\/checkout\/pi_/);
    await screenshot(donor, 'walkthrough-card-form-en');
    await donor.getByLabel(/card number/i).fill('4242 4242 4242 4242');
    await donor.getByLabel(/expir/i).fill('12 / 34');
    await donor.getByLabel(/cvc/i).fill('123');
    await donor.getByRole('button', { name: /pay/i }).click();
    await donor.waitForURL(/\/thanks\?/);
    await donor.waitForFunction(() => /KZ-\d{4}-\d{6}/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await donor.textContent('main')).toContain(TITLE_EN);
    await screenshot(donor, 'walkthrough-thanks-en');
    await stack.settled();
    const receipt = await waitUntil('the receipt email', async () => stack.mail.messages().find((m) => m.to.includes('emma@example.org')) ?? null);
    expect(receipt.subject + receipt.text).toContain(TITLE_EN);

    // Updated in Japanese: the goal, then a progress update, delivered to the donor.
    await page.reload();
    await page.waitForSelector('#campaign-sections:not([hidden])');
    await page.fill('#edit-goal', '12,000,000');
    await page.click('#edit button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#edit-ok')?.textContent === '保存しました。');
    expect((await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.goalAmount).toBe(12_000_000);
    await page.fill('#update-title', '給水タンクを届けました');
    await page.fill('#update-body', '本日、輪島市に40基の給水タンクが届きました。\n\nご支援ありがとうございます。');
    await page.click('#update button[type=submit]');
    await page.waitForSelector('#delivery[data-state=done]', { timeout: 30_000 });
    expect(await page.textContent('#delivery')).toContain('配信完了');
    await screenshot(page, 'walkthrough-staff-update-ja');
    const update = await waitUntil('the update email', async () => stack.mail.messages().find((m) => m.subject.includes('給水タンクを届けました')) ?? null);
    expect(update.to).toEqual(['emma@example.org']);
  }, 120_000);
});
