// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { TEST_ADMIN } from '../support/app.js';
import { launchBrowser, screenshot, staffLogIn, unlabelledFields, watchedPage } from '../support/browser.js';
import { Stack, staffAccount, startStack } from '../support/stack.js';

describe('a tax receipt in Japanese: the donor’s details on the give page, the organisation’s profile on the staff page', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: string;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    admin = await stack.app.login();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('asks a donor on a phone for the receipt’s name and address only when she wants one, fills the prefecture on request and stores them', async () => {
    const created = await stack.app.request('POST', '/api/campaigns', {
      token: admin,
      body: {
        translations: { ja: { title: '能登半島地震 義援金', region: '石川県', story: '被災された方々へ全額をお届けします。' } },
        disasterType: 'earthquake',
        currency: 'jpy',
        goalAmount: 10_000_000,
        fundKind: 'gienkin',
        fundRecipient: '石川県',
      },
    });
    await stack.app.request('POST', `/api/campaigns/${created.body.id}/publish`, { token: admin });
    const { page, errors } = await watchedPage(browser, { viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
    await page.goto(`${stack.app.url}/campaigns/${created.body.slug}/give?lang=ja`);
    expect(await page.textContent('#gienkin-notice')).toContain('全額を石川県へ拠出します');
    expect(await page.textContent('#gienkin-notice')).toContain('預り証');
    expect(await page.isVisible('#tax-receipt')).toBe(false);

    await page.getByLabel('メールアドレス（領収書の送付先）').fill('hanako@example.jp');
    await page.getByLabel('お名前（任意）').fill('山田花子');
    await page.getByLabel('税務署に提出する寄附金受領証明書（領収書）を希望する').check();
    expect(await page.isVisible('#tax-receipt')).toBe(true);
    expect(await page.getByLabel('宛名（お名前）').inputValue()).toBe('山田花子');
    expect(await unlabelledFields(page)).toEqual([]);

    // A postal code of six digits is refused in the page, under the field, and nothing is sent.
    const postal = page.getByLabel('郵便番号', { exact: true });
    await postal.fill('100-000');
    await page.getByRole('button', { name: 'お支払いへ進む' }).click();
    expect(await page.textContent('#tax-postal-error')).toBe('郵便番号は7桁の数字で入力してください（例：100-0005）。');
    expect(await postal.getAttribute('aria-invalid')).toBe('true');
    expect(await postal.getAttribute('aria-describedby')).toContain('tax-postal-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tax-postal');
    expect(await stack.app.sql(`SELECT count(*)::int AS n FROM donations`)).toEqual([{ n: 0 }]);

    // The prefecture comes from the postal code only when she asks for it.
    await postal.fill('100-0005');
    const address = page.getByLabel('ご住所（封筒に書くとおりに）');
    expect(await address.inputValue()).toBe('');
    await page.getByRole('button', { name: '郵便番号から都道府県を入力' }).click();
    expect(await address.inputValue()).toBe('東京都');
    expect(await page.textContent('#tax-prefecture-status')).toContain('東京都');
    await address.press('End');
    await address.type('千代田区丸の内1-1-1');
    await address.press('Tab');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'give-tax-receipt-ja');

    await page.getByRole('button', { name: 'お支払いへ進む' }).click();
    await page.waitForURL(/\/checkout\/pi_/);
    const [donation] = await stack.app.sql(`SELECT id FROM donations WHERE campaign_id = $1`, [created.body.id]);
    const stored = (await stack.app.request('GET', `/api/donations/${donation.id}`, { token: admin })).body;
    expect(stored.taxReceipt).toEqual({ name: '山田花子', postalCode: '100-0005', address: '東京都千代田区丸の内1-1-1', country: 'JP' });
    expect(errors.filter((e) => !e.includes('/checkout/pi_'))).toEqual([]);
  }, 60_000);

  it('lets an admin save the receipt profile in Japanese as a new version, shows API errors in Japanese, and shows others the profile read-only', async () => {
    const { page, errors } = await watchedPage(browser, { locale: 'ja-JP' });
    await staffLogIn(page, stack.app.url, TEST_ADMIN);
    await page.getByRole('link', { name: '法人情報' }).click();
    await page.waitForURL(/\/staff\/organisation$/);
    await page.waitForSelector('#content:not([hidden])');
    await page.waitForFunction(() => /第\d+版/.test(document.querySelector('#org-version')?.textContent ?? ''));
    const before = (await stack.app.request('GET', '/api/organisation', { token: admin })).body.version as number;
    expect(await page.textContent('#org-version')).toContain(`第${before}版`);
    expect(await unlabelledFields(page)).toEqual([]);

    await page.getByLabel('法人名').fill('特定非営利活動法人 きずな災害支援');
    await page.getByLabel('所在地').fill('〒100-0005\n東京都千代田区丸の内1-1-1');
    await page.getByLabel('代表者').fill('理事長 山田太郎');
    await page.getByLabel('認定NPO法人').check();
    await page.getByLabel('認定番号').fill('東京都指令生活第123号');
    await page.getByLabel('認定年月日').fill(`${new Date().getFullYear() + 1}-04-01`);
    await page.getByLabel('タイムゾーン').fill('Asia/Tokyo');
    await page.getByRole('button', { name: '新しい版として保存' }).click();
    // The API refuses a date in the future; the page says so in Japanese.
    await page.waitForFunction(() => (document.querySelector('#org-error')?.textContent ?? '') !== '');
    expect(await page.textContent('#org-error')).toBe('認定年月日は、実在する今日以前の日付を YYYY-MM-DD の形式で入力してください。');

    await page.getByLabel('認定年月日').fill('2020-04-01');
    await page.getByRole('button', { name: '新しい版として保存' }).click();
    await page.waitForFunction((version) => document.querySelector('#org-saved')?.textContent === `保存しました。第${version}版を適用中です。`, before + 1);
    await screenshot(page, 'staff-organisation-ja');
    await page.reload();
    await page.waitForFunction((version) => (document.querySelector('#org-version')?.textContent ?? '').includes(`第${version}版`), before + 1);
    expect(await page.getByLabel('法人名').inputValue()).toBe('特定非営利活動法人 きずな災害支援');
    expect(await page.getByLabel('認定年月日').inputValue()).toBe('2020-04-01');
    expect((await stack.app.request('GET', '/api/organisation', { token: admin })).body).toMatchObject({ version: before + 1, taxStatus: 'certified_npo' });
    // A 公益法人 has a certificate number rather than a certification number.
    await page.getByLabel('公益法人').check();
    expect(await page.textContent('#org-certification-number-label')).toBe('証明番号');

    const coordinator = await staffAccount(stack, 'coordinator');
    const { page: reader } = await watchedPage(browser, { locale: 'ja-JP' });
    await staffLogIn(reader, stack.app.url, coordinator);
    await reader.goto(`${stack.app.url}/staff/organisation`);
    await reader.waitForFunction((version) => (document.querySelector('#org-version')?.textContent ?? '').includes(`第${version}版`), before + 1);
    expect(await reader.isVisible('#org-read-only')).toBe(true);
    expect(await reader.isDisabled('#org-legal-name')).toBe(true);
    expect(await reader.isVisible('#org-save')).toBe(false);
    // The one failed request is the API's refusal of the future date.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  }, 60_000);

  it('creates a 義援金 campaign from the staff form in Japanese, naming its recipient', async () => {
    const { page, errors } = await watchedPage(browser, { locale: 'ja-JP' });
    await staffLogIn(page, stack.app.url, TEST_ADMIN);
    await page.waitForSelector('#content:not([hidden])');
    await page.fill('#create-title', '令和6年能登半島地震 義援金');
    await page.fill('#create-region', '石川県');
    await page.fill('#create-goal', '5000000');
    expect(await page.isVisible('#create-fundRecipient')).toBe(false);
    await page.getByLabel('義援金（自治体へ全額拠出）').check();
    await page.click('#create button[type=submit]');
    expect(await page.textContent('#create-error')).toBe('義援金の拠出先の自治体を入力してください。');
    await page.getByLabel('義援金の拠出先（自治体）').fill('石川県');
    expect(await page.getByLabel('義援金（石川県へ全額拠出）').isChecked()).toBe(true);
    await page.click('#create button[type=submit]');
    await page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/);
    const campaign = (await stack.app.request('GET', `/api/campaigns/${page.url().split('/').pop()}`, { token: admin })).body;
    expect(campaign).toMatchObject({ fundKind: 'gienkin', fundRecipient: '石川県' });
    await page.waitForSelector('#campaign-sections:not([hidden])');
    expect(await page.getByLabel('義援金（石川県へ全額拠出）').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
