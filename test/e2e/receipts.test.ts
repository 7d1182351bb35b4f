import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

async function receiptsSent(stack: Stack, count: number): Promise<void> {
  await waitUntil(`${count} receipts sent`, async () => (await stack.app.sql(`SELECT count(*)::int AS n FROM receipts WHERE sent_at IS NOT NULL`))[0].n >= count);
}

describe('receipts', () => {
  let stack: Stack;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  it('mails one receipt per donation with its number, amount, language and a PDF', async () => {
    const jpy = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Tōhoku fisheries' });
    const usd = await activeCampaign(stack.app, coordinator, { currency: 'usd', title: 'Haiti clinics' });
    const hanako = await give(stack, jpy, { amount: 5000, currency: 'jpy', email: 'hanako@example.jp', language: 'ja', name: '山田花子' });
    const john = await give(stack, usd, { amount: 2500, currency: 'usd', email: 'john@example.org', language: 'en' });
    await stack.settled();
    const messages = await stack.mail.waitFor(2);
    const year = new Date().getUTCFullYear();

    const toHanako = messages.find((m) => m.to.includes('hanako@example.jp'))!;
    const hanakoNumber = (await stack.app.request('GET', `/api/donations/${hanako.donationId}`, { token: coordinator })).body.receiptNumber;
    expect(hanakoNumber).toMatch(new RegExp(`^KZ-${year}-00000[12]$`));
    expect(toHanako.text).toContain(hanakoNumber);
    expect(toHanako.text).toMatch(/[¥￥]5,000/);
    expect(toHanako.text).toContain('Tōhoku fisheries');
    expect(toHanako.subject).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/); // Japanese
    expect(toHanako.messageId).toBe(`<receipt.${hanako.donationId}@test.kizuna>`);
    expect(toHanako.attachments).toEqual([expect.objectContaining({ filename: `${hanakoNumber}.pdf`, contentType: 'application/pdf' })]);
    expect(toHanako.attachments[0].content.subarray(0, 8).toString()).toBe('%PDF-1.7');

    const toJohn = messages.find((m) => m.to.includes('john@example.org'))!;
    expect(toJohn.text).toContain('$25.00');
    expect(toJohn.subject).toMatch(/receipt/i);
    const johnNumber = (await stack.app.request('GET', `/api/donations/${john.donationId}`, { token: coordinator })).body.receiptNumber;
    expect(new Set([hanakoNumber, johnNumber])).toEqual(new Set([`KZ-${year}-000001`, `KZ-${year}-000002`]));
  });

  it('numbers 100 concurrent donations without gaps or repeats', async () => {
    const before = (await stack.app.sql(`SELECT count(*)::int AS n FROM receipts`))[0].n;
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 99_999_999 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => give(stack, campaignId, { amount: 1000, currency: 'jpy', email: `many-${i}@example.jp` })));
    await stack.settled();
    await receiptsSent(stack, before + 100);
    const sequences = (await stack.app.sql(`SELECT sequence FROM receipts ORDER BY sequence`)).map((r) => r.sequence);
    expect(sequences).toEqual(Array.from({ length: before + 100 }, (_, i) => i + 1));
    const mailed = (await stack.mail.waitFor(before + 100)).filter((m) => m.to.some((to) => to.startsWith('many-')));
    expect(mailed).toHaveLength(100);
  });

  it('sends a cancellation with its own number when a donation is refunded in full', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    const gift = await give(stack, campaignId, { amount: 4000, currency: 'usd', email: 'refunded@example.org' });
    await stack.settled();
    await waitUntil('the receipt', async () => (await stack.app.sql(`SELECT 1 FROM receipts WHERE donation_id = $1 AND sent_at IS NOT NULL`, [gift.donationId])).length);
    await stack.stripe.refunds.create({ payment_intent: gift.paymentIntentId });
    await stack.settled();
    const rows = await waitUntil('the cancellation', async () => {
      const found = await stack.app.sql(`SELECT kind, number, sent_at FROM receipts WHERE donation_id = $1 ORDER BY sequence`, [gift.donationId]);
      return found.length === 2 && found[1].sent_at ? found : null;
    });
    expect(rows.map((r) => r.kind)).toEqual(['receipt', 'cancellation']);
    expect(rows[1].number).not.toBe(rows[0].number);
    const note = stack.mail.messages().find((m) => m.to.includes('refunded@example.org') && m.text.includes(rows[1].number))!;
    expect(note.text).toContain(rows[0].number);
    expect(note.text).toContain('$40.00');
  });
});

describe('receipts when every webhook is delivered three times, shuffled', () => {
  it('still sends exactly one receipt per donation', async () => {
    const stack = await startStack({ duplicates: 3, shuffle: true });
    try {
      const coordinator = await stack.app.staffToken('coordinator');
      const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
      const gifts = await Promise.all(Array.from({ length: 20 }, (_, i) => give(stack, campaignId, { amount: 1000 + i, currency: 'jpy', email: `triple-${i}@example.jp` })));
      await stack.settled();
      await receiptsSent(stack, 20);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // room for any duplicate to show up
      const messages = stack.mail.messages();
      expect(messages).toHaveLength(20);
      expect(new Set(messages.map((m) => m.messageId))).toEqual(new Set(gifts.map((g) => `<receipt.${g.donationId}@test.kizuna>`)));
      for (const [i, gift] of gifts.entries()) {
        const message = messages.find((m) => m.messageId === `<receipt.${gift.donationId}@test.kizuna>`)!;
        expect(message.text).toMatch(new RegExp(`[¥￥]1,0${String(i).padStart(2, '0')}`));
      }
    } finally {
      await stack.close();
    }
  }, 120_000);
});
