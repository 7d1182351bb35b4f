import { TestApp, startTestApp } from '../support/app.js';

/** RFC 4180 back into rows, so the tests read the file as a spreadsheet would. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}

interface Download {
  status: number;
  bytes: Buffer;
  text: string;
  headers: Headers;
}

async function download(app: TestApp, path: string, token?: string): Promise<Download> {
  const response = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, bytes, text: bytes.toString('utf8'), headers: response.headers };
}

/** The data rows of a CSV download as objects keyed by the header, after checking the BOM. */
function records(file: Download): Record<string, string>[] {
  expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(file.text.slice(1));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

// These campaigns have card gifts only (pledges are in test/e2e/pledges.test.ts).
const NO_PLEDGES = { pendingAmount: 0, pendingCount: 0, expiredAmount: 0, expiredCount: 0 };

const LEDGER_COLUMNS = ['occurred_at', 'kind', 'stripe_object_id', 'campaign_id', 'campaign_title', 'donation_id', 'donor_name', 'account', 'amount', 'currency', 'exchange_rate'];

describe('finance reports', () => {
  let app: TestApp;
  let admin: string;
  let finance: string;
  let coordinator: string;
  let jpyCampaign: string;
  let usdCampaign: string;
  const donation: Record<string, string> = {};
  let runId: string;

  async function campaign(slug: string, title: string, currency: string): Promise<string> {
    const [row] = await app.sql(
      `INSERT INTO campaigns (slug, title_en, story_en, disaster_type, region_en, currency, goal_amount, status) VALUES ($1, $2, '', 'earthquake', 'Tōhoku', $3, 10000000, 'active') RETURNING id`,
      [slug, title, currency],
    );
    return row.id;
  }

  async function give(label: string, campaignId: string, opts: { email: string; name: string; amount: number; currency: string; chargeId: string; anonymous?: boolean }) {
    const [donor] = await app.sql(`INSERT INTO donors (email, name) VALUES ($1, $2) RETURNING id`, [opts.email, opts.name]);
    const [row] = await app.sql(
      `INSERT INTO donations (campaign_id, donor_id, amount, currency, status, donor_name, anonymous, charge_id, payment_intent_id)
       VALUES ($1, $2, $3, $4, 'succeeded', $5, $6, $7, $8) RETURNING id`,
      [campaignId, donor.id, opts.amount, opts.currency, opts.name, opts.anonymous ?? false, opts.chargeId, `pi_${opts.chargeId}`],
    );
    donation[label] = row.id;
  }

  /** One ledger transaction and its postings in one statement, so the deferred balance check sees them all. */
  async function post(kind: string, objectId: string, campaignId: string | null, donationLabel: string | null, currency: string, at: string, postings: [string, number][]) {
    await app.sql(
      `WITH t AS (
         INSERT INTO ledger_transactions (kind, stripe_object_id, campaign_id, donation_id, currency, occurred_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
       )
       INSERT INTO ledger_postings (transaction_id, account, amount, currency)
       SELECT t.id, p.account, p.amount, $5 FROM t, unnest($7::text[], $8::bigint[]) AS p(account, amount)`,
      [kind, objectId, campaignId, donationLabel ? donation[donationLabel] : null, currency, at, postings.map((p) => p[0]), postings.map((p) => p[1])],
    );
  }

  const charge = (id: string, campaignId: string, label: string, currency: string, at: string, amount: number) =>
    post('charge', id, campaignId, label, currency, at, [
      ['stripe_balance', amount],
      ['campaign_gross', -amount],
    ]);
  const fee = (id: string, campaignId: string, label: string, currency: string, at: string, amount: number) =>
    post('fee', id, campaignId, label, currency, at, [
      ['stripe_fees', amount],
      ['stripe_balance', -amount],
    ]);
  const refund = (id: string, campaignId: string, label: string, currency: string, at: string, amount: number) =>
    post('refund', id, campaignId, label, currency, at, [
      ['campaign_refunds', amount],
      ['stripe_balance', -amount],
    ]);

  async function balanceTransaction(
    id: string,
    type: string,
    category: string,
    source: string | null,
    amount: number,
    fee: number,
    currency: string,
    at: string,
    payoutId: string | null,
  ) {
    await app.sql(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, reporting_category, stripe_created_at, payout_id, raw)
       VALUES ($1, $2, $3, $4, $5, $4::bigint - $5::bigint, $6, $7, $8, $9, '{}')`,
      [id, type, source, amount, fee, currency, category, at, payoutId],
    );
  }

  async function payout(id: string, amount: number, currency: string, at: string) {
    await app.sql(
      `INSERT INTO stripe_payouts (id, amount, currency, status, stripe_created_at, arrival_date, raw) VALUES ($1, $2, $3, 'paid', $4, $4::timestamptz + interval '2 days', '{}')`,
      [id, amount, currency, at],
    );
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login();
    finance = await app.staffToken('finance');
    coordinator = await app.staffToken('coordinator');

    jpyCampaign = await campaign('tohoku-2011', 'Great East Japan Earthquake 2011', 'jpy');
    usdCampaign = await campaign('kyushu-2020', 'Kyushu floods, "Kumamoto" 2020', 'usd');
    await give('hyperlink', jpyCampaign, { email: 'formula@example.org', name: '=HYPERLINK("x")', amount: 5000, currency: 'jpy', chargeId: 'ch_a1' });
    await give('yamada', jpyCampaign, { email: 'yamada@example.jp', name: '山田太郎', amount: 10000, currency: 'jpy', chargeId: 'ch_a2' });
    await give('secret', jpyCampaign, { email: 'secret@example.jp', name: 'Secret Name', amount: 3000, currency: 'jpy', chargeId: 'ch_a3', anonymous: true });
    await give('jane', usdCampaign, { email: 'jane@example.org', name: 'Jane "JJ" Doe, Jr.', amount: 10000, currency: 'usd', chargeId: 'ch_b1' });
    await give('disputed', usdCampaign, { email: 'lost@example.org', name: '+1 555 0100', amount: 5000, currency: 'usd', chargeId: 'ch_b2' });

    // jpy: three gifts (fees at 3.6%), ¥1,000 of the anonymous one refunded. ch_a3 sits exactly on 2011-03-20 to test the exclusive end.
    await charge('ch_a1', jpyCampaign, 'hyperlink', 'jpy', '2011-03-11T06:00:00Z', 5000);
    await fee('txn_a1', jpyCampaign, 'hyperlink', 'jpy', '2011-03-11T06:00:00Z', 180);
    await charge('ch_a2', jpyCampaign, 'yamada', 'jpy', '2011-03-12T01:00:00Z', 10000);
    await fee('txn_a2', jpyCampaign, 'yamada', 'jpy', '2011-03-12T01:00:00Z', 360);
    await charge('ch_a3', jpyCampaign, 'secret', 'jpy', '2011-03-20T00:00:00Z', 3000);
    await fee('txn_a3', jpyCampaign, 'secret', 'jpy', '2011-03-20T00:00:00Z', 108);
    await refund('re_a3', jpyCampaign, 'secret', 'jpy', '2011-04-02T00:00:00Z', 1000);
    // usd: $100.00 with $30.00 refunded, $50.00 lost to a dispute with its $15.00 fee.
    await charge('ch_b1', usdCampaign, 'jane', 'usd', '2020-07-04T00:00:00Z', 10000);
    await fee('txn_b1', usdCampaign, 'jane', 'usd', '2020-07-04T00:00:00Z', 320);
    await charge('ch_b2', usdCampaign, 'disputed', 'usd', '2020-07-05T00:00:00Z', 5000);
    await fee('txn_b2', usdCampaign, 'disputed', 'usd', '2020-07-05T00:00:00Z', 175);
    await refund('re_b1', usdCampaign, 'jane', 'usd', '2020-07-10T00:00:00Z', 3000);
    await post('dispute', 'txn_b2d', usdCampaign, 'disputed', 'usd', '2020-07-20T00:00:00Z', [
      ['stripe_balance', -5000],
      ['campaign_disputes', 5000],
    ]);
    await fee('txn_b2d', usdCampaign, 'disputed', 'usd', '2020-07-20T00:00:00Z', 1500);

    // What Stripe paid out. po_a1: ¥4,820 + ¥9,640. po_a2: ¥2,892 − ¥1,000 refund − a ¥100 fee on its own.
    await payout('po_a1', 14460, 'jpy', '2011-03-25T00:00:00Z');
    await balanceTransaction('txn_a1', 'charge', 'charge', 'ch_a1', 5000, 180, 'jpy', '2011-03-11T06:00:00Z', 'po_a1');
    await balanceTransaction('txn_a2', 'charge', 'charge', 'ch_a2', 10000, 360, 'jpy', '2011-03-12T01:00:00Z', 'po_a1');
    await balanceTransaction('txn_po_a1', 'payout', 'payout', 'po_a1', -14460, 0, 'jpy', '2011-03-25T00:00:00Z', 'po_a1');
    await payout('po_a2', 1792, 'jpy', '2011-04-05T00:00:00Z');
    await balanceTransaction('txn_a3', 'charge', 'charge', 'ch_a3', 3000, 108, 'jpy', '2011-03-20T00:00:00Z', 'po_a2');
    await balanceTransaction('txn_re_a3', 'refund', 'refund', 're_a3', -1000, 0, 'jpy', '2011-04-02T00:00:00Z', 'po_a2');
    await balanceTransaction('txn_fee_x', 'stripe_fee', 'fee', null, -100, 0, 'jpy', '2011-04-03T00:00:00Z', 'po_a2');
    // po_b1: $96.80 + $48.25 − $30.00 − ($50.00 + $15.00) = $50.05.
    await payout('po_b1', 5005, 'usd', '2020-07-25T00:00:00Z');
    await balanceTransaction('txn_b1', 'charge', 'charge', 'ch_b1', 10000, 320, 'usd', '2020-07-04T00:00:00Z', 'po_b1');
    await balanceTransaction('txn_b2', 'charge', 'charge', 'ch_b2', 5000, 175, 'usd', '2020-07-05T00:00:00Z', 'po_b1');
    await balanceTransaction('txn_re_b1', 'refund', 'refund', 're_b1', -3000, 0, 'usd', '2020-07-10T00:00:00Z', 'po_b1');
    await balanceTransaction('txn_b2d', 'adjustment', 'dispute', 'dp_b2', -5000, 1500, 'usd', '2020-07-20T00:00:00Z', 'po_b1');
    // A payout whose transactions never arrived: the report must say it does not add up.
    await payout('po_b2', 1000, 'usd', '2020-08-01T00:00:00Z');

    [{ id: runId }] = await app.sql(`INSERT INTO reconciliation_runs (status, matched_count, discrepancy_count) VALUES ('completed', 10, 2) RETURNING id`);
    await app.sql(
      `INSERT INTO reconciliation_discrepancies (run_id, kind, stripe_object_id, ledger_reference, currency, expected, actual, resolved_at, resolution_note) VALUES
         ($1, 'amount_mismatch', 'txn_b1', 'charge ch_b1', 'usd', '-3000', '-2900', '2020-08-02T00:00:00Z', '=cmd|'' /C calc''!A0'),
         ($1, 'missing_in_ledger', 'txn_zz', NULL, 'jpy', '500', NULL, NULL, NULL)`,
      [runId],
    );
  });
  afterAll(() => app.close());

  describe('GET /api/finance/ledger.csv', () => {
    it('sends the whole ledger as a UTF-8 CSV attachment, one row per posting, header first', async () => {
      const file = await download(app, '/api/finance/ledger.csv', finance);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="kizuna-ledger.csv"');
      expect(parseCsv(file.text.slice(1))[0]).toEqual(LEDGER_COLUMNS);
      const rows = records(file);
      expect(rows).toHaveLength(28);
      expect(
        rows
          .filter((r) => r.currency === 'jpy')
          .map((r) => Number(r.amount))
          .reduce((a, b) => a + b, 0),
      ).toBe(0);
    });

    it('neutralises a formula in a donor name and keeps Japanese names and quotes intact', async () => {
      const file = await download(app, '/api/finance/ledger.csv', finance);
      expect(file.text).toContain(`"'=HYPERLINK(""x"")"`);
      expect(file.text).not.toMatch(/(^|,)=HYPERLINK/m);
      const rows = records(file);
      const name = (id: string) => rows.find((r) => r.stripe_object_id === id && r.kind === 'charge')!.donor_name;
      expect(name('ch_a1')).toBe(`'=HYPERLINK("x")`);
      expect(name('ch_a2')).toBe('山田太郎');
      expect(name('ch_b1')).toBe('Jane "JJ" Doe, Jr.');
      expect(name('ch_b2')).toBe("'+1 555 0100");
      expect(rows.find((r) => r.stripe_object_id === 'ch_a1')!.campaign_title).toBe('Great East Japan Earthquake 2011');
      expect(rows.find((r) => r.stripe_object_id === 'ch_b1')!.campaign_title).toBe('Kyushu floods, "Kumamoto" 2020');
    });

    it('hides the name of an anonymous donor', async () => {
      const file = await download(app, '/api/finance/ledger.csv', finance);
      expect(file.text).not.toContain('Secret Name');
      const rows = records(file).filter((r) => r.donation_id === donation.secret);
      expect(rows).toHaveLength(6);
      expect(new Set(rows.map((r) => r.donor_name))).toEqual(new Set(['(anonymous)']));
    });

    it('writes amounts in major units, signed, beside their currency, and never neutralises them', async () => {
      const rows = records(await download(app, '/api/finance/ledger.csv', finance));
      const find = (id: string, kind: string, account: string) => rows.find((r) => r.stripe_object_id === id && r.kind === kind && r.account === account)!;
      expect(find('re_b1', 'refund', 'stripe_balance')).toMatchObject({ amount: '-30.00', currency: 'usd', donation_id: donation.jane, campaign_id: usdCampaign });
      expect(find('re_b1', 'refund', 'campaign_refunds')).toMatchObject({ amount: '30.00', currency: 'usd' });
      expect(find('ch_a1', 'charge', 'campaign_gross')).toMatchObject({ amount: '-5000', currency: 'jpy', occurred_at: '2011-03-11T06:00:00.000Z' });
      expect(find('txn_b2d', 'fee', 'stripe_fees')).toMatchObject({ amount: '15.00', currency: 'usd' });
      expect(rows.every((r) => /^-?\d+(\.\d{2})?$/.test(r.amount))).toBe(true);
    });

    it('filters by campaign', async () => {
      const rows = records(await download(app, `/api/finance/ledger.csv?campaignId=${jpyCampaign}`, finance));
      expect(rows).toHaveLength(14);
      expect(new Set(rows.map((r) => r.campaign_id))).toEqual(new Set([jpyCampaign]));
    });

    it('filters by period, from inclusive and to exclusive', async () => {
      const rows = records(await download(app, '/api/finance/ledger.csv?from=2011-03-12T01:00:00Z&to=2011-03-20', finance));
      expect(rows.map((r) => `${r.kind} ${r.stripe_object_id} ${r.account}`).sort()).toEqual([
        'charge ch_a2 campaign_gross',
        'charge ch_a2 stripe_balance',
        'fee txn_a2 stripe_balance',
        'fee txn_a2 stripe_fees',
      ]);
      const later = records(await download(app, `/api/finance/ledger.csv?from=2011-03-20&campaignId=${usdCampaign}`, finance));
      expect(later).toHaveLength(14);
      const none = records(await download(app, `/api/finance/ledger.csv?to=2011-01-01`, admin));
      expect(none).toEqual([]);
    });

    it('answers 400 naming the field for a malformed from, to or campaignId', async () => {
      const cases: [string, RegExp][] = [
        ['from=2011-13-01', /^from must be an ISO 8601 date/],
        ['from=yesterday', /^from must be an ISO 8601 date/],
        ['from=2011-03-11T09:00:00', /^from must be an ISO 8601 date/],
        ['to=2011-02-29', /^to must be an ISO 8601 date/],
        ['campaignId=42', /^campaignId must be a UUID/],
        ['from=2011-03-12&to=2011-03-11', /^to must be after from/],
      ];
      for (const [query, message] of cases) {
        const result = await app.request('GET', `/api/finance/ledger.csv?${query}`, { token: finance });
        expect({ query, status: result.status, error: result.body.error }).toEqual({ query, status: 400, error: 'Bad Request' });
        expect(result.body.message).toMatch(message);
      }
    });
  });

  describe('GET /api/finance/payouts/:id', () => {
    it('groups what a payout paid out, totals each group and finds the net equal to the payout', async () => {
      const result = await app.request('GET', '/api/finance/payouts/po_b1', { token: finance });
      expect(result.status).toBe(200);
      const report = result.body;
      expect(report.payout).toEqual({
        id: 'po_b1',
        amount: 5005,
        currency: 'usd',
        status: 'paid',
        created: '2020-07-25T00:00:00.000Z',
        arrivalDate: '2020-07-27T00:00:00.000Z',
        automatic: true,
        failureCode: null,
        failureMessage: null,
        ledgerAmount: null,
      });
      const totals = (group: any) => ({ count: group.count, amount: group.amount, fee: group.fee, net: group.net });
      expect(totals(report.groups.donations)).toEqual({ count: 2, amount: 15000, fee: 495, net: 14505 });
      expect(totals(report.groups.refunds)).toEqual({ count: 1, amount: -3000, fee: 0, net: -3000 });
      expect(totals(report.groups.disputes)).toEqual({ count: 1, amount: -5000, fee: 1500, net: -6500 });
      expect(totals(report.groups.fees)).toEqual({ count: 0, amount: 0, fee: 0, net: 0 });
      expect(totals(report.groups.other)).toEqual({ count: 0, amount: 0, fee: 0, net: 0 });
      expect(report.totals).toEqual({ count: 4, amount: 7000, fee: 1995, net: 5005 });
      expect(report.netMatchesPayout).toBe(true);
      expect(report.difference).toBe(0);
    });

    it('names the donation and campaign of charges, refunds and disputes', async () => {
      const report = (await app.request('GET', '/api/finance/payouts/po_b1', { token: admin })).body;
      expect(report.groups.donations.transactions.map((t: any) => [t.id, t.donationId])).toEqual([
        ['txn_b1', donation.jane],
        ['txn_b2', donation.disputed],
      ]);
      expect(report.groups.refunds.transactions[0]).toEqual({
        id: 'txn_re_b1',
        type: 'refund',
        reportingCategory: 'refund',
        source: 're_b1',
        created: '2020-07-10T00:00:00.000Z',
        amount: -3000,
        fee: 0,
        net: -3000,
        currency: 'usd',
        exchangeRate: null,
        presentmentAmount: null,
        presentmentCurrency: null,
        donationId: donation.jane,
        campaignId: usdCampaign,
        campaignTitle: 'Kyushu floods, "Kumamoto" 2020',
      });
      expect(report.groups.disputes.transactions[0]).toMatchObject({ id: 'txn_b2d', source: 'dp_b2', donationId: donation.disputed, campaignId: usdCampaign });
    });

    it("leaves out the payout's own balance transaction and puts a lone fee in fees", async () => {
      const first = (await app.request('GET', '/api/finance/payouts/po_a1', { token: finance })).body;
      expect(first.totals).toEqual({ count: 2, amount: 15000, fee: 540, net: 14460 });
      expect(first.netMatchesPayout).toBe(true);
      const second = (await app.request('GET', '/api/finance/payouts/po_a2', { token: finance })).body;
      expect(second.groups.fees).toMatchObject({ count: 1, amount: -100, net: -100 });
      expect(second.groups.fees.transactions[0]).toMatchObject({ id: 'txn_fee_x', donationId: null, campaignId: null, campaignTitle: null });
      expect(second.groups.refunds.transactions[0]).toMatchObject({ id: 'txn_re_a3', donationId: donation.secret });
      expect(second.totals.net).toBe(1792);
      expect(second.netMatchesPayout).toBe(true);
    });

    it('says so when the net does not add up to the payout', async () => {
      const report = (await app.request('GET', '/api/finance/payouts/po_b2', { token: finance })).body;
      expect(report.totals).toEqual({ count: 0, amount: 0, fee: 0, net: 0 });
      expect(report.netMatchesPayout).toBe(false);
      expect(report.difference).toBe(-1000);
    });

    it('answers 404 for an unknown payout', async () => {
      const result = await app.request('GET', '/api/finance/payouts/po_nope', { token: finance });
      expect(result.status).toBe(404);
      expect(result.body.message).toMatch(/payout po_nope/);
      expect((await download(app, '/api/finance/payouts/po_nope/report.csv', finance)).status).toBe(404);
    });

    it('gives the same report as CSV', async () => {
      const file = await download(app, '/api/finance/payouts/po_b1/report.csv', finance);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe('attachment; filename="kizuna-payout-po_b1.csv"');
      const rows = records(file);
      expect(rows[0]).toMatchObject({ line: 'payout', id: 'po_b1', status: 'paid', amount: '50.05', currency: 'usd', arrival_date: '2020-07-27T00:00:00.000Z' });
      const transactions = rows.filter((r) => r.line === 'transaction');
      expect(transactions.map((r) => `${r.group} ${r.id} ${r.amount} ${r.fee} ${r.net}`)).toEqual([
        'donations txn_b1 100.00 3.20 96.80',
        'donations txn_b2 50.00 1.75 48.25',
        'refunds txn_re_b1 -30.00 0.00 -30.00',
        'disputes txn_b2d -50.00 15.00 -65.00',
      ]);
      expect(transactions[2]).toMatchObject({ donation_id: donation.jane, campaign_title: 'Kyushu floods, "Kumamoto" 2020' });
      const totals = rows.filter((r) => r.line === 'total').map((r) => `${r.group} ${r.amount} ${r.fee} ${r.net} ${r.status}`);
      expect(totals).toEqual([
        'donations 150.00 4.95 145.05 ',
        'refunds -30.00 0.00 -30.00 ',
        'disputes -50.00 15.00 -65.00 ',
        'fees 0.00 0.00 0.00 ',
        'other 0.00 0.00 0.00 ',
        'all 70.00 19.95 50.05 matches_payout',
      ]);
    });
  });

  describe('GET /api/finance/payouts', () => {
    it('lists payouts newest first with the net of what each paid out', async () => {
      const result = await app.request('GET', '/api/finance/payouts', { token: finance });
      expect(result.status).toBe(200);
      expect(result.body.map((p: any) => [p.id, p.amount, p.transactionCount, p.net, p.netMatchesPayout])).toEqual([
        ['po_b2', 1000, 0, 0, false],
        ['po_b1', 5005, 4, 5005, true],
        ['po_a2', 1792, 3, 1792, true],
        ['po_a1', 14460, 2, 14460, true],
      ]);
    });

    it('filters by period and limits the count', async () => {
      const in2011 = await app.request('GET', '/api/finance/payouts?from=2011-01-01&to=2012-01-01', { token: finance });
      expect(in2011.body.map((p: any) => p.id)).toEqual(['po_a2', 'po_a1']);
      const one = await app.request('GET', '/api/finance/payouts?limit=1', { token: finance });
      expect(one.body.map((p: any) => p.id)).toEqual(['po_b2']);
      const bad = await app.request('GET', '/api/finance/payouts?limit=0', { token: finance });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^limit must be at least 1/);
    });
  });

  describe('GET /api/finance/summary', () => {
    it('sums each campaign in its currency: gross, fees, refunds, disputes, net and paid out', async () => {
      const result = await app.request('GET', '/api/finance/summary', { token: finance });
      expect(result.status).toBe(200);
      expect(result.body.from).toBeNull();
      expect(result.body.to).toBeNull();
      // jpy: gross 5000 + 10000 + 3000; fees 180 + 360 + 108; refunded 1000; net 18000 − 648 − 1000.
      // Paid out: po_a1 (4820 + 9640) and the campaign's part of po_a2 (2892 − 1000; the lone ¥100 fee belongs to no campaign).
      // usd: gross 10000 + 5000; fees 320 + 175 + 1500; refunded 3000; disputed 5000; net 15000 − 1995 − 3000 − 5000. Paid out: po_b1.
      expect(result.body.campaigns).toEqual([
        {
          campaignId: jpyCampaign,
          title: 'Great East Japan Earthquake 2011',
          currency: 'jpy',
          grossAmount: 18000,
          feeAmount: 648,
          refundedAmount: 1000,
          disputedAmount: 0,
          netAmount: 16352,
          paidOutAmount: 16352,
          // The account settles in jpy: the same figures.
          settlement: { currency: 'jpy', balanceAmount: 16352, feeAmount: 648, fxGainAmount: 0, paidOutAmount: 16352, unsettledAmount: 0 },
          pledges: NO_PLEDGES,
        },
        {
          campaignId: usdCampaign,
          title: 'Kyushu floods, "Kumamoto" 2020',
          currency: 'usd',
          grossAmount: 15000,
          feeAmount: 1995,
          refundedAmount: 3000,
          disputedAmount: 5000,
          netAmount: 5005,
          paidOutAmount: 5005,
          // Stripe kept these in usd (a usd balance): nothing of them in jpy.
          settlement: { currency: 'jpy', balanceAmount: 0, feeAmount: 0, fxGainAmount: 0, paidOutAmount: 0, unsettledAmount: 0 },
          pledges: NO_PLEDGES,
        },
      ]);
    });

    it('narrows to one campaign and a period', async () => {
      const result = await app.request('GET', `/api/finance/summary?campaignId=${jpyCampaign}&from=2011-03-12&to=2011-04-01`, { token: admin });
      expect(result.status).toBe(200);
      expect(result.body.from).toBe('2011-03-12T00:00:00.000Z');
      expect(result.body.to).toBe('2011-04-01T00:00:00.000Z');
      // ch_a2 and ch_a3 with their fees; only po_a1 was created in the period.
      expect(result.body.campaigns).toEqual([
        {
          campaignId: jpyCampaign,
          title: 'Great East Japan Earthquake 2011',
          currency: 'jpy',
          grossAmount: 13000,
          feeAmount: 468,
          refundedAmount: 0,
          disputedAmount: 0,
          netAmount: 12532,
          paidOutAmount: 14460,
          settlement: { currency: 'jpy', balanceAmount: 12532, feeAmount: 468, fxGainAmount: 0, paidOutAmount: 14460, unsettledAmount: 0 },
          pledges: NO_PLEDGES,
        },
      ]);
    });

    it('answers 404 for an unknown campaign and 400 for a bad period', async () => {
      const unknown = await app.request('GET', '/api/finance/summary?campaignId=00000000-0000-4000-8000-000000000000', { token: finance });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/campaign 00000000/);
      const bad = await app.request('GET', '/api/finance/summary?to=31/03/2011', { token: finance });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^to must be an ISO 8601 date/);
    });
  });

  describe('manual and failed payouts', () => {
    /** A payout as the sync mirrors it, with the fields Stripe gives a manual or a failed one. */
    async function mirroredPayout(id: string, amount: number, status: string, raw: Record<string, unknown>) {
      await app.sql(
        `INSERT INTO stripe_payouts (id, amount, currency, status, stripe_created_at, arrival_date, raw) VALUES ($1, $2, 'jpy', $3, '2011-05-01T00:00:00Z', '2011-05-03T00:00:00Z', $4)`,
        [id, amount, status, JSON.stringify({ id, object: 'payout', amount, currency: 'jpy', status, ...raw })],
      );
    }

    it('checks a manual payout, which Stripe does not itemise, against its payout in the ledger', async () => {
      await mirroredPayout('po_manual', 9000, 'paid', { automatic: false, failure_code: null, failure_message: null });
      await post('payout', 'po_manual', null, null, 'jpy', '2011-05-01T00:00:00Z', [
        ['bank', 9000],
        ['stripe_balance', -9000],
      ]);
      const report = (await app.request('GET', '/api/finance/payouts/po_manual', { token: finance })).body;
      expect(report.payout).toMatchObject({ automatic: false, ledgerAmount: 9000, failureCode: null });
      expect(report.totals.count).toBe(0);
      expect({ matches: report.netMatchesPayout, difference: report.difference }).toEqual({ matches: true, difference: 0 });
    });

    it('shows a failed payout with its failure code, in the report, the list and the CSV', async () => {
      await mirroredPayout('po_failed', 4000, 'failed', { automatic: true, failure_code: 'account_closed', failure_message: 'The bank account has been closed.' });
      const report = (await app.request('GET', '/api/finance/payouts/po_failed', { token: finance })).body;
      expect(report.payout).toMatchObject({ status: 'failed', failureCode: 'account_closed', failureMessage: 'The bank account has been closed.' });
      const listed = (await app.request('GET', '/api/finance/payouts?from=2011-05-01&to=2011-05-02', { token: finance })).body;
      expect(listed.find((p: { id: string }) => p.id === 'po_failed')).toMatchObject({ status: 'failed', failureCode: 'account_closed' });
      const [line] = records(await download(app, '/api/finance/payouts/po_failed/report.csv', finance));
      expect(line).toMatchObject({ line: 'payout', id: 'po_failed', status: 'failed', failure_code: 'account_closed' });
    });
  });

  describe('GET /api/finance/reconciliation/runs/:id/discrepancies.csv', () => {
    it('lists the discrepancies of a run, numbers as numbers and notes neutralised', async () => {
      const file = await download(app, `/api/finance/reconciliation/runs/${runId}/discrepancies.csv`, finance);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="kizuna-reconciliation-${runId}.csv"`);
      expect(parseCsv(file.text.slice(1))[0]).toEqual(['kind', 'stripe_object_id', 'ledger_reference', 'currency', 'expected', 'actual', 'resolved_at', 'resolution_note']);
      expect(records(file)).toEqual([
        {
          kind: 'amount_mismatch',
          stripe_object_id: 'txn_b1',
          ledger_reference: 'charge ch_b1',
          currency: 'usd',
          expected: '-3000',
          actual: '-2900',
          resolved_at: '2020-08-02T00:00:00.000Z',
          resolution_note: "'=cmd|' /C calc'!A0",
        },
        { kind: 'missing_in_ledger', stripe_object_id: 'txn_zz', ledger_reference: '', currency: 'jpy', expected: '500', actual: '', resolved_at: '', resolution_note: '' },
      ]);
    });

    it('answers 404 for an unknown run and 400 for an id that is not a UUID', async () => {
      const unknown = await app.request('GET', '/api/finance/reconciliation/runs/00000000-0000-4000-8000-000000000000/discrepancies.csv', { token: finance });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toMatch(/reconciliation run/);
      const bad = await app.request('GET', '/api/finance/reconciliation/runs/nope/discrepancies.csv', { token: finance });
      expect(bad.status).toBe(400);
    });
  });

  describe('roles', () => {
    const routes = () => [
      '/api/finance/ledger.csv',
      `/api/finance/reconciliation/runs/${runId}/discrepancies.csv`,
      '/api/finance/payouts',
      '/api/finance/payouts/po_b1',
      '/api/finance/payouts/po_b1/report.csv',
      '/api/finance/summary',
      '/api/finance/pledges',
      '/api/finance/pledges.csv',
      '/api/finance/cash-balances',
      '/api/finance/cash-balances.csv',
      '/api/finance/cash-returns',
    ];

    it('lets finance and admin in, refuses a coordinator (403) and a caller without a token (401)', async () => {
      for (const route of routes()) {
        const status = async (token?: string) => (await app.request('GET', route, { token })).status;
        expect({ route, finance: await status(finance), admin: await status(admin), coordinator: await status(coordinator), none: await status() }).toEqual({
          route,
          finance: 200,
          admin: 200,
          coordinator: 403,
          none: 401,
        });
      }
    });

    it('sends no data to a coordinator', async () => {
      const result = await app.request('GET', '/api/finance/ledger.csv', { token: coordinator });
      expect(result.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringMatching(/finance or admin/), code: 'wrong_role' });
      expect(result.text).not.toContain('山田太郎');
    });

    it('documents every finance route in OpenAPI with a success schema', async () => {
      const paths = (await app.request('GET', '/api/docs/openapi.json')).body.paths as Record<string, any>;
      const documented = [
        '/api/finance/ledger.csv',
        '/api/finance/reconciliation/runs/{id}/discrepancies.csv',
        '/api/finance/payouts',
        '/api/finance/payouts/{id}',
        '/api/finance/payouts/{id}/report.csv',
        '/api/finance/summary',
        '/api/finance/pledges',
        '/api/finance/pledges.csv',
        '/api/finance/cash-balances',
        '/api/finance/cash-balances.csv',
        '/api/finance/cash-returns',
      ].map((path) => ({ path, ok: Boolean(paths[path]?.get?.responses?.['200']?.content), forbidden: Boolean(paths[path]?.get?.responses?.['403']) }));
      expect(documented.filter((d) => !d.ok || !d.forbidden)).toEqual([]);
      expect(paths['/api/finance/ledger.csv'].get.responses['200'].content['text/csv']).toBeDefined();
    });
  });

  describe('streaming', () => {
    it('streams 50,000 postings as 50,000 data rows, without buffering the file', async () => {
      const before = records(await download(app, '/api/finance/ledger.csv', finance)).length;
      const bulk = await campaign('bulk', 'Bulk', 'jpy');
      await app.sql(
        `WITH t AS (
           INSERT INTO ledger_transactions (kind, stripe_object_id, campaign_id, currency, occurred_at)
           SELECT 'charge', 'ch_bulk_' || i, $1, 'jpy', '2024-01-01'::timestamptz + i * interval '1 second' FROM generate_series(1, 25000) AS i
           RETURNING id
         )
         INSERT INTO ledger_postings (transaction_id, account, amount, currency)
         SELECT t.id, a.account, a.amount, 'jpy' FROM t CROSS JOIN (VALUES ('stripe_balance', 1000), ('campaign_gross', -1000)) AS a(account, amount)`,
        [bulk],
      );
      const file = await download(app, `/api/finance/ledger.csv?campaignId=${bulk}`, finance);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-length')).toBeNull();
      expect(file.headers.get('transfer-encoding')).toBe('chunked');
      const rows = records(file);
      expect(rows).toHaveLength(50_000);
      expect(new Set(rows.map((r) => `${r.stripe_object_id} ${r.account}`)).size).toBe(50_000);
      expect(rows.filter((r) => r.amount === '1000')).toHaveLength(25_000);
      expect(rows.filter((r) => r.amount === '-1000')).toHaveLength(25_000);

      const everything = records(await download(app, '/api/finance/ledger.csv', finance));
      expect(everything).toHaveLength(before + 50_000);
    }, 120_000);
  });
});
