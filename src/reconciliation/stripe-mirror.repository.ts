import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource } from 'typeorm';

export interface UnpostedFeeRow {
  id: string;
  fee: string;
  currency: string;
  stripe_created_at: Date;
  donation_id: string;
  campaign_id: string;
  campaign_currency: string;
}

/** A balance transaction whose gift was posted in its own currency, and whose settlement is not posted yet. */
export interface UnpostedSettlementRow {
  id: string;
  ledger_kind: string;
  amount: string;
  currency: string;
  exchange_rate: string | null;
  stripe_created_at: Date;
  donation_id: string;
  campaign_id: string;
  presentment_currency: string;
  presentment_amount: string;
  /** The gift's charge: what it settled at and its presentment amount, once both are known. */
  charge_settled_amount: string | null;
  charge_presentment_amount: string | null;
}

export interface PayoutRow {
  id: string;
  amount: string;
  currency: string;
  status: string;
  stripe_created_at: Date;
  arrival_date: Date | null;
  automatic: boolean;
  failure_code: string | null;
  failure_message: string | null;
  /** What the ledger's payout entry moved to the bank (null before payout.paid or payout.failed is applied). */
  ledger_amount: string | null;
}

export interface PayoutItemRow {
  balance_transaction_id: string;
  type: string;
  reporting_category: string;
  source: string | null;
  stripe_created_at: Date;
  amount: string;
  fee: string;
  net: string;
  currency: string;
  exchange_rate: string | null;
  donation_id: string | null;
  campaign_id: string | null;
  presentment_amount: string | null;
  presentment_currency: string | null;
}

// A payout as the reports show it: Stripe's fields, whether Stripe itemises it, why it failed, and the ledger's payout.
const PAYOUT_COLUMNS = `po.id, po.amount, po.currency, po.status, po.stripe_created_at, po.arrival_date,
       COALESCE((po.raw->>'automatic')::boolean, true) AS automatic, po.raw->>'failure_code' AS failure_code,
       po.raw->>'failure_message' AS failure_message,
       (SELECT -lt.balance_amount FROM ledger_transactions_v lt WHERE lt.kind = 'payout' AND lt.stripe_object_id = po.id) AS ledger_amount`;

function sourceId(transaction: Stripe.BalanceTransaction): string | null {
  return typeof transaction.source === 'string' ? transaction.source : (transaction.source?.id ?? null);
}

