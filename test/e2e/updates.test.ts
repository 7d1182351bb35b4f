import { unsubscribeUrl } from '../../src/notifications/unsubscribe-token.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

describe('progress updates', () => {
  let stack: Stack;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack({ env: { UPDATE_EMAILS_PER_SECOND: '2000' } });
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  const updateEmails = (subjectPart?: string) => stack.mail.messages().filter((m) => m.headers['list-unsubscribe'] && (!subjectPart || m.subject.includes(subjectPart)));

  it('sends one milestone email per opted-in donor when 50 concurrent donations cross 25%', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 200_000, title: 'Milestone appeal' });
    // 20 early donors bring ¥40,000 (20%); then 50 donors give ¥200 each at once: only all 50 together reach ¥50,000 (25%).
    await Promise.all(Array.from({ length: 20 }, (_, i) => give(stack, campaignId, { amount: 2000, currency: 'jpy', email: `early-${i}@example.jp` })));
    await stack.settled();
    await Promise.all(Array.from({ length: 50 }, (_, i) => give(stack, campaignId, { amount: 200, currency: 'jpy', email: `burst-${i}@example.jp`, subscribeToUpdates: i >= 10 })));
    await stack.settled();
    const [milestone] = await waitUntil('the 25% milestone', () =>
      stack.app.sql(`SELECT update_id FROM campaign_milestones WHERE campaign_id = $1`, [campaignId]).then((r) => (r.length ? r : null)),
    );
    await waitUntil('the milestone emails', async () => {
      const progress = (await stack.app.request('GET', `/api/campaigns/${campaignId}/updates/${milestone.update_id}`, { token: coordinator })).body;
      return progress.fanOutDone && progress.sent === progress.recipients;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = updateEmails().filter((m) => m.text.includes('Milestone appeal'));
    expect(sent).toHaveLength(60); // 20 early + 40 of the burst; 10 did not opt in
    expect(new Set(sent.map((m) => m.to[0])).size).toBe(60);
    expect(sent.some((m) => m.to[0] === 'burst-3@example.jp')).toBe(false);
    expect(await stack.app.sql(`SELECT percent FROM campaign_milestones WHERE campaign_id = $1`, [campaignId])).toEqual([{ percent: 25 }]);
  });

  it('records each later milestone once as gifts pass it, and never an earlier one again', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 10_000, title: 'Stepwise appeal' });
    const milestones = async () => (await stack.app.sql(`SELECT percent FROM campaign_milestones WHERE campaign_id = $1 ORDER BY percent`, [campaignId])).map((r) => r.percent);
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'step-1@example.jp', subscribeToUpdates: true });
    await waitUntil('the 25% milestone', async () => (await milestones()).length === 1);
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'step-2@example.jp', subscribeToUpdates: true });
    await waitUntil('the 50% milestone', async () => (await milestones()).length === 2);
    await give(stack, campaignId, { amount: 500, currency: 'jpy', email: 'step-3@example.jp', subscribeToUpdates: true });
    await stack.settled();
    await waitUntil('every job done', async () => (await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL`))[0].n === 0);
    expect(await milestones()).toEqual([25, 50]);
    expect(await stack.app.sql(`SELECT milestone_percent FROM campaign_updates WHERE campaign_id = $1 ORDER BY milestone_percent`, [campaignId])).toEqual([
      { milestone_percent: 25 },
      { milestone_percent: 50 },
    ]);
  });

  it('sends an update to 2,000 donors, 100 of them unsubscribed, as exactly 1,900 emails', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', title: 'Big appeal' });
    // Donations recorded straight in the database: this test is about the fan-out, not the payment path.
    const donors: { id: string }[] = await stack.app.sql(`INSERT INTO donors (email) SELECT 'crowd-' || n || '@example.org' FROM generate_series(1, 2000) AS n RETURNING id`);
    await stack.app.sql(`INSERT INTO donations (campaign_id, donor_id, amount, currency, status) SELECT $1, unnest($2::uuid[]), 1000, 'usd', 'succeeded'`, [
      campaignId,
      donors.map((d) => d.id),
    ]);
    for (const donor of donors.slice(0, 100)) {
      const response = await fetch(unsubscribeUrl(stack.app.url, stack.app.config, donor.id), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);
    }
    const posted = await stack.app.request('POST', `/api/campaigns/${campaignId}/updates`, {
      token: coordinator,
      body: { title: 'Water is flowing', body: 'The new pumps run.\n\nThank you.' },
    });
    expect(posted.status).toBe(201);
    await waitUntil('1,900 update emails', async () => updateEmails('Water is flowing').length >= 1900, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sent = updateEmails('Water is flowing');
    expect(sent).toHaveLength(1900);
    expect(new Set(sent.map((m) => m.to[0])).size).toBe(1900);
    const unsubscribed = new Set((await stack.app.sql(`SELECT email FROM donors WHERE unsubscribed_at IS NOT NULL`)).map((r) => r.email));
    expect(sent.filter((m) => unsubscribed.has(m.to[0]))).toEqual([]);
    const progress = (await stack.app.request('GET', `/api/campaigns/${campaignId}/updates/${posted.body.id}`, { token: coordinator })).body;
    expect(progress).toMatchObject({ recipients: 1900, sent: 1900, fanOutDone: true });
    const one = sent[0];
    expect(one.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(one.text).toContain('/unsubscribe?donor=');
  }, 180_000);

  it('refuses a forged or altered unsubscribe token with 400 and changes nothing', async () => {
    const [donor] = await stack.app.sql(`INSERT INTO donors (email) VALUES ('keep-me@example.org') RETURNING id`);
    const [other] = await stack.app.sql(`INSERT INTO donors (email) VALUES ('other@example.org') RETURNING id`);
    const good = new URL(unsubscribeUrl(stack.app.url, stack.app.config, donor.id));
    const forged = new URL(unsubscribeUrl(stack.app.url, { JWT_SECRET: 'a-secret-that-is-not-ours-but-long-enough' }, donor.id));
    const altered = new URL(good);
    altered.searchParams.set(
      'token',
      good.searchParams.get('token')!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
    );
    const otherDonor = new URL(good);
    otherDonor.searchParams.set('donor', other.id);
    for (const url of [forged, altered, otherDonor]) {
      expect((await fetch(url, { method: 'POST' })).status).toBe(400);
      expect((await fetch(url)).status).toBe(400);
    }
    expect(await stack.app.sql(`SELECT count(*)::int AS n FROM donors WHERE unsubscribed_at IS NOT NULL AND id = ANY($1::uuid[])`, [[donor.id, other.id]])).toEqual([{ n: 0 }]);
    const page = await fetch(good);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post"/);
    expect((await fetch(good, { method: 'POST' })).status).toBe(200);
    expect((await stack.app.sql(`SELECT unsubscribed_at FROM donors WHERE id = $1`, [donor.id]))[0].unsubscribed_at).not.toBeNull();
  });

  it('shows the unsubscribe pages in the language of the email, Japanese included', async () => {
    const [donor] = await stack.app.sql(`INSERT INTO donors (email) VALUES ('hanako-unsub@example.jp') RETURNING id`);
    const link = unsubscribeUrl(stack.app.url, stack.app.config, donor.id, 'ja');
    expect(new URL(link).searchParams.get('lang')).toBe('ja');
    const confirm = await (await fetch(link, { headers: { 'accept-language': 'en' } })).text();
    expect(confirm).toContain('<html lang="ja">');
    expect(confirm).toContain('活動報告の配信を停止しますか？');
    expect(confirm).toMatch(/<form method="post" action="[^"]*lang=ja">/);
    const done = await (await fetch(link, { method: 'POST' })).text();
    expect(done).toContain('配信を停止しました');
    const forged = new URL(link);
    forged.searchParams.set('donor', '0ffd9a39-4b7e-4816-be30-ebc002169a4e');
    const refused = await fetch(forged);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('このリンクは無効です');
    const english = await (await fetch(unsubscribeUrl(stack.app.url, stack.app.config, donor.id))).text();
    expect(english).toContain('<html lang="en">');
  });

  it('still sends receipts to an unsubscribed donor', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    const first = await give(stack, campaignId, { amount: 1000, currency: 'usd', email: 'quiet@example.org' });
    await stack.settled();
    const [donor] = await stack.app.sql(`SELECT donor_id FROM donations WHERE id = $1`, [first.donationId]);
    await fetch(unsubscribeUrl(stack.app.url, stack.app.config, donor.donor_id), { method: 'POST' });
    const second = await give(stack, campaignId, { amount: 2000, currency: 'usd', email: 'quiet@example.org' });
    await stack.settled();
    await waitUntil('both receipts', async () => stack.mail.messages().filter((m) => m.to.includes('quiet@example.org') && !m.headers['list-unsubscribe']).length === 2);
    expect(second.donationId).not.toBe(first.donationId);
  });
});
