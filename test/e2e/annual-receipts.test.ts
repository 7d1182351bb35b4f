import { AnnualReceiptsService } from '../../src/notifications/annual-receipts.service.js';
import { yearIn } from '../../src/notifications/annual-receipts.service.js';
import { pdfText } from '../support/pdf.js';
import { type Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

const annualMailTo = (stack: Stack, email: string) => stack.mail.messages().filter((m) => m.to.includes(email) && m.subject.includes('KZA-'));

async function receiptsSent(stack: Stack, count: number): Promise<void> {
  await waitUntil(`${count} receipts sent`, async () => (await stack.app.sql(`SELECT count(*)::int AS n FROM receipts WHERE sent_at IS NOT NULL`))[0].n >= count);
}

async function runYear(stack: Stack, token: string, year: number) {
  const started = await stack.app.request('POST', '/api/finance/annual-receipts', { token, body: { year } });
  expect(started.status).toBe(202);
  return waitUntil('the annual run to finish', async () => {
    const run = (await stack.app.request('GET', `/api/finance/annual-receipts/runs/${started.body.runId}`, { token })).body;
    return run.status === 'running' ? null : run;
  });
}

describe('annual receipts', () => {
  let stack: Stack;
  let coordinator: string;
  let finance: string;
  let year: number;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
    finance = await stack.app.staffToken('finance');
    year = yearIn(stack.app.config.ORG_TIMEZONE);
  });
  afterAll(() => stack.close());

  it('gives a donor one receipt for the year, their gifts less the refund, mailed once; a second run sends nothing', async () => {
    const fisheries = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Tōhoku fisheries' });
    const schools = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Noto schools' });
    const email = 'hanako.annual@example.jp';
    const gifts = [];
    for (const [campaign, amount] of [
      [fisheries, 3000],
      [schools, 2000],
      [fisheries, 5000],
    ] as const) {
      gifts.push(await give(stack, campaign, { amount, currency: 'jpy', email, language: 'ja', name: '山田花子' }));
      await stack.settled();
    }
    await receiptsSent(stack, 3);
    await stack.stripe.refunds.create({ payment_intent: gifts[2].paymentIntentId, amount: 1000 });
    await stack.settled();
    await waitUntil('the correction', async () => (await stack.app.sql(`SELECT 1 FROM receipts WHERE kind = 'correction' AND sent_at IS NOT NULL`)).length);

    const run = await runYear(stack, finance, year);
    expect(run).toEqual(expect.objectContaining({ status: 'completed', issued: 1, alreadyIssued: 0 }));
    const [mail] = await waitUntil('the annual receipt mailed', async () => (annualMailTo(stack, email).length ? annualMailTo(stack, email) : null));
    const [row] = await stack.app.sql(`SELECT id, number, kind, amount::int AS amount, details FROM annual_receipts`);
    expect(row).toEqual(expect.objectContaining({ number: `KZA-${year}-000001`, kind: 'annual', amount: 9000 }));
    expect(row.details.gifts).toHaveLength(3);
    expect(mail.subject).toContain(row.number);
    expect(mail.attachments).toEqual([expect.objectContaining({ filename: `${row.number}.pdf`, contentType: 'application/pdf' })]);
    expect(pdfText(mail.attachments[0].content)).toMatch(/9,000/);

    const again = await runYear(stack, finance, year);
    expect(again).toEqual(expect.objectContaining({ status: 'completed', issued: 0, alreadyIssued: 1 }));
    expect(await stack.app.sql(`SELECT id FROM annual_receipts`)).toHaveLength(1);
    expect((await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE job_name = 'receipts.annual-send'`))[0].n).toBe(1);
    expect(annualMailTo(stack, email)).toHaveLength(1);

    await expect(stack.app.sql(`UPDATE annual_receipts SET amount = 1 WHERE id = $1`, [row.id])).rejects.toThrow(/never changed/);
    await expect(stack.app.sql(`DELETE FROM annual_receipts WHERE id = $1`, [row.id])).rejects.toThrow(/kept for five years/);
    const csv = await stack.app.request('GET', `/api/finance/receipts.csv?from=${year}-01-01`, { token: finance });
    expect(csv.text.split('\r\n').find((line) => line.startsWith(row.number))).toContain(',annual,');
  });

  it('two runs at once give a donor one receipt', async () => {
    const campaign = await activeCampaign(stack.app, coordinator, { currency: 'usd', title: 'Haiti clinics' });
    const gift = await give(stack, campaign, { amount: 2500, currency: 'usd', email: 'john.annual@example.org', language: 'en' });
    await stack.settled();
    await waitUntil('the receipt', async () => (await stack.app.sql(`SELECT 1 FROM receipts WHERE donation_id = $1`, [gift.donationId])).length);
    const annual = stack.worker.get(AnnualReceiptsService);
    const runs = await Promise.all([annual.start(year), annual.start(year)]);
    await Promise.all(runs.map((runId) => annual.execute(runId)));
    const rows = await stack.app.sql(`SELECT a.number FROM annual_receipts a JOIN donations d ON d.donor_id = a.donor_id WHERE d.id = $1`, [gift.donationId]);
    expect(rows).toHaveLength(1);
    const views = await Promise.all(runs.map((runId) => annual.run(runId)));
    expect(views.map((v) => v.issued).sort()).toEqual([0, 1]);
  });

  it('a reissue gets a new number, names the one it replaces and is mailed as reissued', async () => {
    const [original] = await stack.app.sql(`SELECT id, number FROM annual_receipts WHERE details->>'donorName' = '山田花子' AND kind = 'annual'`);
    const reissued = await stack.app.request('POST', `/api/finance/annual-receipts/${original.id}/reissue`, { token: finance });
    expect(reissued.status).toBe(201);
    expect(reissued.body).toEqual(expect.objectContaining({ kind: 'reissue', replacesNumber: original.number, amount: 9000, currency: 'jpy' }));
    expect(reissued.body.number).toMatch(new RegExp(`^KZA-${year}-\\d{6}$`));
    expect(reissued.body.number).not.toBe(original.number);
    const mail = await waitUntil('the reissue mailed', async () => stack.mail.messages().find((m) => m.subject.includes(reissued.body.number)));
    expect(pdfText(mail.attachments[0].content)).toContain(original.number);
    const coordinatorTry = await stack.app.request('POST', `/api/finance/annual-receipts/${original.id}/reissue`, { token: coordinator });
    expect(coordinatorTry.status).toBe(403);
  });

  it('after finance merges two donor records, a gift already on the merged-away record’s annual receipt is not receipted again', async () => {
    const campaign = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Merge check' });
    await give(stack, campaign, { amount: 1000, currency: 'jpy', email: 'old.address@example.jp', language: 'ja', name: '鈴木一郎' });
    await stack.settled();
    await runYear(stack, finance, year);
    const [early] = await stack.app.sql(
      `SELECT a.number, a.amount::int AS amount FROM annual_receipts a JOIN donors d ON d.id = a.donor_id WHERE d.email = 'old.address@example.jp'`,
    );
    expect(early.amount).toBe(1000);
    await give(stack, campaign, { amount: 2000, currency: 'jpy', email: 'new.address@example.jp', language: 'ja', name: '鈴木一郎' });
    await stack.settled();
    const ids = await stack.app.sql(`SELECT email, id FROM donors WHERE email IN ('old.address@example.jp', 'new.address@example.jp')`);
    const idOf = (email: string) => ids.find((row) => row.email === email).id;
    const merged = await stack.app.request('POST', '/api/finance/donors/merge', {
      token: finance,
      body: { fromDonorId: idOf('old.address@example.jp'), intoDonorId: idOf('new.address@example.jp') },
    });
    expect(merged.status).toBe(200);

    const run = await runYear(stack, finance, year);
    expect(run.status).toBe('completed');
    const [kept] = await stack.app.sql(`SELECT a.amount::int AS amount, a.details FROM annual_receipts a WHERE a.donor_id = $1`, [idOf('new.address@example.jp')]);
    expect(kept.amount).toBe(2000);
    expect(kept.details.gifts).toHaveLength(1);
  });
});
