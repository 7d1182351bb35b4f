import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReissueForCorrectionJob } from '../../src/notifications/issue-receipt.job.js';
import { OrganisationService } from '../../src/organisation/organisation.service.js';
import { type Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

interface DocumentRow {
  id: string;
  kind: string;
  number: string;
  replaces_number: string | null;
  sent_at: Date | null;
  issued_at: Date;
  organisation_version: number | null;
  details: { recipient: { name: string; postalCode: string } | null; donorName: string | null } | null;
}

const documents = (stack: Stack, donationId: string) =>
  stack.app.sql<DocumentRow>(
    `SELECT id, kind, number, replaces_number, sent_at, issued_at, organisation_version, details FROM receipts WHERE donation_id = $1 ORDER BY year, sequence`,
    [donationId],
  );

async function sentDocuments(stack: Stack, donationId: string, count: number): Promise<DocumentRow[]> {
  return waitUntil(`${count} documents sent`, async () => {
    const rows = await documents(stack, donationId);
    return rows.length === count && rows.every((row) => row.sent_at) ? rows : null;
  });
}

/** Just after the last receipt issued so far: a boundary of the period. */
async function afterLastIssued(stack: Stack): Promise<string> {
  const [row] = await stack.app.sql(`SELECT max(issued_at) + interval '1 millisecond' AS at FROM receipts`);
  return new Date(row.at).toISOString();
}

async function download(stack: Stack, token: string, path: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${stack.app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

/** The names of a ZIP's entries and each one's content, through unzip. */
function unzipped(zip: Buffer): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-zip-'));
  const file = join(dir, 'register.zip');
  writeFileSync(file, zip);
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return new Map(names.map((name) => [name, execFileSync('unzip', ['-p', file, name], { maxBuffer: 64 * 1024 * 1024 })]));
}

const csvNumbers = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]);

