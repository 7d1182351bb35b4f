import { currencyDecimals, minorUnitsToDecimal } from '../common/money-format.js';
import type { CashBalanceView } from '../donations/cash-balances.service.js';
import type { PledgeView } from '../donations/donations.service.js';
import { csvField, csvNumber, csvRow } from './csv.js';
import { PAYOUT_GROUPS } from './dto/finance-reports.dto.js';
import type { AmountTotals, PayoutReport, PayoutTransaction } from './dto/finance-reports.dto.js';

/** Minor units as a decimal in the currency's major unit: 5000 jpy → 5000, -3000 usd → -30.00. */
function money(amount: number, currency: string): string {
  return csvNumber(minorUnitsToDecimal(amount, currencyDecimals(currency)));
}

function instant(value: Date | null): string {
  return csvField(value ? value.toISOString() : null);
}

function header(names: string[]): string {
  return csvRow(names.map(csvField));
}

export interface LedgerLine {
  occurredAt: Date;
  kind: string;
  stripeObjectId: string;
  campaignId: string | null;
  campaignTitle: string | null;
  donationId: string | null;
  donorName: string | null;
  account: string;
  amount: number;
  currency: string;
  /** Stripe's rate, on each posting of a transaction that converted (as Stripe gives it, a decimal). */
  exchangeRate: string | null;
}

export const LEDGER_HEADER = header([
  'occurred_at',
  'kind',
  'stripe_object_id',
  'campaign_id',
  'campaign_title',
  'donation_id',
  'donor_name',
  'account',
  'amount',
  'currency',
  'exchange_rate',
]);

function rate(value: string | number | null): string {
  return value === null ? '' : csvNumber(value);
}

export function ledgerRow(line: LedgerLine): string {
  return csvRow([
    instant(line.occurredAt),
    csvField(line.kind),
    csvField(line.stripeObjectId),
    csvField(line.campaignId),
    csvField(line.campaignTitle),
    csvField(line.donationId),
    csvField(line.donorName),
    csvField(line.account),
    money(line.amount, line.currency),
    csvField(line.currency),
    rate(line.exchangeRate),
  ]);
}

export interface DiscrepancyLine {
  kind: string;
  stripeObjectId: string | null;
  ledgerReference: string | null;
  currency: string | null;
  expected: string | null;
  actual: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

export const DISCREPANCY_HEADER = header(['kind', 'stripe_object_id', 'ledger_reference', 'currency', 'expected', 'actual', 'resolved_at', 'resolution_note']);

// The matcher stores what it expected and found as text; a plain number there is ours and stays a number.
function figure(value: string | null): string {
  return value !== null && /^-?\d+(\.\d+)?$/.test(value) ? csvNumber(value) : csvField(value);
}

export function discrepancyRow(line: DiscrepancyLine): string {
  return csvRow([
    csvField(line.kind),
    csvField(line.stripeObjectId),
    csvField(line.ledgerReference),
    csvField(line.currency),
    figure(line.expected),
    figure(line.actual),
    instant(line.resolvedAt),
    csvField(line.resolutionNote),
  ]);
}

export const PAYOUT_REPORT_HEADER = header([
  'line',
  'group',
  'id',
  'type',
  'status',
  'source',
  'created',
  'arrival_date',
  'donation_id',
  'campaign_id',
  'campaign_title',
  'amount',
  'fee',
  'net',
  'currency',
  'exchange_rate',
  'presentment_amount',
  'presentment_currency',
  'failure_code',
]);

function transactionRow(group: string, t: PayoutTransaction): string {
  return csvRow([
    'transaction',
    group,
    csvField(t.id),
    csvField(t.type),
    '',
    csvField(t.source),
    instant(t.created),
    '',
    csvField(t.donationId),
    csvField(t.campaignId),
    csvField(t.campaignTitle),
    money(t.amount, t.currency),
    money(t.fee, t.currency),
    money(t.net, t.currency),
    csvField(t.currency),
    rate(t.exchangeRate),
    t.presentmentAmount === null || t.presentmentCurrency === null ? '' : money(t.presentmentAmount, t.presentmentCurrency),
    csvField(t.presentmentCurrency),
    '',
  ]);
}

function totalRow(group: string, status: string, totals: AmountTotals, currency: string): string {
  return csvRow([
    'total',
    group,
    '',
    '',
    status,
    '',
    '',
    '',
    '',
    '',
    '',
    money(totals.amount, currency),
    money(totals.fee, currency),
    money(totals.net, currency),
    csvField(currency),
    '',
    '',
    '',
    '',
  ]);
}

/** The payout line, every transaction it paid by group, each group's total, then the grand total and whether it matches. */
export function payoutReportRows(report: PayoutReport): string {
  const { payout } = report;
  const lines = [
    csvRow([
      'payout',
      '',
      csvField(payout.id),
      'payout',
      csvField(payout.status),
      '',
      instant(payout.created),
      instant(payout.arrivalDate),
      '',
      '',
      '',
      money(payout.amount, payout.currency),
      '',
      '',
      csvField(payout.currency),
      '',
      '',
      '',
      csvField(payout.failureCode),
    ]),
  ];
  for (const group of PAYOUT_GROUPS) lines.push(...report.groups[group].transactions.map((t) => transactionRow(group, t)));
  for (const group of PAYOUT_GROUPS) lines.push(totalRow(group, '', report.groups[group], payout.currency));
  lines.push(totalRow('all', report.netMatchesPayout ? 'matches_payout' : 'differs_from_payout', report.totals, payout.currency));
  return lines.join('');
}

export const PLEDGES_HEADER = header([
  'donation_id',
  'status',
  'at',
  'pledged_at',
  'deadline',
  'campaign_id',
  'campaign_title',
  'donor_name',
  'payment_method',
  'amount',
  'amount_remaining',
  'currency',
]);

export function pledgeRow(line: PledgeView): string {
  return csvRow([
    csvField(line.donationId),
    csvField(line.status),
    instant(line.at),
    instant(line.pledgedAt),
    instant(line.deadline),
    csvField(line.campaignId),
    csvField(line.campaignTitle),
    csvField(line.anonymous ? '(anonymous)' : line.donorName),
    csvField(line.paymentMethod),
    money(line.amount, line.currency),
    money(line.amountRemaining, line.currency),
    csvField(line.currency),
  ]);
}

export const CASH_BALANCES_HEADER = header([
  'stripe_customer_id',
  'donor_id',
  'donor_name',
  'email',
  'available_amount',
  'currency',
  'reconciliation_mode',
  'available_since',
  'updated_at',
  'campaign_ids',
  'campaign_titles',
]);

/** The campaigns of the donor's transfers, latest first, in one field each for ids and titles ("; " between). */
export function cashBalanceRow(line: CashBalanceView): string {
  return csvRow([
    csvField(line.stripeCustomerId),
    csvField(line.donorId),
    csvField(line.donorName),
    csvField(line.email),
    money(line.availableAmount, line.currency),
    csvField(line.currency),
    csvField(line.reconciliationMode),
    instant(line.availableSince),
    instant(line.updatedAt),
    csvField(line.campaigns.map((c) => c.id).join('; ')),
    csvField(line.campaigns.map((c) => c.title).join('; ')),
  ]);
}
