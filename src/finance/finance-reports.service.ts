import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { toMinorUnits } from '../database/money.js';
import { UTF8_BOM } from './csv.js';
import { PAYOUT_GROUPS } from './dto/finance-reports.dto.js';
import type {
  AmountTotals, CampaignSummary, PayoutGroup, PayoutGroupName, PayoutGroups, PayoutListItem, PayoutReport, PayoutTransaction, PayoutView,
} from './dto/finance-reports.dto.js';
import { DISCREPANCY_HEADER, LEDGER_HEADER, discrepancyRow, ledgerRow } from './finance-csv.js';
import type { Period } from './period.js';

export const LEDGER_PAGE_SIZE = 5000;

export interface LedgerFilter extends Period {
  campaignId: string | null;
}

const LEDGER_PAGE = `
  SELECT p.id, t.occurred_at, t.kind, t.stripe_object_id, t.campaign_id, c.title AS campaign_title, t.donation_id,
         CASE WHEN d.anonymous THEN '(anonymous)' ELSE d.donor_name END AS donor_name, p.account, p.amount, p.currency
    FROM ledger_postings p
    JOIN ledger_transactions t ON t.id = p.transaction_id
    LEFT JOIN campaigns c ON c.id = t.campaign_id
    LEFT JOIN donations d ON d.id = t.donation_id
   WHERE p.id > $1
     AND ($2::timestamptz IS NULL OR t.occurred_at >= $2)
     AND ($3::timestamptz IS NULL OR t.occurred_at < $3)
     AND ($4::uuid IS NULL OR t.campaign_id = $4)
   ORDER BY p.id
   LIMIT $5`;

/**
 * The donation a balance transaction moved money for. A charge names it by its charge id; a refund or a
 * dispute only through the ledger, which keys them by the refund id or the dispute's balance transaction id.
 */
const DONATION_OF_BT = `
  LEFT JOIN LATERAL (
    SELECT d.id AS donation_id, d.campaign_id FROM donations d WHERE d.charge_id = bt.source
    UNION ALL
    SELECT lt.donation_id, lt.campaign_id FROM ledger_transactions lt
     WHERE lt.kind IN ('refund', 'refund_failure', 'dispute', 'fee') AND lt.stripe_object_id IN (bt.source, bt.id) AND lt.donation_id IS NOT NULL
    LIMIT 1
  ) ref ON true`;

// Stripe lists a payout's own (negative) balance transaction among those it paid out: it is the payout, not part of it.
const PAID_BY = (payout: string) => `bt.payout_id = ${payout} AND NOT (bt.type = 'payout' AND bt.source = ${payout})`;

const GROUP_OF_CATEGORY: Record<string, PayoutGroupName> = {
  charge: 'donations', payment: 'donations',
  refund: 'refunds', refund_failure: 'refunds',
  dispute: 'disputes', dispute_reversal: 'disputes',
  fee: 'fees',
};

interface PayoutRow {
  id: string;
  amount: string;
  currency: string;
  status: string;
  stripe_created_at: Date;
  arrival_date: Date | null;
}

function payoutView(row: PayoutRow): PayoutView {
  return {
    id: row.id, amount: toMinorUnits(row.amount), currency: row.currency, status: row.status,
    created: row.stripe_created_at, arrivalDate: row.arrival_date,
  };
}

function totalsOf(transactions: PayoutTransaction[]): AmountTotals {
  const sum = (pick: (t: PayoutTransaction) => number) => transactions.reduce((total, t) => total + pick(t), 0);
  return { count: transactions.length, amount: sum((t) => t.amount), fee: sum((t) => t.fee), net: sum((t) => t.net) };
}

function grouped(transactions: PayoutTransaction[]): PayoutGroups {
  const groups = {} as Record<PayoutGroupName, PayoutGroup>;
  for (const name of PAYOUT_GROUPS) {
    const members = transactions.filter((t) => (GROUP_OF_CATEGORY[t.reportingCategory] ?? 'other') === name);
    groups[name] = { ...totalsOf(members), transactions: members };
  }
  return groups;
}

