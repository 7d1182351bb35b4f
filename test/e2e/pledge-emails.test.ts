import { formatJapanDeadline } from '../../src/common/money-format.js';
import { RemindPledgesJob, SendPledgeEmailJob } from '../../src/notifications/pledge-email.job.js';
import { freePort } from '../../tools/local/infra.js';
import { type MailCatcher, startMailCatcher } from '../../tools/mail-catcher/mail-catcher.js';
import { type Stack, activeCampaign, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

const TITLE = '能登半島地震 緊急支援';

const unfinishedOutbox = async (stack: Stack) => (await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL`))[0].n as number;

/** Every webhook applied and every job its effects queued done: what a donor will get has arrived. */
async function quiet(stack: Stack): Promise<void> {
  await stack.settled();
  await waitUntil('every queued job done', async () => (await unfinishedOutbox(stack)) === 0);
}

describe('pledge emails', () => {
  let stack: Stack;
  let campaignId: string;
  let slug: string;
  beforeAll(async () => {
    // A transfer still partly unpaid is reminded a second after it was told what remains, instead of three days.
    stack = await startStack({ env: { PLEDGE_PARTIAL_REMINDER_AFTER_MS: '1000' } });
    const coordinator = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 10_000_000, title: TITLE });
    slug = (await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
  });
  afterAll(() => stack.close());

  const pledge = async (body: Record<string, unknown>) => {
    const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { currency: 'jpy', name: '山田 花子', ...body } });
    expect(created.status).toBe(201);
    return created.body;
  };
  const mailTo = (address: string, subject?: RegExp) => stack.mail.messages().filter((m) => m.to.includes(address) && (!subject || subject.test(m.subject)));
  const mailArrives = (what: string, address: string, subject: RegExp) =>
    waitUntil(what, async () => {
      const found = mailTo(address, subject);
      return found.length ? found : null;
    });
  const remind = () => stack.worker.get(RemindPledgesJob).handle();
  const receiptsOf = async (donationId: string) => (await stack.app.sql(`SELECT number FROM notifications_receipts_v WHERE donation_id = $1`, [donationId])).length;

  it('tells a Japanese donor in Japanese how to pay at the store: the voucher, the deadline in Japan time, each chain’s codes', async () => {
    const created = await pledge({ amount: 3000, email: 'hanako@example.jp', paymentMethod: 'konbini', language: 'ja' });
    const voucher = created.nextAction;
    const [email] = await mailArrives('the instructions email', 'hanako@example.jp', /お支払いのご案内/);
    expect(email.subject).toBe(`【お支払いのご案内】「${TITLE}」へのご寄付（コンビニ払い）`);
    expect(email.messageId).toBe(`<pledge.instructions.${created.donationId}.3000@test.kizuna>`);
    expect(email.text).toContain('山田 花子 様');
    expect(email.text).toMatch(/[¥￥]3,000をお支払いください/);
    expect(email.text).toContain(`お支払い期限: ${formatJapanDeadline(new Date(voucher.expiresAt), 'ja')}（日本時間）`);
    expect(email.text).toMatch(/お支払い期限: \d{4}年\d{1,2}月\d{1,2}日\([日月火水木金土]\) 23:59（日本時間）/);
    expect(email.html).toContain(`href="${voucher.voucherUrl}"`);
    expect(voucher.stores.map((s: { chain: string }) => s.chain)).toEqual(['familymart', 'lawson', 'ministop', 'seicomart']);
    for (const store of voucher.stores) {
      expect(email.text).toContain(`お支払い番号: ${store.paymentCode}`);
      if (store.confirmationNumber) expect(email.text).toContain(`確認番号: ${store.confirmationNumber}`);
    }
    for (const chain of ['■ ファミリーマート', '■ ローソン', '■ ミニストップ', '■ セイコーマート']) expect(email.text).toContain(chain);
    expect(email.text).toContain('料金が発生することはありません');
    // The link in the email opens the voucher, which asks for the same amount.
    const page = await fetch(voucher.voucherUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/[¥￥]3,000/);
  });

  it('tells an English donor in English', async () => {
    const created = await pledge({ amount: 5000, email: 'john@example.org', paymentMethod: 'konbini', language: 'en', name: 'John Smith' });
    const [email] = await mailArrives('the instructions email', 'john@example.org', /convenience store/);
    expect(email.subject).toBe(`How to pay your gift to ${TITLE} at a convenience store`);
    expect(email.text).toContain('Dear John Smith,');
    expect(email.text).toContain('Please pay ¥5,000 in cash');
    expect(email.text).toContain(`Pay by: ${formatJapanDeadline(new Date(created.nextAction.expiresAt), 'en')}`);
    expect(email.text).toMatch(/Pay by: (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+ \d{4}, 23:59 Japan time/);
    for (const store of created.nextAction.stores) expect(email.text).toContain(`Payment code: ${store.paymentCode}`);
    for (const chain of ['FamilyMart', 'Lawson', 'Ministop', 'Seicomart']) expect(email.text).toContain(chain);
    expect(email.html).toContain('<html lang="en">');
  });

  it('says kindly that an expired voucher charged nothing, links to give again, and sends no receipt', async () => {
    const created = await pledge({ amount: 4000, email: 'late_expire_immediately@example.jp', paymentMethod: 'konbini', language: 'ja' });
    const [email] = await mailArrives('the expiry email', 'late_expire_immediately@example.jp', /お支払い期限を過ぎました/);
    expect(email.subject).toBe(`【お支払い期限を過ぎました】「${TITLE}」へのご寄付のお申し込みについて`);
    expect(email.text).toMatch(/「能登半島地震 緊急支援」へのご寄付（[¥￥]4,000）をお申し込みいただき/);
    expect(email.text).toContain('料金は一切発生しておりません');
    const giveAgain = `http://localhost:3000/campaigns/${slug}/give?lang=ja`;
    expect(email.text).toContain(`あらためて寄付する: ${giveAgain}`);
    expect(email.html).toContain(`href="${giveAgain}"`);
    // The link leads to the campaign's give page.
    const page = await stack.app.request('GET', new URL(giveAgain).pathname + new URL(giveAgain).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain(TITLE);

    await quiet(stack);
    const status = (await stack.app.request('GET', `/api/donations/${created.donationId}/status?token=${created.statusToken}`)).body;
    expect(status.status).toBe('expired');
    expect(await receiptsOf(created.donationId)).toBe(0);
    expect(mailTo('late_expire_immediately@example.jp', /領収書/)).toEqual([]);
    expect(mailTo('late_expire_immediately@example.jp', /お支払い期限を過ぎました/)).toHaveLength(1);
  });

  it('gives a transfer’s account and amount, then what remains after part of it, then the receipt', async () => {
    const created = await pledge({ amount: 50_000, email: 'transfer@example.jp', paymentMethod: 'bank_transfer', language: 'ja' });
    const account = created.nextAction;
    const [instructions] = await mailArrives('the transfer instructions', 'transfer@example.jp', /お振込みのご案内/);
    expect(instructions.subject).toBe(`【お振込みのご案内】「${TITLE}」へのご寄付（銀行振込）`);
    expect(instructions.text).toMatch(/振込金額: [¥￥]50,000\n/);
    expect(instructions.text).toContain(`金融機関: ${account.bankName}（金融機関コード ${account.bankCode}）`);
    expect(instructions.text).toContain(`支店: ${account.branchName}（支店コード ${account.branchCode}）`);
    expect(instructions.text).toContain(`口座種別: ${account.accountType === 'toza' ? '当座' : '普通'}`);
    expect(instructions.text).toContain(`口座番号: ${account.accountNumber}`);
    expect(instructions.text).toContain(`口座名義: ${account.accountHolderName}`);
    expect(instructions.text).toContain('振込手数料はご負担ください');

    const [donor] = await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = 'transfer@example.jp'`);
    await stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount: 20_000, currency: 'jpy' });
    const [partial] = await mailArrives('the email saying what remains', 'transfer@example.jp', /一部のお振込みを確認しました/);
    expect(partial.subject).toMatch(/^【一部のお振込みを確認しました】「能登半島地震 緊急支援」へのご寄付（残り[¥￥]30,000）$/);
    expect(partial.messageId).toBe(`<pledge.partial.${created.donationId}.30000@test.kizuna>`);
    expect(partial.text).toMatch(/これまでに[¥￥]20,000の入金を確認いたしました/);
    expect(partial.text).toMatch(/振込金額: [¥￥]30,000\n/);
    expect(partial.text).toContain(`口座番号: ${account.accountNumber}`);

    await stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount: 30_000, currency: 'jpy' });
    const [receipt] = await mailArrives('the receipt', 'transfer@example.jp', /領収書/);
    expect(receipt.text).toMatch(/[¥￥]50,000/);
    await quiet(stack);
    expect(mailTo('transfer@example.jp').map((m) => m.subject.slice(0, m.subject.indexOf('】') + 1))).toEqual([
      '【お振込みのご案内】',
      '【一部のお振込みを確認しました】',
      expect.stringMatching(/^【領収書 KZ-\d{4}-\d{6}】$/),
    ]);
  });

  it('reminds a voucher once, before its deadline, with the same codes; a second run sends nothing', async () => {
    // Its deadline is three minutes away: within the day before it.
    const created = await pledge({ amount: 2000, email: 'remind_expire_with_delay@example.jp', paymentMethod: 'konbini', language: 'ja' });
    await mailArrives('the instructions email', 'remind_expire_with_delay@example.jp', /お支払いのご案内/);
    await remind();
    const [reminder] = await mailArrives('the reminder', 'remind_expire_with_delay@example.jp', /お支払い期限が近づいています/);
    expect(reminder.subject).toBe(`【お支払い期限が近づいています】「${TITLE}」へのご寄付（コンビニ払い）`);
    expect(reminder.text).toContain(`お支払い期限は${formatJapanDeadline(new Date(created.nextAction.expiresAt), 'ja')}（日本時間）です`);
    for (const store of created.nextAction.stores) expect(reminder.text).toContain(`お支払い番号: ${store.paymentCode}`);

    await remind();
    await quiet(stack);
    expect(mailTo('remind_expire_with_delay@example.jp', /お支払い期限が近づいています/)).toHaveLength(1);
    // A voucher due in three days is not reminded yet.
    expect(mailTo('hanako@example.jp', /お支払い期限が近づいています/)).toEqual([]);
  });

  it('reminds a transfer still partly unpaid once, of what remains now, and never one paid since', async () => {
    const created = await pledge({ amount: 40_000, email: 'slow@example.jp', paymentMethod: 'bank_transfer', language: 'en', name: 'Kenji Sato' });
    await mailArrives('the transfer instructions', 'slow@example.jp', /bank transfer/);
    const [donor] = await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = 'slow@example.jp'`);
    const fund = (amount: number) => stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount, currency: 'jpy' });
    await fund(10_000);
    await mailArrives('the email saying ¥30,000 remains', 'slow@example.jp', /¥30,000 still to come/);
    await fund(10_000);
    await mailArrives('the email saying ¥20,000 remains', 'slow@example.jp', /¥20,000 still to come/);
    await waitUntil('a second since that email went', async () => {
      const rows = await stack.app.sql(`SELECT 1 FROM pledge_emails WHERE kind = 'partial' AND amount_remaining = 20000 AND sent_at < now() - interval '1 second'`);
      return rows.length > 0;
    });

    await remind();
    const [reminder] = await mailArrives('the reminder', 'slow@example.jp', /^Reminder/);
    expect(reminder.subject).toBe(`Reminder: ¥20,000 of your gift to ${TITLE} is still to come`);
    expect(reminder.messageId).toBe(`<pledge.reminder.${created.donationId}.20000@test.kizuna>`);
    expect(reminder.text).toContain('Amount to send: ¥20,000');
    expect(reminder.text).toContain(`Account number: ${created.nextAction.accountNumber}`);
    await remind();
    await quiet(stack);
    // The ¥30,000 once owed is owed no more: only what remains now is reminded, once.
    expect(mailTo('slow@example.jp', /^Reminder/)).toHaveLength(1);

    await fund(20_000);
    await mailArrives('the receipt', 'slow@example.jp', /^Receipt/);
    await remind();
    await quiet(stack);
    expect(mailTo('slow@example.jp', /^Reminder/)).toHaveLength(1);
    // The transfer paid in full before its figure was due for a reminder never gets one.
    expect(mailTo('transfer@example.jp', /お振込みのお願い/)).toEqual([]);
  });

  it('sends nothing twice when a job runs again', async () => {
    // Vouchers made above are paid three minutes on, and their receipts may come meanwhile: count pledge emails only.
    const pledgeEmails = () => stack.mail.messages().filter((m) => m.messageId.startsWith('<pledge.'));
    const sent = pledgeEmails().length;
    const [hanako] = await stack.app.sql(`SELECT d.id FROM donations d JOIN donors r ON r.id = d.donor_id WHERE r.email = 'hanako@example.jp'`);
    const [transfer] = await stack.app.sql(`SELECT d.id FROM donations d JOIN donors r ON r.id = d.donor_id WHERE r.email = 'transfer@example.jp'`);
    const [late] = await stack.app.sql(`SELECT d.id FROM donations d JOIN donors r ON r.id = d.donor_id WHERE r.email = 'late_expire_immediately@example.jp'`);
    const job = stack.worker.get(SendPledgeEmailJob);
    await job.handle({ donationId: hanako.id, kind: 'instructions' });
    await job.handle({ donationId: transfer.id, kind: 'instructions' });
    await job.handle({ donationId: transfer.id, kind: 'partial', amountRemaining: 30_000 });
    await job.handle({ donationId: late.id, kind: 'expired' });
    await quiet(stack);
    expect(pledgeEmails()).toHaveLength(sent);
    const ids = stack.mail.messages().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('a pledge email that failed for good', () => {
  it('is sent again, once, by the mail sweep when the mail server answers', async () => {
    const smtpPort = await freePort();
    // Nothing listens at first; four days of retries shrink to a fraction of a second.
    const stack = await startStack({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_RETRY_SCALE: '0.000001', MAIL_RETRY_SWEEP_MS: '300' } });
    let mailServer: MailCatcher | undefined;
    try {
      const coordinator = await stack.app.staffToken('coordinator');
      const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: TITLE });
      const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
        body: { amount: 3000, currency: 'jpy', name: '佐藤 一郎', email: 'away_fill_never@example.jp', paymentMethod: 'konbini', language: 'ja' },
      });
      expect(created.status).toBe(201);
      const failed = await waitUntil('the instructions email failed for good', async () => {
        const [row] = await stack.app.sql(`SELECT send_attempts, last_error FROM pledge_emails WHERE failed_at IS NOT NULL AND sent_at IS NULL`);
        return row ?? null;
      });
      expect(failed).toMatchObject({ send_attempts: 11, last_error: expect.stringMatching(/ECONNREFUSED/) });

      mailServer = await startMailCatcher({ smtpPort });
      const [email] = await mailServer.waitFor(1);
      expect(email.subject).toBe(`【お支払いのご案内】「${TITLE}」へのご寄付（コンビニ払い）`);
      expect(email.text).toContain(created.body.nextAction.voucherUrl);
      await quiet(stack);
      expect(mailServer.messages()).toHaveLength(1);
      expect(await stack.app.sql(`SELECT kind, sent_at IS NOT NULL AS sent, failed_at FROM pledge_emails`)).toEqual([{ kind: 'instructions', sent: true, failed_at: null }]);
    } finally {
      await stack.close();
      await mailServer?.close();
    }
  }, 90_000);
});
