import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { CampaignTotalsService } from '../campaigns/campaign-totals.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { DonationsService } from '../donations/donations.service.js';
import { toMinorUnits } from '../database/money.js';
import { type Payout, PayoutsService } from '../reconciliation/payouts.service.js';
import { ReconciliationService } from '../reconciliation/reconciliation.service.js';
import { UTF8_BOM } from './csv.js';
import { PAYOUT_GROUPS } from './dto/finance-reports.dto.js';
import type { AmountTotals, CampaignSummary, PayoutGroup, PayoutGroupName, PayoutGroups, PayoutListItem, PayoutReport, PayoutTransaction } from './dto/finance-reports.dto.js';
import { DISCREPANCY_HEADER, LEDGER_HEADER, discrepancyRow, ledgerRow } from './finance-csv.js';
import { type CampaignSummaryRow, FinanceReportsRepository, LEDGER_PAGE_SIZE, type LedgerFilter, type LedgerLineRow } from './finance-reports.repository.js';
import type { Period } from './period.js';

const GROUP_OF_CATEGORY: Record<string, PayoutGroupName> = {
  charge: 'donations',
  payment: 'donations',
  refund: 'refunds',
  refund_failure: 'refunds',
  dispute: 'disputes',
  dispute_reversal: 'disputes',
  fee: 'fees',
};

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

/** Read-only finance reports: the ledger and campaign figures from the owners' views, payouts and runs from reconciliation. */
@Injectable()
export class FinanceReportsService {
  constructor(
    private readonly repository: FinanceReportsRepository,
    private readonly payouts: PayoutsService,
    private readonly reconciliation: ReconciliationService,
    private readonly campaigns: CampaignsService,
    private readonly totals: CampaignTotalsService,
    private readonly donations: DonationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The ledger page by page, all pages read in one REPEATABLE READ transaction: the file is one consistent
   * snapshot even while webhooks keep posting, and memory stays flat whatever its size. The connection is
   * released when the stream ends or is dropped.
   */
  async *ledgerCsv(filter: LedgerFilter): AsyncGenerator<string> {
    const runner = this.repository.queryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      yield UTF8_BOM + LEDGER_HEADER;
      let afterId = '0';
      for (;;) {
        const rows = await this.repository.ledgerPage(runner, afterId, filter);
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
    const run = await this.reconciliation.view(runId);
    return UTF8_BOM + DISCREPANCY_HEADER + run.discrepancies.map(discrepancyRow).join('');
  }

  async listPayouts(period: Period, limit: number): Promise<PayoutListItem[]> {
    const payouts = await this.payouts.list(period.from, period.to, limit);
    return payouts.map((payout) => ({ ...payout, netMatchesPayout: accountedFor(payout, payout.net) === payout.amount }));
  }

  async payoutReport(payoutId: string): Promise<PayoutReport> {
    const payout = await this.payouts.get(payoutId);
    const items = await this.payouts.paidOutBy(payoutId);
    const titles = await this.repository.campaignTitles([...new Set(items.flatMap((i) => (i.campaignId ? [i.campaignId] : [])))]);
    const transactions: PayoutTransaction[] = items.map((i) => ({ ...i, campaignTitle: i.campaignId ? (titles.get(i.campaignId) ?? null) : null }));
    const totals = totalsOf(transactions);
    const difference = accountedFor(payout, totals.net) - payout.amount;
    return { payout, groups: grouped(transactions), totals, netMatchesPayout: difference === 0, difference };
  }

  async summary(filter: LedgerFilter): Promise<CampaignSummary[]> {
    if (filter.campaignId) await this.campaigns.get(filter.campaignId);
    const settlementCurrency = this.config.STRIPE_SETTLEMENT_CURRENCY;
    const rows = await this.repository.campaignSummaries(filter, settlementCurrency);
    const [totals, expired] = await Promise.all([this.totals.forCampaigns(rows.map((row) => row.id)), this.donations.expiredByCampaign(filter)]);
    return rows.map((row) => {
      const { pendingAmount, pendingCount } = totals.get(row.id)!;
      const lapsed = expired.get(row.id) ?? { count: 0, amount: 0 };
      return { ...campaignSummary(row, settlementCurrency), pledges: { pendingAmount, pendingCount, expiredAmount: lapsed.amount, expiredCount: lapsed.count } };
    });
  }
}

/** What a payout is checked against: the net of its items when Stripe itemises it (automatic), else its ledger payout. */
function accountedFor(payout: Payout, itemsNet: number): number {
  return payout.automatic ? itemsNet : (payout.ledgerAmount ?? 0);
}

function ledgerLine(r: LedgerLineRow): string {
  return ledgerRow({
    occurredAt: r.occurred_at,
    kind: r.kind,
    stripeObjectId: r.stripe_object_id,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title,
    donationId: r.donation_id,
    donorName: r.donor_name,
    account: r.account,
    amount: toMinorUnits(r.amount),
    currency: r.currency,
    exchangeRate: r.exchange_rate,
  });
}

function campaignSummary(r: CampaignSummaryRow, settlementCurrency: string): Omit<CampaignSummary, 'pledges'> {
  const [gross, fees, refunds, disputes] = [r.gross, r.fees, r.refunds, r.disputes].map(toMinorUnits);
  return {
    campaignId: r.id,
    title: r.title,
    currency: r.currency,
    grossAmount: gross,
    feeAmount: fees,
    refundedAmount: refunds,
    disputedAmount: disputes,
    netAmount: gross - fees - refunds - disputes,
    paidOutAmount: toMinorUnits(r.paid_out),
    settlement: {
      currency: settlementCurrency,
      balanceAmount: toMinorUnits(r.settled_balance),
      feeAmount: toMinorUnits(r.settled_fees),
      fxGainAmount: toMinorUnits(r.fx_gain),
      paidOutAmount: toMinorUnits(r.settled_paid_out),
      unsettledAmount: toMinorUnits(r.unsettled),
    },
  };
}
