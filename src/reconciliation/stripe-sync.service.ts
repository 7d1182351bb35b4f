import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { feeEntry } from '../ledger/ledger-entries.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { STRIPE } from '../stripe/stripe.module.js';

const BALANCE_CURSOR = 'balance_transactions';
const PAYOUT_CURSOR = 'payouts';
const PAGE_SIZE = 100;
const RATE_LIMIT_RETRIES = 8;

export interface SyncResult {
  fetched: number;
  payouts: number;
  feesPosted: number;
}

/** A period to re-read whatever the cursors say, as a reconciliation run does. */
export interface SyncPeriod {
  createdGte: number;
  createdLt?: number;
}

interface UnpostedFee {
  id: string;
  fee: string;
  currency: string;
  stripe_created_at: Date;
  donation_id: string;
  campaign_id: string;
}

interface Page<T> {
  data: T[];
  has_more: boolean;
}

function sourceId(transaction: Stripe.BalanceTransaction): string | null {
  return typeof transaction.source === 'string' ? transaction.source : (transaction.source?.id ?? null);
}

/**
 * Mirrors Stripe's balance transactions and payouts (pages of 100, from a cursor, upserted so a run can
 * repeat), links each paid payout to the transactions it paid out, and posts the fees the transactions carry
 * to the ledger. Fees come from here, never from the webhook path, which makes no Stripe call at all.
 * On Stripe's rate limit it backs off and goes on with the page it was reading.
 */
@Injectable()
export class StripeSyncService {
  private readonly logger = new Logger('StripeSyncService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly ledger: LedgerService,
  ) {}

  async sync(period?: SyncPeriod): Promise<SyncResult> {
    const fetched = await this.mirrorBalanceTransactions(period);
    const payouts = await this.mirrorPayouts(period);
    const feesPosted = await this.postUnpostedFees();
    return { fetched, payouts, feesPosted };
  }

  private async mirrorBalanceTransactions(period?: SyncPeriod): Promise<number> {
    const created = period ? { gte: period.createdGte, ...(period.createdLt && { lt: period.createdLt }) } : { gte: await this.cursor(BALANCE_CURSOR) };
    let newest = 0;
    let fetched = 0;
    await this.eachPage(
      (startingAfter) => this.stripe.balanceTransactions.list({ created, limit: PAGE_SIZE, starting_after: startingAfter }),
      async (page) => {
        fetched += await this.upsertTransactions(page, null);
        newest = Math.max(newest, ...page.map((t) => t.created));
      },
    );
    if (!period) await this.advance(BALANCE_CURSOR, newest);
    return fetched;
  }

  private async mirrorPayouts(period?: SyncPeriod): Promise<number> {
    const created = period ? { gte: period.createdGte, ...(period.createdLt && { lt: period.createdLt }) } : { gte: await this.cursor(PAYOUT_CURSOR) };
    let newest = 0;
    let count = 0;
    await this.eachPage(
      (startingAfter) => this.stripe.payouts.list({ created, limit: PAGE_SIZE, starting_after: startingAfter }),
      async (page) => {
        for (const payout of page) {
          await this.upsertPayout(payout);
          if (payout.status === 'paid') await this.linkPayout(payout.id);
          newest = Math.max(newest, payout.created);
          count++;
        }
      },
    );
    if (!period) await this.advance(PAYOUT_CURSOR, newest);
    return count;
  }

  /** Records which balance transactions a payout paid out (`GET /v1/balance_transactions?payout=`). */
  private async linkPayout(payoutId: string): Promise<void> {
    await this.eachPage(
      (startingAfter) => this.stripe.balanceTransactions.list({ payout: payoutId, limit: PAGE_SIZE, starting_after: startingAfter }),
      async (page) => void (await this.upsertTransactions(page, payoutId)),
    );
  }

  /** Reads every page, retrying a page that hit Stripe's rate limit with a growing pause. */
  private async eachPage<T extends { id: string }>(fetch: (startingAfter?: string) => Promise<Page<T>>, onPage: (items: T[]) => Promise<void>): Promise<void> {
    let startingAfter: string | undefined;
    for (;;) {
      const page = await this.withRateLimitRetry(() => fetch(startingAfter));
      if (page.data.length) await onPage(page.data);
      if (!page.has_more || !page.data.length) return;
      startingAfter = page.data[page.data.length - 1].id;
    }
  }

  private async withRateLimitRetry<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeRateLimitError) || attempt >= RATE_LIMIT_RETRIES) throw error;
        const pause = Math.min(250 * 2 ** attempt, 10_000);
        this.logger.warn({ attempt, pause }, 'Stripe rate limit: backing off');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async cursor(name: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT created_gte FROM stripe_sync_cursors WHERE name = $1`, [name]);
    // Re-reading the cursor's own second is cheap, and catches objects created in it after the last run.
    return row ? Number(row.created_gte) : 0;
  }

  private async advance(name: string, newest: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stripe_sync_cursors (name, created_gte) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET created_gte = GREATEST(stripe_sync_cursors.created_gte, EXCLUDED.created_gte), updated_at = now()`,
      [name, newest],
    );
  }

  private async upsertTransactions(transactions: Stripe.BalanceTransaction[], payoutId: string | null): Promise<number> {
    if (!transactions.length) return 0;
    await this.dataSource.query(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, reporting_category, stripe_created_at, raw, payout_id)
       SELECT t->>'id', t->>'type', t->>'source', (t->>'amount')::bigint, (t->>'fee')::bigint, (t->>'net')::bigint, t->>'currency',
              t->>'reporting_category', to_timestamp((t->>'created')::bigint), t, $2
         FROM jsonb_array_elements($1::jsonb) AS t
       ON CONFLICT (id) DO UPDATE SET raw = EXCLUDED.raw, amount = EXCLUDED.amount, fee = EXCLUDED.fee, net = EXCLUDED.net,
              payout_id = COALESCE(EXCLUDED.payout_id, stripe_balance_transactions.payout_id)`,
      [JSON.stringify(transactions.map((t) => ({ ...t, source: sourceId(t) }))), payoutId],
    );
    return transactions.length;
  }

  private async upsertPayout(payout: Stripe.Payout): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stripe_payouts (id, amount, currency, status, stripe_created_at, arrival_date, raw)
       VALUES ($1, $2, $3, $4, to_timestamp($5), to_timestamp($6), $7)
       ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount, status = EXCLUDED.status, arrival_date = EXCLUDED.arrival_date, raw = EXCLUDED.raw`,
      [payout.id, payout.amount, payout.currency, payout.status, payout.created, payout.arrival_date, JSON.stringify(payout)],
    );
  }

  /** Fees of mirrored charge transactions whose donation is known and whose fee is not in the ledger yet. */
  private async postUnpostedFees(): Promise<number> {
    const rows: UnpostedFee[] = await this.dataSource.query(
      `SELECT bt.id, bt.fee, bt.currency, bt.stripe_created_at, d.id AS donation_id, d.campaign_id
         FROM stripe_balance_transactions bt JOIN donations d ON d.charge_id = bt.source
        WHERE bt.fee <> 0
          AND NOT EXISTS (SELECT 1 FROM ledger_transactions lt WHERE lt.kind = 'fee' AND lt.stripe_object_id = bt.id)`,
    );
    let posted = 0;
    for (const row of rows) {
      const ref = { donationId: row.donation_id, campaignId: row.campaign_id, currency: row.currency.trim() };
      const done = await this.dataSource.transaction((tx) => this.ledger.post(tx, feeEntry(ref, row.id, toMinorUnits(row.fee), row.stripe_created_at)));
      if (done) posted++;
    }
    return posted;
  }
}