/** The mirror of Stripe: stripe_balance_transactions, stripe_payouts and the sync's stripe_sync_cursors. */
@Injectable()
export class StripeMirrorRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async cursor(name: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT created_gte FROM stripe_sync_cursors WHERE name = $1`, [name]);
    return row ? Number(row.created_gte) : 0;
  }

  async advance(name: string, newest: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stripe_sync_cursors (name, created_gte) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET created_gte = GREATEST(stripe_sync_cursors.created_gte, EXCLUDED.created_gte), updated_at = now()`,
      [name, newest],
    );
  }

  /** Upserts a page of balance transactions; with a payout id, records that the payout paid them out. */
  async upsertTransactions(transactions: Stripe.BalanceTransaction[], payoutId: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, reporting_category, stripe_created_at, raw, payout_id)
       SELECT t->>'id', t->>'type', t->>'source', (t->>'amount')::bigint, (t->>'fee')::bigint, (t->>'net')::bigint, t->>'currency',
              t->>'reporting_category', to_timestamp((t->>'created')::bigint), t, $2
         FROM jsonb_array_elements($1::jsonb) AS t
       ON CONFLICT (id) DO UPDATE SET raw = EXCLUDED.raw, amount = EXCLUDED.amount, fee = EXCLUDED.fee, net = EXCLUDED.net,
              payout_id = COALESCE(EXCLUDED.payout_id, stripe_balance_transactions.payout_id)`,
      [JSON.stringify(transactions.map((t) => ({ ...t, source: sourceId(t) }))), payoutId],
    );
  }

  async upsertPayout(payout: Stripe.Payout): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stripe_payouts (id, amount, currency, status, stripe_created_at, arrival_date, raw)
       VALUES ($1, $2, $3, $4, to_timestamp($5), to_timestamp($6), $7)
       ON CONFLICT (id) DO UPDATE SET amount = EXCLUDED.amount, status = EXCLUDED.status, arrival_date = EXCLUDED.arrival_date, raw = EXCLUDED.raw`,
      [payout.id, payout.amount, payout.currency, payout.status, payout.created, payout.arrival_date, JSON.stringify(payout)],
    );
  }

  /** Fees of mirrored charges whose charge is in the ledger and whose fee is not yet. */
  unpostedFees(): Promise<UnpostedFeeRow[]> {
    return this.dataSource.query(
      `SELECT bt.id, bt.fee, bt.currency, bt.stripe_created_at, l.donation_id, l.campaign_id, c.currency AS campaign_currency
         FROM stripe_balance_transactions bt JOIN reconciliation_ledger_links_v l ON l.balance_transaction_id = bt.id
         JOIN campaigns_summary_v c ON c.id = l.campaign_id
        WHERE bt.fee <> 0 AND l.ledger_kind = 'charge' AND l.donation_id IS NOT NULL AND l.fee_transaction_id IS NULL`,
    );
  }

  /**
   * Balance transactions of gifts posted as unsettled (charges, refunds, dispute movements) without their settlement,
   * each with its gift's charge as Stripe settled it; charges first, since the others are valued at their rate.
   */
  unpostedSettlements(): Promise<UnpostedSettlementRow[]> {
    return this.dataSource.query(
      `SELECT bt.id, l.ledger_kind, bt.amount, bt.currency, bt.raw->>'exchange_rate' AS exchange_rate, bt.stripe_created_at,
              l.donation_id, l.campaign_id, l.presentment_currency, l.presentment_amount,
              charge.settled_amount AS charge_settled_amount, charge.presentment_amount AS charge_presentment_amount
         FROM stripe_balance_transactions bt JOIN reconciliation_ledger_links_v l ON l.balance_transaction_id = bt.id
         LEFT JOIN LATERAL (
           SELECT cbt.amount AS settled_amount, cl.presentment_amount
             FROM reconciliation_ledger_links_v cl JOIN stripe_balance_transactions cbt ON cbt.id = cl.balance_transaction_id
            WHERE cl.donation_id = l.donation_id AND cl.ledger_kind = 'charge' AND cl.presentment_amount <> 0
            LIMIT 1
         ) charge ON true
        WHERE l.settlement_transaction_id IS NULL AND l.presentment_amount <> 0 AND l.donation_id IS NOT NULL
        ORDER BY l.ledger_kind = 'charge' DESC, bt.stripe_created_at, bt.id`,
    );
  }

  async payout(payoutId: string): Promise<PayoutRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${PAYOUT_COLUMNS} FROM stripe_payouts po WHERE po.id = $1`, [payoutId]);
    return row;
  }

  /** Payouts created in a period (null: unbounded), newest first, each with the count and net of what it paid out. */
  listPayouts(from: Date | null, to: Date | null, limit: number): Promise<(PayoutRow & { transaction_count: string; net: string })[]> {
    return this.dataSource.query(
      `SELECT ${PAYOUT_COLUMNS}, count(i.balance_transaction_id) AS transaction_count, COALESCE(sum(i.net), 0) AS net
         FROM stripe_payouts po
         LEFT JOIN reconciliation_payout_items_v i ON i.payout_id = po.id
        WHERE ($1::timestamptz IS NULL OR po.stripe_created_at >= $1) AND ($2::timestamptz IS NULL OR po.stripe_created_at < $2)
        GROUP BY po.id
        ORDER BY po.stripe_created_at DESC, po.id DESC
        LIMIT $3`,
      [from, to, limit],
    );
  }

  /** What a payout paid out, with the donation and campaign each balance transaction moved money for. */
  payoutItems(payoutId: string): Promise<PayoutItemRow[]> {
    return this.dataSource.query(
      `SELECT i.balance_transaction_id, i.type, i.reporting_category, i.source, i.stripe_created_at, i.amount, i.fee, i.net, i.currency,
              bt.raw->>'exchange_rate' AS exchange_rate, l.donation_id, l.campaign_id,
              CASE WHEN l.presentment_amount <> 0 THEN l.presentment_amount END AS presentment_amount,
              CASE WHEN l.presentment_amount <> 0 THEN l.presentment_currency END AS presentment_currency
         FROM reconciliation_payout_items_v i JOIN reconciliation_ledger_links_v l ON l.balance_transaction_id = i.balance_transaction_id
         JOIN stripe_balance_transactions bt ON bt.id = i.balance_transaction_id
        WHERE i.payout_id = $1
        ORDER BY i.stripe_created_at, i.balance_transaction_id`,
      [payoutId],
    );
  }
}
