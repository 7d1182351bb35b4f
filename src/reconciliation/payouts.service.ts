import { Injectable } from '@nestjs/common';
import { ReconciliationError } from './reconciliation.errors.js';
import { toMinorUnits } from '../database/money.js';
import { type PayoutRow, StripeMirrorRepository } from './stripe-mirror.repository.js';

export interface Payout {
  id: string;
  amount: number;
  currency: string;
  status: string;
  created: Date;
  arrivalDate: Date | null;
  /** Stripe itemises an automatic payout; a manual one (made through the API or the Dashboard) it does not. */
  automatic: boolean;
  failureCode: string | null;
  failureMessage: string | null;
  /** What the ledger moved to the bank for it: null until payout.paid (or payout.failed) is applied. */
  ledgerAmount: number | null;
}

/** One balance transaction a payout paid out, with the donation and campaign it moved money for. */
export interface PaidOutItem {
  id: string;
  type: string;
  reportingCategory: string;
  source: string | null;
  created: Date;
  amount: number;
  fee: number;
  net: number;
  currency: string;
  /** Stripe's rate when it converted the gift's money into the payout's currency. */
  exchangeRate: number | null;
  donationId: string | null;
  campaignId: string | null;
  /** The same movement in the gift's currency, when Stripe converted it. */
  presentmentAmount: number | null;
  presentmentCurrency: string | null;
}

function payoutOf(row: PayoutRow): Payout {
  return {
    id: row.id,
    amount: toMinorUnits(row.amount),
    currency: row.currency,
    status: row.status,
    created: row.stripe_created_at,
    arrivalDate: row.arrival_date,
    automatic: row.automatic,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    ledgerAmount: row.ledger_amount === null ? null : toMinorUnits(row.ledger_amount),
  };
}

/** Payouts as the Stripe mirror holds them, and what each paid out (reconciliation_payout_items_v: the one rule). */
@Injectable()
export class PayoutsService {
  constructor(private readonly mirror: StripeMirrorRepository) {}

  async list(from: Date | null, to: Date | null, limit: number): Promise<(Payout & { transactionCount: number; net: number })[]> {
    const rows = await this.mirror.listPayouts(from, to, limit);
    return rows.map((row) => ({ ...payoutOf(row), transactionCount: Number(row.transaction_count), net: toMinorUnits(row.net) }));
  }

  async get(payoutId: string): Promise<Payout> {
    const row = await this.mirror.payout(payoutId);
    if (!row) throw new ReconciliationError('not_found', 'payout_not_found', `payout ${payoutId} not found`);
    return payoutOf(row);
  }

  async paidOutBy(payoutId: string): Promise<PaidOutItem[]> {
    const rows = await this.mirror.payoutItems(payoutId);
    return rows.map((r) => ({
      id: r.balance_transaction_id,
      type: r.type,
      reportingCategory: r.reporting_category,
      source: r.source,
      created: r.stripe_created_at,
      amount: toMinorUnits(r.amount),
      fee: toMinorUnits(r.fee),
      net: toMinorUnits(r.net),
      currency: r.currency,
      exchangeRate: r.exchange_rate === null ? null : Number(r.exchange_rate),
      donationId: r.donation_id,
      campaignId: r.campaign_id,
      presentmentAmount: r.presentment_amount === null ? null : toMinorUnits(r.presentment_amount),
      presentmentCurrency: r.presentment_currency?.trim() ?? null,
    }));
  }
}