/** Read-only finance reports over the ledger and the Stripe mirror, in plain SQL. */
@Injectable()
export class FinanceReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The ledger as CSV text, one posting per row, in pages by posting id: memory stays flat whatever the
   * size, and the next page is read only when the client has taken the previous one.
   */
  /**
   * The ledger page by page, all pages read in one REPEATABLE READ transaction: the file is one consistent
   * snapshot even while webhooks keep posting. The connection is released when the stream ends or is dropped.
   */
  async *ledgerCsv(filter: LedgerFilter): AsyncGenerator<string> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      yield UTF8_BOM + LEDGER_HEADER;
      let afterId = '0';
      for (;;) {
        const rows = await runner.query(LEDGER_PAGE, [afterId, filter.from, filter.to, filter.campaignId, LEDGER_PAGE_SIZE]);
        if (rows.length) yield rows.map(ledgerLine).join('');
        if (rows.length < LEDGER_PAGE_SIZE) break;
        afterId = rows[rows.length - 1].id;
      }
    } finally {
      // Read only: ending it with ROLLBACK also covers a client that hung up half-way.
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }


  async discrepanciesCsv(runId: string): Promise<string> {
    const [run] = await this.dataSource.query(`SELECT id FROM reconciliation_runs WHERE id = $1`, [runId]);
    if (!run) throw new DomainError('not_found', 'run_not_found', `reconciliation run ${runId} not found`);
    const rows = await this.dataSource.query(
      `SELECT kind, stripe_object_id, ledger_reference, currency, expected, actual, resolved_at, resolution_note
         FROM reconciliation_discrepancies WHERE run_id = $1 ORDER BY kind, stripe_object_id NULLS LAST, id`,
      [runId],
    );
    const lines = rows.map((r: Record<string, any>) =>
      discrepancyRow({
        kind: r.kind, stripeObjectId: r.stripe_object_id, ledgerReference: r.ledger_reference, currency: r.currency,
        expected: r.expected, actual: r.actual, resolvedAt: r.resolved_at, resolutionNote: r.resolution_note,
      }),
    );
    return UTF8_BOM + DISCREPANCY_HEADER + lines.join('');
  }

  async listPayouts(period: Period, limit: number): Promise<PayoutListItem[]> {
    const rows = await this.dataSource.query(
      `SELECT po.id, po.amount, po.currency, po.status, po.stripe_created_at, po.arrival_date,
              count(bt.id) AS transaction_count, COALESCE(sum(bt.net), 0) AS net
         FROM stripe_payouts po
         LEFT JOIN stripe_balance_transactions bt ON ${PAID_BY('po.id')}
        WHERE ($1::timestamptz IS NULL OR po.stripe_created_at >= $1) AND ($2::timestamptz IS NULL OR po.stripe_created_at < $2)
        GROUP BY po.id
        ORDER BY po.stripe_created_at DESC, po.id DESC
        LIMIT $3`,
      [period.from, period.to, limit],
    );
    return rows.map((row: PayoutRow & { transaction_count: string; net: string }) => {
      const payout = payoutView(row);
      const net = toMinorUnits(row.net);
      return { ...payout, transactionCount: Number(row.transaction_count), net, netMatchesPayout: net === payout.amount };
    });
  }

  async payoutReport(payoutId: string): Promise<PayoutReport> {
    const [row] = await this.dataSource.query(
      `SELECT id, amount, currency, status, stripe_created_at, arrival_date FROM stripe_payouts WHERE id = $1`,
      [payoutId],
    );
    if (!row) throw new DomainError('not_found', 'payout_not_found', `payout ${payoutId} not found`);
    const payout = payoutView(row);
    const transactions = await this.paidOutBy(payoutId);
    const totals = totalsOf(transactions);
    const difference = totals.net - payout.amount;
    return { payout, groups: grouped(transactions), totals, netMatchesPayout: difference === 0, difference };
  }

  async summary(filter: LedgerFilter): Promise<CampaignSummary[]> {
    if (filter.campaignId) await this.assertCampaign(filter.campaignId);
    const rows = await this.dataSource.query(
      `WITH ledger AS (
         SELECT t.campaign_id,
                -sum(p.amount) FILTER (WHERE p.account = 'campaign_gross') AS gross,
                sum(p.amount) FILTER (WHERE p.account = 'stripe_fees') AS fees,
                sum(p.amount) FILTER (WHERE p.account = 'campaign_refunds') AS refunds,
                sum(p.amount) FILTER (WHERE p.account = 'campaign_disputes') AS disputes
           FROM ledger_transactions t
           JOIN ledger_postings p ON p.transaction_id = t.id
           JOIN campaigns c ON c.id = t.campaign_id AND c.currency = p.currency
          WHERE ($1::uuid IS NULL OR t.campaign_id = $1)
            AND ($2::timestamptz IS NULL OR t.occurred_at >= $2) AND ($3::timestamptz IS NULL OR t.occurred_at < $3)
          GROUP BY t.campaign_id
       ), paid AS (
         SELECT ref.campaign_id, sum(bt.net) AS paid_out
           FROM stripe_payouts po
           JOIN stripe_balance_transactions bt ON ${PAID_BY('po.id')}
           ${DONATION_OF_BT}
           JOIN campaigns c ON c.id = ref.campaign_id AND c.currency = bt.currency
          WHERE ($1::uuid IS NULL OR ref.campaign_id = $1)
            AND ($2::timestamptz IS NULL OR po.stripe_created_at >= $2) AND ($3::timestamptz IS NULL OR po.stripe_created_at < $3)
          GROUP BY ref.campaign_id
       )
       SELECT c.id, c.title, c.currency, l.gross, l.fees, l.refunds, l.disputes, paid.paid_out
         FROM campaigns c
         LEFT JOIN ledger l ON l.campaign_id = c.id
         LEFT JOIN paid ON paid.campaign_id = c.id
        WHERE ($1::uuid IS NULL OR c.id = $1)
        ORDER BY c.created_at, c.id`,
      [filter.campaignId, filter.from, filter.to],
    );
    return rows.map(campaignSummary);
  }

  private async paidOutBy(payoutId: string): Promise<PayoutTransaction[]> {
    const rows = await this.dataSource.query(
      `SELECT bt.id, bt.type, bt.reporting_category, bt.source, bt.stripe_created_at, bt.amount, bt.fee, bt.net, bt.currency,
              ref.donation_id, ref.campaign_id, c.title AS campaign_title
         FROM stripe_balance_transactions bt
         ${DONATION_OF_BT}
         LEFT JOIN campaigns c ON c.id = ref.campaign_id
        WHERE ${PAID_BY('$1')}
        ORDER BY bt.stripe_created_at, bt.id`,
      [payoutId],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id, type: r.type, reportingCategory: r.reporting_category, source: r.source, created: r.stripe_created_at,
      amount: toMinorUnits(r.amount), fee: toMinorUnits(r.fee), net: toMinorUnits(r.net), currency: r.currency,
      donationId: r.donation_id, campaignId: r.campaign_id, campaignTitle: r.campaign_title,
    }));
  }

  private async assertCampaign(campaignId: string): Promise<void> {
    const [campaign] = await this.dataSource.query(`SELECT id FROM campaigns WHERE id = $1`, [campaignId]);
    if (!campaign) throw new DomainError('not_found', 'campaign_not_found', `campaign ${campaignId} not found`);
  }
}

function ledgerLine(r: Record<string, any>): string {
  return ledgerRow({
    occurredAt: r.occurred_at, kind: r.kind, stripeObjectId: r.stripe_object_id, campaignId: r.campaign_id, campaignTitle: r.campaign_title,
    donationId: r.donation_id, donorName: r.donor_name, account: r.account, amount: toMinorUnits(r.amount), currency: r.currency,
  });
}

function campaignSummary(r: Record<string, any>): CampaignSummary {
  const [gross, fees, refunds, disputes] = [r.gross, r.fees, r.refunds, r.disputes].map(toMinorUnits);
  return {
    campaignId: r.id, title: r.title, currency: r.currency,
    grossAmount: gross, feeAmount: fees, refundedAmount: refunds, disputedAmount: disputes,
    netAmount: gross - fees - refunds - disputes, paidOutAmount: toMinorUnits(r.paid_out),
  };
}