describe('the receipt register', () => {
  let stack: Stack;
  let coordinator: string;
  let finance: string;
  let campaign: string;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
    finance = await stack.app.staffToken('finance');
    campaign = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Tōhoku fisheries' });
  });
  afterAll(() => stack.close());

  const donate = async (email: string, amount: number) => {
    const gift = await give(stack, campaign, { amount, currency: 'jpy', email, language: 'ja', name: '山田花子' });
    await stack.settled();
    return gift;
  };

  it('lists and zips every document of a period, each as a PDF, and none outside it', async () => {
    const before = await donate('before@example.jp', 1000);
    await sentDocuments(stack, before.donationId, 1);
    const from = await afterLastIssued(stack);
    const inside = await donate('inside@example.jp', 3000);
    const refunded = await donate('refunded@example.jp', 5000);
    await sentDocuments(stack, refunded.donationId, 1);
    await stack.stripe.refunds.create({ payment_intent: refunded.paymentIntentId, amount: 2000 });
    await stack.settled();
    const [receipt, correction] = await sentDocuments(stack, refunded.donationId, 2);
    await sentDocuments(stack, inside.donationId, 1);
    const to = await afterLastIssued(stack);
    const after = await donate('after@example.jp', 7000);
    await sentDocuments(stack, after.donationId, 1);

    const expected = (await stack.app.sql(`SELECT number FROM receipts WHERE issued_at >= $1 AND issued_at < $2 ORDER BY issued_at, number`, [from, to])).map((r) => r.number);
    expect(expected).toHaveLength(3);
    expect(correction.kind).toBe('correction');

    const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const csv = await download(stack, finance, `/api/finance/receipts.csv?${query}`);
    expect(csv.status).toBe(200);
    const text = csv.body.toString('utf8');
    expect(csvNumbers(text)).toEqual(expected);
    const correctionLine = text.split('\r\n').find((line) => line.startsWith(correction.number))!;
    expect(correctionLine).toContain(`correction,`);
    expect(correctionLine).toContain(receipt.number);
    expect(correctionLine).toContain(',3000,JPY,');

    const zip = await download(stack, finance, `/api/finance/receipts.zip?${query}`);
    expect(zip.status).toBe(200);
    expect(zip.type).toBe('application/zip');
    const entries = unzipped(zip.body);
    expect([...entries.keys()].sort()).toEqual([...expected.map((n) => `${n}.pdf`), 'register.csv'].sort());
    for (const number of expected) expect(entries.get(`${number}.pdf`)!.subarray(0, 5).toString()).toBe('%PDF-');
    expect(csvNumbers(entries.get('register.csv')!.toString('utf8'))).toEqual(expected);

    expect((await download(stack, coordinator, `/api/finance/receipts.zip?${query}`)).status).toBe(403);
    expect((await download(stack, finance, `/api/finance/receipts.csv?from=2026-02-31`)).status).toBe(400);
  });

  it('never changes or deletes an issued receipt, but records its mailing', async () => {
    const [row] = await stack.app.sql(`SELECT id FROM receipts ORDER BY issued_at LIMIT 1`);
    await expect(stack.app.sql(`UPDATE receipts SET amount = 1 WHERE id = $1`, [row.id])).rejects.toThrow(/never changed/);
    await expect(stack.app.sql(`UPDATE receipts SET details = '{}' WHERE id = $1`, [row.id])).rejects.toThrow(/never changed/);
    await expect(stack.app.sql(`DELETE FROM receipts WHERE id = $1`, [row.id])).rejects.toThrow(/kept for five years/);
    await stack.app.sql(`UPDATE receipts SET send_attempts = send_attempts WHERE id = $1`, [row.id]);
    expect(await stack.app.sql(`SELECT 1 FROM receipts WHERE id = $1`, [row.id])).toHaveLength(1);
  });

  it('shows in the register when a document was withdrawn before it was sent, and keeps its number there', async () => {
    const [row] = await stack.app.sql(`SELECT id, number FROM receipts WHERE sent_at IS NOT NULL ORDER BY issued_at DESC LIMIT 1`);
    const csv = async () => (await stack.app.request('GET', '/api/finance/receipts.csv', { token: finance })).text.replace(/^\uFEFF/, '').split('\r\n');
    const header = (await csv())[0].split(',');
    const withdrawnColumn = header.indexOf('withdrawn_at');
    expect(withdrawnColumn).toBe(header.length - 1);
    expect(
      (await csv())
        .find((line) => line.startsWith(row.number))!
        .split(',')
        .at(-1),
    ).toBe('');
    // Set here directly (the mail-state columns stay writable); the send machinery does it when a refund fails before the document goes out.
    await stack.app.sql(`UPDATE receipts SET withdrawn_at = now() WHERE id = $1`, [row.id]);
    expect(
      (await csv())
        .find((line) => line.startsWith(row.number))!
        .split(',')
        .at(-1),
    ).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('reissues a receipt once after staff correct the tax-receipt details, naming the one it replaces', async () => {
    const gift = await donate('corrected@example.jp', 4000);
    const [original] = await sentDocuments(stack, gift.donationId, 1);
    expect(original.details).toEqual(expect.objectContaining({ donorName: '山田花子', recipient: null }));

    const bad = await stack.app.request('PUT', `/api/donations/${gift.donationId}/tax-receipt`, {
      token: finance,
      body: { name: '山田花子', postalCode: '12345', address: '東京都' },
    });
    expect(bad.status).toBe(400);
    const byCoordinator = await stack.app.request('PUT', `/api/donations/${gift.donationId}/tax-receipt`, {
      token: coordinator,
      body: { name: '山田花子', postalCode: '1000001', address: '東京都千代田区千代田1-1' },
    });
    expect(byCoordinator.status).toBe(403);

    const corrected = await stack.app.request('PUT', `/api/donations/${gift.donationId}/tax-receipt`, {
      token: finance,
      body: { name: '山田花子', postalCode: '１０００００１', address: '東京都千代田区千代田1-1' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toEqual({ reissued: true });
    const [, reissue] = await sentDocuments(stack, gift.donationId, 2);
    expect(reissue).toEqual(expect.objectContaining({ kind: 'reissue', replaces_number: original.number }));
    expect(reissue.number).not.toBe(original.number);
    expect(reissue.details!.recipient).toEqual({ name: '山田花子', postalCode: '100-0001', address: '東京都千代田区千代田1-1', country: 'JP' });
    const mailed = await waitUntil('the reissue mailed', async () => stack.mail.messages().find((m) => m.text.includes(reissue.number)));
    expect(mailed.text).toContain(original.number);
    expect(mailed.attachments[0].filename).toBe(`${reissue.number}.pdf`);

    // Each document prints what it was issued with: the original still names no recipient, the reissue the corrected one.
    const register = (await stack.app.request('GET', '/api/finance/receipts.csv', { token: finance })).text.split('\r\n');
    expect(register.find((line) => line.startsWith(`${original.number},`))).not.toContain('100-0001');
    expect(register.find((line) => line.startsWith(`${reissue.number},`))).toContain(`,reissue,`);
    expect(register.find((line) => line.startsWith(`${reissue.number},`))).toContain(`${original.number},${gift.donationId},,山田花子,山田花子,100-0001,東京都千代田区千代田1-1,`);

    const [outboxRow] = await stack.app.sql(`SELECT payload FROM outbox WHERE job_name = 'receipts.details-corrected'`);
    const mailsBefore = stack.mail.messages().length;
    await stack.worker.get(ReissueForCorrectionJob).handle(outboxRow.payload);
    expect(await documents(stack, gift.donationId)).toHaveLength(2);
    expect(stack.mail.messages()).toHaveLength(mailsBefore);
    const [audit] = await stack.app.sql(`SELECT action, target_id FROM staff_audit_log WHERE action = 'donation.tax_receipt_corrected'`);
    expect(audit.target_id).toBe(gift.donationId);
  });

  it('a donation without a receipt yet takes the corrected details into the receipt it gets', async () => {
    const created = await stack.app.request('POST', `/api/campaigns/${campaign}/donations`, {
      body: { amount: 2000, currency: 'jpy', email: 'later@example.jp', language: 'ja', name: '佐藤一郎' },
    });
    const corrected = await stack.app.request('PUT', `/api/donations/${created.body.donationId}/tax-receipt`, {
      token: finance,
      body: { name: 'Ichiro Sato', postalCode: 'SW1A 1AA', address: '10 Downing Street, London', country: 'gb' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toEqual({ reissued: false });
    await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await stack.settled();
    const [receipt] = await sentDocuments(stack, created.body.donationId, 1);
    expect(receipt.details!.recipient).toEqual({ name: 'Ichiro Sato', postalCode: 'SW1A 1AA', address: '10 Downing Street, London', country: 'GB' });
  });

  it('a receipt issued after the organisation profile changed carries the new version', async () => {
    const organisation = stack.worker.get(OrganisationService);
    const current = await organisation.current();
    const { version: _version, email: _email, ...profile } = current;
    const saved = await organisation.save({ ...profile, legalName: '特定非営利活動法人きずな' }, null);
    expect(saved.version).toBeGreaterThan(current.version);
    const gift = await donate('new-profile@example.jp', 1500);
    const [receipt] = await sentDocuments(stack, gift.donationId, 1);
    expect(receipt.organisation_version).toBe(saved.version);
  });
});
