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
  donationId: string | null;
  campaignId: string | null;
}

function payoutOf(row: PayoutRow): Payout {
  return { id: row.id, amount: toMinorUnits(row.amount), currency: row.currency, status: row.status, created: row.stripe_created_at, arrivalDate: row.arrival_date };
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
      donationId: r.donation_id,
      campaignId: r.campaign_id,
    }));
  }
}
