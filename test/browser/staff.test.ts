// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, unlabelledFields, watchedPage } from '../support/browser.js';
import { TEST_ADMIN } from '../support/app.js';
import { Stack, activeCampaign, give, startStack, staffAccount } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/** Waits until the element's text is the given one, or matches it. */
async function textOf(page: Page, selector: string, expected: string | RegExp): Promise<void> {
  const wanted = typeof expected === 'string' ? { text: expected } : { source: expected.source, flags: expected.flags };
  await page.waitForFunction(
    ([selector, wanted]) => {
      const text = document.querySelector(selector)?.textContent ?? '';
      return 'text' in wanted ? text === wanted.text : new RegExp(wanted.source, wanted.flags).test(text);
    },
    [selector, wanted] as const,
  );
}

describe("staff login and the coordinator's pages", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('logs in, creates and publishes a campaign, sees its donations, posts an update and follows its delivery to the end', async () => {
    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 } });
    const account = await staffAccount(stack, 'coordinator');

    // Without a session, a staff page sends the browser to the login page, which brings it back afterwards.
    await page.goto(`${stack.app.url}/staff`);
    await page.waitForURL(/\/staff\/login\?next=%2Fstaff$/);
    expect(await unlabelledFields(page)).toEqual([]);
    await screenshot(page, 'staff-login');
    await page.fill('#email', account.email);
    await page.fill('#password', 'not-the-password');
    await page.press('#password', 'Enter');
    await textOf(page, '#login-error', 'Invalid email or password.');
    await page.fill('#password', account.password);
    await page.press('#password', 'Enter');
    await page.waitForURL(`${stack.app.url}/staff`);
    await page.waitForSelector('#content:not([hidden])');
    expect(await page.textContent('#whoami')).toBe(`${account.email} (Coordinator)`);
    expect(await unlabelledFields(page)).toEqual([]);

    // The API's 400 is shown beside the form, on the field it names; then a good slug goes through.
    await page.fill('#create-title', 'Noto earthquake relief');
    await page.selectOption('#create-disasterType', 'earthquake');
    await page.fill('#create-region', 'Ishikawa, Japan');
    await page.selectOption('#create-currency', 'jpy');
    await page.fill('#create-goal', '5,000,000');
    await page.fill('#create-story', 'Shelters and water for the Noto peninsula.\n\nEvery yen goes to the co-operatives on the ground.');
    await page.fill('#create-slug', 'Noto 2024!');
    await page.click('#create button[type=submit]');
    await textOf(page, '#create-error', /^slug must be lowercase letters and digits/);
    expect(await page.getAttribute('#create-slug', 'aria-invalid')).toBe('true');
    await page.fill('#create-slug', 'noto-2024');
    await page.click('#create button[type=submit]');
    await page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').pop()!;
    await page.waitForSelector('#campaign-sections:not([hidden])');
    expect(await page.textContent('#campaign-title')).toBe('Noto earthquake relief');
    expect(await page.textContent('#campaign-status')).toBe('Draft');
    expect(await page.inputValue('#edit-goal')).toBe('5000000');
    const created = await stack.app.request('GET', `/api/campaigns/${campaignId}`, { token: await stack.app.login() });
    expect(created.body).toMatchObject({ slug: 'noto-2024', currency: 'jpy', goalAmount: 5_000_000, status: 'draft' });

    // Publish with the keyboard.
    await page.focus('#publish');
    await page.keyboard.press('Enter');
    await textOf(page, '#campaign-status', 'Active');
    expect(await page.isVisible('#publish')).toBe(false);
    expect(await page.isVisible('#close')).toBe(true);
    expect(await page.getAttribute('#public-link', 'href')).toBe('/campaigns/noto-2024');

    // An edit, sent as a PATCH of what changed.
    await page.fill('#edit-goal', '6000000');
    await page.click('#edit button[type=submit]');
    await textOf(page, '#edit-ok', 'Saved.');
    expect((await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.goalAmount).toBe(6_000_000);

    // Two donors, who asked for updates.
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'aiko@example.jp', subscribeToUpdates: true });
    await give(stack, campaignId, { amount: 10000, currency: 'jpy', email: 'ben@example.org', subscribeToUpdates: true, coverFees: true });
    await stack.settled();
    await stack.sync();
    await waitUntil('both donations', async () => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`)).body.donationCount === 2);
    await page.reload();
    await page.waitForSelector('#chart .chart');
    const totals = await page.$$eval('#totals div', (items) => Object.fromEntries(items.map((i) => [i.querySelector('dt')!.textContent, i.querySelector('dd')!.textContent])));
    expect(totals).toMatchObject({ Goal: '¥6,000,000', Donations: '2', Donors: '2' });
    expect(totals.Gross).toMatch(/^¥13,\d{3}$/);
    expect(await page.$$eval('#chart rect', (bars) => bars.length)).toBeGreaterThanOrEqual(1);
    const perHour = await page.$$eval('#chart table tbody tr', (rows) => rows.map((r) => Number(r.querySelector('td')!.textContent)));
    expect(perHour.reduce((sum, n) => sum + n, 0)).toBe(2);
    await page.check('input[name=by][value=day]');
    await page.waitForSelector('#chart caption:text("Donations per day")', { state: 'attached' });

    // An update to them, followed until every email is out.
    await page.fill('#update-title', 'Water tanks delivered');
    await page.fill('#update-body', 'Forty tanks reached Wajima today.\n\nThank you.');
    await page.click('#update button[type=submit]');
    await page.waitForSelector('#delivery[data-state=done]', { timeout: 30_000 });
    expect(await page.textContent('#delivery')).toContain('Delivery done: 2 of 2 emails sent.');
    expect(await page.textContent('#updates')).toContain('Water tanks delivered');
    const sentTo = stack.mail
      .messages()
      .filter((m) => m.subject.includes('Water tanks delivered'))
      .map((m) => m.to[0])
      .sort();
    expect(sentTo).toEqual(['aiko@example.jp', 'ben@example.org']);
    expect(await unlabelledFields(page)).toEqual([]);
    await screenshot(page, 'staff-campaign');

    // The dashboard lists it, with the staff figures.
    await page.click('nav >> text=Campaigns');
    await page.waitForSelector('#campaigns tbody tr');
    const row = await page.$$eval('#campaigns tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(row).toEqual([
      [
        expect.stringContaining('Noto earthquake relief'),
        'Active',
        '¥6,000,000',
        expect.stringMatching(/^¥13,/),
        '¥0',
        expect.stringMatching(/^¥13,/),
        expect.stringMatching(/^¥\d{3}$/),
        '¥0',
        '¥0',
        expect.stringMatching(/^¥12,/),
        '2',
        '0',
      ],
    ]);
    await screenshot(page, 'staff-dashboard');

    // On a phone, the page does not scroll sideways: only the table does, in its own frame.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.$eval('#campaigns', (table) => table.parentElement!.scrollWidth > table.parentElement!.clientWidth)).toBe(true);
    await screenshot(page, 'staff-dashboard-phone');

    await page.click('#logout');
    await page.waitForURL(`${stack.app.url}/staff/login`);
    await page.goto(`${stack.app.url}/staff/campaigns/${campaignId}`);
    await page.waitForURL(/\/staff\/login\?next=/);
    // The wrong password (401) and the bad slug (400) were on purpose: Chromium logs every failed request.
    const expected = [/\/staff\/login\?next=%2Fstaff: .*status of 401/, /\/staff: .*status of 400/];
    expect(errors.filter((e) => !expected.some((pattern) => pattern.test(e)))).toEqual([]);
    expect(errors).toHaveLength(2);
  }, 60_000);

  it("gives an admin's browser the HttpOnly cookie that opens Bull Board, and takes it back at logout", async () => {
    const { page } = await watchedPage(browser);
    await page.goto(`${stack.app.url}/staff/login`);
    await page.fill('#email', TEST_ADMIN.email);
    await page.fill('#password', TEST_ADMIN.password);
    await page.click('#login button[type=submit]');
    await page.waitForURL(`${stack.app.url}/staff`);
    expect(await page.isVisible('#queues-link')).toBe(true);
    expect((await page.request.get(`${stack.app.url}/admin/queues/api/queues`)).status()).toBe(200);
    // The server set it HttpOnly: the page's scripts (and anything injected into them) cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('kizuna_token');
    const [cookie] = (await page.context().cookies(`${stack.app.url}/admin/queues`)).filter((c) => c.name === 'kizuna_token');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin/queues' });
    await page.click('#logout');
    await page.waitForURL(`${stack.app.url}/staff/login`);
    expect((await page.request.get(`${stack.app.url}/admin/queues/api/queues`)).status()).toBe(401);
  });

  it('creates campaigns with goals of ¥1,000,000,000,000 and $10,000,000,000.00 and shows them whole, refusing a larger one', async () => {
    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 } });
    const account = await staffAccount(stack, 'coordinator');
    await page.goto(`${stack.app.url}/staff/login`);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    await page.press('#password', 'Enter');
    await page.waitForSelector('#content:not([hidden])');

    const create = async (title: string, currency: string, goal: string) => {
      await page.fill('#create-title', title);
      await page.fill('#create-region', 'Shizuoka, Japan');
      await page.selectOption('#create-currency', currency);
      await page.fill('#create-goal', goal);
      await page.click('#create button[type=submit]');
    };
    await create('Nankai Trough reserve', 'jpy', '1,000,000,000,001');
    await textOf(page, '#create-error', 'The goal is above the largest one allowed: see the note under the goal.');
    expect(await page.getAttribute('#create-goal', 'aria-invalid')).toBe('true');
    await page.fill('#create-goal', '1,000,000,000,000');
    await page.click('#create button[type=submit]');
    await page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/);
    await page.waitForSelector('#campaign-sections:not([hidden])');
    expect(await page.inputValue('#edit-goal')).toBe('1000000000000');
    await textOf(page, '#totals div:first-child dd', '¥1,000,000,000,000');
    await page.click('#publish');
    await textOf(page, '#campaign-status', 'Active');

    await page.click('nav >> text=Campaigns');
    await page.waitForSelector('#create-title');
    await create('Pacific recovery fund', 'usd', '10,000,000,000.00');
    await page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/);
    await textOf(page, '#totals div:first-child dd', '$10,000,000,000.00');
    await page.click('#publish');
    await textOf(page, '#campaign-status', 'Active');

    await page.click('nav >> text=Campaigns');
    await page.waitForSelector('#campaigns tbody tr');
    const goals = await page.$$eval('#campaigns tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.querySelector('a')?.textContent, r.children[2].textContent])));
    expect(goals).toMatchObject({ 'Nankai Trough reserve': '¥1,000,000,000,000', 'Pacific recovery fund': '$10,000,000,000.00' });
    await screenshot(page, 'staff-dashboard-large-goals');
    // The refused goal (400) was on purpose: Chromium logs every failed request.
    expect(errors.filter((e) => !/\/staff: .*status of 400/.test(e))).toEqual([]);
  }, 60_000);

  it('shows paid and pledged apart: on the dashboard, in the campaign figures and in the chart', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Suzu kitchens' });
    await give(stack, campaignId, { amount: 2000, currency: 'jpy', email: 'paid@example.jp' });
    const voucher = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
      body: { amount: 3000, currency: 'jpy', email: 'later@example.jp', name: '小林 誠', paymentMethod: 'konbini' },
    });
    expect(voucher.body.status).toBe('awaiting_payment');
    await stack.settled();

    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 } });
    const account = await staffAccount(stack, 'coordinator');
    await page.goto(`${stack.app.url}/staff/login`);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    await page.press('#password', 'Enter');
    await page.waitForSelector('#campaigns tbody tr');
    const headers = await page.$$eval('#campaigns thead th', (cells) => cells.map((c) => c.textContent));
    const dashboardRow = async () => {
      const cells = await page.locator('#campaigns tbody tr', { hasText: 'Suzu kitchens' }).locator('th, td').allTextContents();
      return Object.fromEntries(headers.map((name, i) => [name, cells[i]]));
    };
    expect(await dashboardRow()).toMatchObject({ 'Raised (paid)': '¥2,000', 'Pledged (unpaid)': '¥3,000', Donations: '1', Pledges: '1' });
    await screenshot(page, 'staff-dashboard-pledges');

    await page.click('text=Suzu kitchens');
    await page.waitForSelector('#chart .chart');
    const figures = async () =>
      page.$$eval('#totals div', (items) => Object.fromEntries(items.map((i) => [i.querySelector('dt')!.textContent, i.querySelector('dd')!.textContent])));
    expect(await figures()).toMatchObject({ 'Raised (paid)': '¥2,000', 'Pledged (awaiting payment)': '¥3,000 (1 pledge)', Donations: '1' });
    expect(await page.textContent('#chart .chart-legend')).toContain('Pledged: konbini vouchers and bank transfers, by when the donor asked for them');
    // Screen readers get the two series as columns: paid count, paid amount, pledges, pledged amount.
    const sums = async () =>
      page.$$eval('#chart table tbody tr', (rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent)).reduce((sum, cells) => [sum[0] + Number(cells[0]), sum[1] + Number(cells[2])], [0, 0]),
      );
    expect(await sums()).toEqual([1, 1]);
    expect(await page.$$eval('#chart rect.chart-bar-pledged', (bars) => bars.filter((b) => Number(b.getAttribute('height')) > 0).length)).toBe(1);
    await screenshot(page, 'staff-campaign-pledges');

    // The voucher is paid at the store: raised money now, and still a pledge made in the chart, where it was made.
    stack.emulator.advanceClock(181);
    await stack.settled();
    await waitUntil('the voucher paid', async () => ((await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`)).body.pendingCount === 0 ? true : null));
    await page.reload();
    await page.waitForSelector('#chart .chart');
    expect(await figures()).toMatchObject({ 'Raised (paid)': '¥5,000', 'Pledged (awaiting payment)': '¥0 (0 pledges)', Donations: '2' });
    expect(await sums()).toEqual([2, 1]);
    await page.click('nav >> text=Campaigns');
    await page.waitForSelector('#campaigns tbody tr');
    expect(await dashboardRow()).toMatchObject({ 'Raised (paid)': '¥5,000', 'Pledged (unpaid)': '¥0', Donations: '2', Pledges: '0' });
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("an admin's staff accounts page and a coordinator's campaigns", () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function logIn(page: Page, email: string, password: string, next = '/staff'): Promise<void> {
    await page.goto(`${stack.app.url}/staff/login?next=${encodeURIComponent(next)}`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('#login button[type=submit]');
    await page.waitForURL(`${stack.app.url}${next}`);
    await page.waitForSelector('#content:not([hidden])');
  }

  it('creates a coordinator, assigns them one campaign, and disables them; they see only their campaign’s controls, then are signed out', async () => {
    const admin = await watchedPage(browser, { viewport: { width: 1200, height: 900 } });
    const coordinator = await watchedPage(browser);
    const adminToken = await stack.app.login();
    const campaign = { disasterType: 'flood', region: 'Kumamoto', currency: 'jpy', goalAmount: 1_000_000 };
    const theirs = (await stack.app.request('POST', '/api/campaigns', { token: adminToken, body: { ...campaign, title: 'Kumamoto floods' } })).body.id;
    const other = (await stack.app.request('POST', '/api/campaigns', { token: adminToken, body: { ...campaign, title: 'Another appeal' } })).body.id;

    await logIn(admin.page, TEST_ADMIN.email, TEST_ADMIN.password, '/staff/users');
    expect(await admin.page.isVisible('nav >> text=Staff accounts')).toBe(true);
    await admin.page.fill('#new-email', 'kenji@test.kizuna');
    await admin.page.fill('#new-password', 'kenji-password-123');
    await admin.page.selectOption('#new-role', 'coordinator');
    await admin.page.click('#new-account button[type=submit]');
    await textOf(admin.page, '#accounts-ok', 'kenji@test.kizuna can now log in as Coordinator.');
    await admin.page.waitForSelector('#accounts tbody tr:has-text("kenji@test.kizuna")');
    await admin.page.waitForSelector('#audit tbody tr:has-text("created the account")');
    expect(await unlabelledFields(admin.page)).toEqual([]);

    await admin.page.goto(`${stack.app.url}/staff/campaigns/${theirs}`);
    await admin.page.waitForSelector('#assign:not([hidden])');
    await admin.page.check('#assign-choices label:has-text("kenji@test.kizuna") input');
    await admin.page.click('#assign button[type=submit]');
    await textOf(admin.page, '#assign-ok', 'Saved.');
    expect(await admin.page.textContent('#coordinators')).toBe('kenji@test.kizuna');

    await logIn(coordinator.page, 'kenji@test.kizuna', 'kenji-password-123', `/staff/campaigns/${other}`);
    await coordinator.page.waitForSelector('#campaign-sections:not([hidden])');
    await textOf(coordinator.page, '#coordinators-help', /^You are not a coordinator of this campaign/);
    expect(await coordinator.page.isVisible('#edit-section')).toBe(false);
    expect(await coordinator.page.isVisible('#publish')).toBe(false);
    expect(await coordinator.page.isVisible('#assign')).toBe(false);
    await coordinator.page.goto(`${stack.app.url}/staff/campaigns/${theirs}`);
    await coordinator.page.waitForSelector('#campaign-sections:not([hidden])');
    expect(await coordinator.page.isVisible('#edit-section')).toBe(true);
    expect(await coordinator.page.isVisible('#publish')).toBe(true);

    await admin.page.goto(`${stack.app.url}/staff/users`);
    const row = admin.page.locator('#accounts tbody tr', { hasText: 'kenji@test.kizuna' });
    await row.locator('button:has-text("Disable")').click();
    await textOf(admin.page, '#accounts-ok', 'kenji@test.kizuna is disabled.');
    await admin.page.waitForSelector('#audit tbody tr:has-text("disabled the account")');
    await screenshot(admin.page, 'staff-accounts');

    // The coordinator's next request is refused: the page sends them to the login.
    await coordinator.page.click('#publish');
    await coordinator.page.waitForURL(/\/staff\/login\?next=/);
    expect(admin.errors).toEqual([]);
    expect(coordinator.errors).toEqual([expect.stringMatching(/status of 401/)]);
  }, 60_000);
});
