import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { CampaignTotalsRepository } from '../../src/campaigns/campaign-totals.repository.js';
import { CampaignTotalsService } from '../../src/campaigns/campaign-totals.service.js';
import { chargeEntry, type DonationRef, disputeEntry, feeEntry, refundEntry } from '../../src/ledger/ledger-entries.js';
import { LedgerRepository } from '../../src/ledger/ledger.repository.js';
import { type LedgerEntry, LedgerService } from '../../src/ledger/ledger.service.js';
import { MoneyPostingsService } from '../../src/payments/money-postings.service.js';
import { matchPeriod } from '../../src/reconciliation/matcher.js';
import { MatcherRepository } from '../../src/reconciliation/matcher.repository.js';
import { StripeMirrorRepository } from '../../src/reconciliation/stripe-mirror.repository.js';
import { StripeSyncService } from '../../src/reconciliation/stripe-sync.service.js';
import { type MediumDatabase, openMediumDatabase } from '../support/medium.js';

/**
 * Gifts in usd on an account that settles in jpy: the webhook side posts them in usd (ledger-entries, as the handlers
 * do), the mirror gets Stripe's balance transactions in jpy (as the sync stores them), and the sync's pending
 * postings add the settlement side. Every test has a campaign and a day of its own.
 */
describe('a ledger that settles in jpy, with gifts in usd', () => {
  let db: MediumDatabase;
  let money: MoneyPostingsService;
  let totals: CampaignTotalsService;
  let sync: StripeSyncService;
  let matcher: MatcherRepository;
  let mirror: StripeMirrorRepository;

  beforeAll(async () => {
    db = await openMediumDatabase(4);
    totals = new CampaignTotalsService(new CampaignTotalsRepository(db.dataSource));
    money = new MoneyPostingsService(new LedgerService(new LedgerRepository(db.dataSource)), totals);
    mirror = new StripeMirrorRepository(db.dataSource);
    // The pending postings read the mirror only; this client is never called.
    const stripe = new Stripe('sk_test_never_called', { host: '127.0.0.1', port: 9, protocol: 'http', maxNetworkRetries: 0 });
    sync = new StripeSyncService(db.dataSource, stripe, mirror, money);
    matcher = new MatcherRepository(db.dataSource);
  });
  afterAll(() => db?.close());

  let day = 0;
  /** A usd campaign, a donation of it, and a day of its own (as Unix seconds at a time of that day). */
  async function usdGift() {
    day += 1;
    const start = Date.UTC(2026, 5, day) / 1000;
    const [{ id: campaignId }] = await db.sql<{ id: string }>(
      `INSERT INTO campaigns (slug, title_en, story_en, disaster_type, region_en, currency, goal_amount, status) VALUES ($1, 'Relief in usd', '', 'tsunami', 'Tōhoku', 'usd', 1000000, 'active') RETURNING id`,
      [`usd-${randomUUID()}`],
    );
    const ref: DonationRef = { donationId: randomUUID(), campaignId, currency: 'usd' };
    return { ref, period: { from: new Date(start * 1000), to: new Date((start + 86_400) * 1000) }, at: (hour: number) => start + hour * 3600 };
  }

  const post = (entry: LedgerEntry) => db.dataSource.transaction((tx) => money.post(tx, entry));

  /** A balance transaction as Stripe sends it for a Japanese account: amounts in jpy, the rate when converted. */
  async function mirrored(bt: { id: string; type: string; category: string; source: string; amount: number; fee: number; rate: number | null; created: number }) {
    const transaction = {
      id: bt.id,
      object: 'balance_transaction',
      amount: bt.amount,
      available_on: bt.created + 4 * 86_400,
      created: bt.created,
      currency: 'jpy',
      description: null,
      exchange_rate: bt.rate,
      fee: bt.fee,
      fee_details: bt.fee ? [{ amount: bt.fee, application: null, currency: 'jpy', description: 'Stripe processing fees', type: 'stripe_fee' }] : [],
      net: bt.amount - bt.fee,
      reporting_category: bt.category,
      source: bt.source,
      status: 'pending',
      type: bt.type,
    } as unknown as Stripe.BalanceTransaction;
    await mirror.upsertTransactions([transaction], null);
  }

  /** Each account's balance per currency for the donation, as signed minor units. */
  async function balances(donationId: string): Promise<Record<string, number>> {
    const rows = await db.sql<{ key: string; total: string }>(
      `SELECT p.account || ' ' || p.currency AS key, sum(p.amount)::text AS total FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
        WHERE t.donation_id = $1 GROUP BY 1 HAVING sum(p.amount) <> 0 ORDER BY 1`,
      [donationId],
    );
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.total)]));
  }

  async function unbalancedTransactions(donationId: string) {
    return db.sql(
      `SELECT t.kind, t.stripe_object_id, p.currency, sum(p.amount) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
        WHERE t.donation_id = $1 GROUP BY 1, 2, 3 HAVING sum(p.amount) <> 0`,
      [donationId],
    );
  }

  /** $25.00 converted at 150.12: ¥3,753, less a ¥203 fee (3.6% with Stripe's conversion fee). */
  async function chargedAndSettled(gift: Awaited<ReturnType<typeof usdGift>>, name: string) {
    await post(chargeEntry(gift.ref, `ch_${name}`, 2500, new Date(gift.at(1) * 1000), 'jpy'));
    await mirrored({ id: `txn_ch_${name}`, type: 'charge', category: 'charge', source: `ch_${name}`, amount: 3753, fee: 203, rate: 150.12, created: gift.at(1) });
  }

  it('posts a usd gift in usd from the webhook, then its settlement in jpy with the rate; each currency balances', async () => {
    const gift = await usdGift();
    await post(chargeEntry(gift.ref, 'ch_usd_gift', 2500, new Date(gift.at(1) * 1000), 'jpy'));
    // Before Stripe's balance transaction is known: the money waits as unsettled usd, nothing in jpy yet.
    expect(await balances(gift.ref.donationId)).toEqual({ 'campaign_gross usd': -2500, 'stripe_unsettled usd': 2500 });

    await mirrored({ id: 'txn_ch_usd_gift', type: 'charge', category: 'charge', source: 'ch_usd_gift', amount: 3753, fee: 203, rate: 150.12, created: gift.at(1) });
    expect(await sync.postPending()).toEqual({ settlementsPosted: 1, feesPosted: 1 });

    expect(await balances(gift.ref.donationId)).toEqual({
      'campaign_gross usd': -2500,
      'fx_conversion usd': 2500,
      'fx_conversion jpy': -3753,
      'stripe_balance jpy': 3550,
      'stripe_fees jpy': 203,
    });
    expect(await unbalancedTransactions(gift.ref.donationId)).toEqual([]);
    const [settlement] = await db.sql<{ currency: string; exchange_rate: string }>(
      `SELECT currency, exchange_rate::text FROM ledger_transactions WHERE kind = 'settlement' AND stripe_object_id = 'txn_ch_usd_gift'`,
    );
    expect(settlement).toEqual({ currency: 'jpy', exchange_rate: '150.12' });
    // The campaign's totals stay in usd: the jpy fee is not the campaign's to count in its currency.
    expect(await totals.forCampaign(gift.ref.campaignId)).toMatchObject({ grossAmount: 2500, feeAmount: 0, raisedAmount: 2500, netAmount: 2500 });
    // Stripe's charge matches the ledger at its settlement amount and fee.
    expect(await matchPeriod(matcher, gift.period)).toEqual({ matched: 1, discrepancies: [] });
    // Posting again posts nothing.
    expect(await sync.postPending()).toEqual({ settlementsPosted: 0, feesPosted: 0 });
  });

  it('posts a refund at its own rate: the yen it cost less than at the gift rate is an FX gain', async () => {
    const gift = await usdGift();
    await chargedAndSettled(gift, 'gain');
    await post(refundEntry(gift.ref, 're_gain', 1000, new Date(gift.at(5) * 1000), 'jpy'));
    // $10.00 back at 148.00: ¥1,480 leaves the balance; at the gift's rate it was worth ¥1,501 (3753 × 1000 / 2500).
    await mirrored({ id: 'txn_re_gain', type: 'refund', category: 'refund', source: 're_gain', amount: -1480, fee: 0, rate: 148, created: gift.at(5) });
    expect(await sync.postPending()).toEqual({ settlementsPosted: 2, feesPosted: 1 });

    expect(await balances(gift.ref.donationId)).toEqual({
      'campaign_gross usd': -2500,
      'campaign_refunds usd': 1000,
      'fx_conversion usd': 1500,
      'fx_conversion jpy': -2252,
      'fx_gain_loss jpy': -21,
      'stripe_balance jpy': 3753 - 203 - 1480,
      'stripe_fees jpy': 203,
    });
    expect(await unbalancedTransactions(gift.ref.donationId)).toEqual([]);
    expect(await totals.forCampaign(gift.ref.campaignId)).toMatchObject({ grossAmount: 2500, refundedAmount: 1000, raisedAmount: 1500 });
    expect(await matchPeriod(matcher, gift.period)).toEqual({ matched: 2, discrepancies: [] });
  });

  it('posts a full refund after the rate rose as an FX loss, and the conversion account clears in both currencies', async () => {
    const gift = await usdGift();
    await chargedAndSettled(gift, 'loss');
    await post(refundEntry(gift.ref, 're_loss', 2500, new Date(gift.at(6) * 1000), 'jpy'));
    await mirrored({ id: 'txn_re_loss', type: 'refund', category: 'refund', source: 're_loss', amount: -3800, fee: 0, rate: 152, created: gift.at(6) });
    await sync.postPending();

    // The whole gift given back: fx_conversion is empty; the 47 yen more than at the gift's rate is a loss (a debit).
    expect(await balances(gift.ref.donationId)).toEqual({
      'campaign_gross usd': -2500,
      'campaign_refunds usd': 2500,
      'fx_gain_loss jpy': 47,
      'stripe_balance jpy': 3753 - 203 - 3800,
      'stripe_fees jpy': 203,
    });
  });

  it('posts a lost dispute in usd for the campaign, in jpy for the balance, with the fee in jpy', async () => {
    const gift = await usdGift();
    await chargedAndSettled(gift, 'dispute');
    // What the dispute handler posts from charge.dispute.funds_withdrawn: the disputed $25.00 in usd, Stripe's ¥2,250 fee in jpy.
    await post(disputeEntry(gift.ref, 'txn_du_withdrawn', -2500, new Date(gift.at(8) * 1000), 'jpy'));
    await post(feeEntry({ ...gift.ref, currency: 'jpy' }, 'txn_du_withdrawn', 2250, new Date(gift.at(8) * 1000), 'usd'));
    await mirrored({ id: 'txn_du_withdrawn', type: 'adjustment', category: 'dispute', source: 'du_lost', amount: -3700, fee: 2250, rate: 148, created: gift.at(8) });
    await sync.postPending();

    const after = await balances(gift.ref.donationId);
    // ¥3,700 withdrawn at 148.00 against ¥3,753 at the gift's rate: a ¥53 gain, beside the ¥2,250 dispute fee.
    expect(after).toMatchObject({ 'campaign_disputes usd': 2500, 'fx_gain_loss jpy': -53, 'stripe_balance jpy': 3753 - 203 - 3700 - 2250, 'stripe_fees jpy': 203 + 2250 });
    expect(after['fx_conversion usd']).toBeUndefined();
    expect(after['fx_conversion jpy']).toBeUndefined();
    expect(await unbalancedTransactions(gift.ref.donationId)).toEqual([]);
    expect(await totals.forCampaign(gift.ref.campaignId)).toMatchObject({ grossAmount: 2500, disputedAmount: 2500, raisedAmount: 0, feeAmount: 0 });
    expect(await matchPeriod(matcher, gift.period)).toEqual({ matched: 2, discrepancies: [] });
  });

  it('waits for the charge when a refund is seen first, and ends the same', async () => {
    const gift = await usdGift();
    await post(refundEntry(gift.ref, 're_early', 1000, new Date(gift.at(5) * 1000), 'jpy'));
    await mirrored({ id: 'txn_re_early', type: 'refund', category: 'refund', source: 're_early', amount: -1480, fee: 0, rate: 148, created: gift.at(5) });
    // The refund's worth at the gift's rate is not known before the charge's balance transaction: nothing is posted.
    expect(await sync.postPending()).toEqual({ settlementsPosted: 0, feesPosted: 0 });

    await chargedAndSettled(gift, 'early');
    expect(await sync.postPending()).toEqual({ settlementsPosted: 2, feesPosted: 1 });
    expect(await balances(gift.ref.donationId)).toMatchObject({ 'fx_gain_loss jpy': -21, 'stripe_balance jpy': 3753 - 203 - 1480 });
  });

  it('refuses an entry that sums to zero overall but not in each currency', async () => {
    const gift = await usdGift();
    const entry: LedgerEntry = {
      ...chargeEntry(gift.ref, 'ch_mixed', 2500, new Date(gift.at(1) * 1000), 'jpy'),
      postings: [
        { account: 'stripe_balance', amount: 2500, currency: 'jpy' },
        { account: 'campaign_gross', amount: -2500, currency: 'usd' },
      ],
    };
    await expect(post(entry)).rejects.toThrow('ledger charge ch_mixed does not balance');
    expect(await balances(gift.ref.donationId)).toEqual({});
  });

  it('settles a usd gift that Stripe kept in usd (an account with a usd balance) without a conversion', async () => {
    const gift = await usdGift();
    await post(chargeEntry(gift.ref, 'ch_kept_usd', 2500, new Date(gift.at(1) * 1000), 'jpy'));
    await mirror.upsertTransactions(
      [
        {
          id: 'txn_kept_usd',
          object: 'balance_transaction',
          amount: 2500,
          available_on: gift.at(49),
          created: gift.at(1),
          currency: 'usd',
          description: null,
          exchange_rate: null,
          fee: 103,
          fee_details: [],
          net: 2397,
          reporting_category: 'charge',
          source: 'ch_kept_usd',
          status: 'pending',
          type: 'charge',
        } as unknown as Stripe.BalanceTransaction,
      ],
      null,
    );
    await sync.postPending();
    expect(await balances(gift.ref.donationId)).toEqual({ 'campaign_gross usd': -2500, 'stripe_balance usd': 2397, 'stripe_fees usd': 103 });
    expect(await totals.forCampaign(gift.ref.campaignId)).toMatchObject({ grossAmount: 2500, feeAmount: 103, netAmount: 2397 });
    expect(await matchPeriod(matcher, gift.period)).toEqual({ matched: 1, discrepancies: [] });
  });
});
