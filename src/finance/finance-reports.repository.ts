import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';

export const LEDGER_PAGE_SIZE = 5000;

export interface LedgerFilter {
  from: Date | null;
  to: Date | null;
  campaignId: string | null;
}

export interface LedgerLineRow {
  id: string;
  occurred_at: Date;
  kind: string;
  stripe_object_id: string;
  campaign_id: string | null;
  campaign_title: string | null;
  donation_id: string | null;
  donor_name: string | null;
  account: string;
  amount: string;
  currency: string;
  exchange_rate: string | null;
}

export interface CampaignSummaryRow {
  id: string;
  title: string;
  currency: string;
  gross: string | null;
  fees: string | null;
  refunds: string | null;
  disputes: string | null;
  paid_out: string | null;
  unsettled: string | null;
  settled_balance: string | null;
  settled_fees: string | null;
  fx_gain: string | null;
  settled_paid_out: string | null;
}

/** Finance owns no table: its reports join the views other modules publish (ledger, campaigns, donations, reconciliation). */
@Injectable()
export class FinanceReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A connection of its own, for reading many pages in one snapshot. */
  queryRunner(): QueryRunner {
    return this.dataSource.createQueryRunner();
  }

  /** One page of the ledger, one posting per row, after a posting id. */
  ledgerPage(runner: QueryRunner, afterId: string, filter: LedgerFilter): Promise<LedgerLineRow[]> {
    return runner.query(
      `SELECT p.posting_id AS id, p.occurred_at, p.kind, p.stripe_object_id, p.campaign_id, c.title AS campaign_title, p.donation_id,
              CASE WHEN d.anonymous THEN '(anonymous)' ELSE d.public_donor_name END AS donor_name, p.account, p.amount, p.currency,
              p.exchange_rate
         FROM ledger_postings_v p
         LEFT JOIN campaigns_summary_v c ON c.id = p.campaign_id
         LEFT JOIN donations_summary_v d ON d.id = p.donation_id
        WHERE p.posting_id > $1
          AND ($2::timestamptz IS NULL OR p.occurred_at >= $2)
          AND ($3::timestamptz IS NULL OR p.occurred_at < $3)
          AND ($4::uuid IS NULL OR p.campaign_id = $4)
        ORDER BY p.posting_id
        LIMIT $5`,
      [afterId, filter.from, filter.to, filter.campaignId, LEDGER_PAGE_SIZE],
    );
  }

  /**
   * Per campaign in its own currency: the ledger's gross, fees, refunds and disputes, and what payouts paid out for it;
   * and in the settlement currency: what it moved on the Stripe balance, fees, FX gains and what was paid out.
   */
  campaignSummaries(filter: LedgerFilter, settlementCurrency: string): Promise<CampaignSummaryRow[]> {
    return this.dataSource.query(
      `WITH ledger AS (
         SELECT p.campaign_id,
                -sum(p.amount) FILTER (WHERE p.account = 'campaign_gross' AND p.currency = c.currency) AS gross,
                sum(p.amount) FILTER (WHERE p.account = 'stripe_fees' AND p.currency = c.currency) AS fees,
                sum(p.amount) FILTER (WHERE p.account = 'campaign_refunds' AND p.currency = c.currency) AS refunds,
                sum(p.amount) FILTER (WHERE p.account = 'campaign_disputes' AND p.currency = c.currency) AS disputes,
                sum(p.amount) FILTER (WHERE p.account = 'stripe_unsettled' AND p.currency = c.currency) AS unsettled,
                sum(p.amount) FILTER (WHERE p.account = 'stripe_balance' AND p.currency = $4) AS settled_balance,
                sum(p.amount) FILTER (WHERE p.account = 'stripe_fees' AND p.currency = $4) AS settled_fees,
                -sum(p.amount) FILTER (WHERE p.account = 'fx_gain_loss' AND p.currency = $4) AS fx_gain
           FROM ledger_postings_v p
           JOIN campaigns_summary_v c ON c.id = p.campaign_id
          WHERE ($1::uuid IS NULL OR p.campaign_id = $1)
            AND ($2::timestamptz IS NULL OR p.occurred_at >= $2) AND ($3::timestamptz IS NULL OR p.occurred_at < $3)
          GROUP BY p.campaign_id
       ), paid AS (
         SELECT l.campaign_id, sum(i.net) FILTER (WHERE i.currency = c.currency) AS paid_out, sum(i.net) FILTER (WHERE i.currency = $4) AS settled_paid_out
           FROM reconciliation_payout_items_v i
           JOIN reconciliation_ledger_links_v l ON l.balance_transaction_id = i.balance_transaction_id
           JOIN campaigns_summary_v c ON c.id = l.campaign_id
          WHERE ($1::uuid IS NULL OR l.campaign_id = $1)
            AND ($2::timestamptz IS NULL OR i.payout_created_at >= $2) AND ($3::timestamptz IS NULL OR i.payout_created_at < $3)
          GROUP BY l.campaign_id
       )
       SELECT c.id, c.title, c.currency, l.gross, l.fees, l.refunds, l.disputes, paid.paid_out,
              l.unsettled, l.settled_balance, l.settled_fees, l.fx_gain, paid.settled_paid_out
         FROM campaigns_summary_v c
         LEFT JOIN ledger l ON l.campaign_id = c.id
         LEFT JOIN paid ON paid.campaign_id = c.id
        WHERE ($1::uuid IS NULL OR c.id = $1)
        ORDER BY c.created_at, c.id`,
      [filter.campaignId, filter.from, filter.to, settlementCurrency],
    );
  }

  async campaignTitles(campaignIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = campaignIds.length
      ? await this.dataSource.query(`SELECT id, title FROM campaigns_summary_v WHERE id = ANY($1::uuid[])`, [campaignIds])
      : [];
    return new Map(rows.map((r) => [r.id, r.title]));
  }
}
