import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { feeEntry } from '../ledger/ledger-entries.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { STRIPE } from '../stripe/stripe.module.js';

const CURSOR = 'balance_transactions';
const PAGE_SIZE = 100;

export interface SyncResult {
  fetched: number;
  feesPosted: number;
}

interface UnpostedFee {
  id: string;
  fee: string;
  currency: string;
  stripe_created_at: Date;
  donation_id: string;
  campaign_id: string;
}

/**
 * Mirrors Stripe's balance transactions (pages of 100, from a cursor, upserted so a run can repeat) and
 * posts the fees they carry to the ledger. Fees come from here, never from the webhook path, which makes
 * no Stripe call at all.
 */
@Injectable()
export class StripeSyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly ledger: LedgerService,
  ) {}

  async sync(): Promise<SyncResult> {
    const fetched = await this.mirrorBalanceTransactions();
    const feesPosted = await this.postUnpostedFees();
    return { fetched, feesPosted };
  }

  private async mirrorBalanceTransactions(): Promise<number> {
    const [cursor] = await this.dataSource.query(`SELECT created_gte FROM stripe_sync_cursors WHERE name = $1`, [CURSOR]);
    // Re-reading the cursor's own second is cheap, and catches transactions created in it after the last run.
    const createdGte = cursor ? Number(cursor.created_gte) : 0;
    let newest = createdGte;
    let fetched = 0;
    let page: Stripe.BalanceTransaction[] = [];
    for await (const transaction of this.stripe.balanceTransactions.list({ created: { gte: createdGte }, limit: PAGE_SIZE })) {
      page.push(transaction);
      newest = Math.max(newest, transaction.created);
      if (page.length === PAGE_SIZE) {
        fetched += await this.upsert(page);
        page = [];
      }
    }
    fetched += await this.upsert(page);
    await this.dataSource.query(
      `INSERT INTO stripe_sync_cursors (name, created_gte) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET created_gte = GREATEST(stripe_sync_cursors.created_gte, EXCLUDED.created_gte), updated_at = now()`,
      [CURSOR, newest],
    );
    return fetched;
  }

  private async upsert(transactions: Stripe.BalanceTransaction[]): Promise<number> {
    if (!transactions.length) return 0;
    await this.dataSource.query(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, reporting_category, stripe_created_at, raw)
       SELECT t->>'id', t->>'type', t->>'source', (t->>'amount')::bigint, (t->>'fee')::bigint, (t->>'net')::bigint, t->>'currency',
              t->>'reporting_category', to_timestamp((t->>'created')::bigint), t
         FROM jsonb_array_elements($1::jsonb) AS t
       ON CONFLICT (id) DO UPDATE SET raw = EXCLUDED.raw, fee = EXCLUDED.fee, net = EXCLUDED.net`,
      [JSON.stringify(transactions.map((t) => ({ ...t, source: typeof t.source === 'string' ? t.source : (t.source?.id ?? null) })))],
    );
    return transactions.length;
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
