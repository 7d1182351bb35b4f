import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Language } from './donation.entity.js';

/** A cash balance as Stripe reported it: in jpy, the only currency Japanese bank transfers fund. */
export interface StripeCashBalance {
  available: number;
  currency: string;
  reconciliationMode: string;
}

export interface CashBalanceRow {
  stripe_customer_id: string;
  donor_id: string;
  currency: string;
  available_amount: string;
  reconciliation_mode: string;
  available_since: Date | null;
  updated_at: Date;
}

export interface FinanceCashBalanceRow extends CashBalanceRow {
  email: string;
  name: string | null;
  campaigns: { id: string; title: string }[] | null;
}

export interface CustomerDonor {
  id: string;
  email: string;
  name: string | null;
}

/** What a gift from the cash balance copies from the donor's latest transfer. */
export interface LatestTransfer {
  campaign_id: string;
  language: Language;
  anonymous: boolean;
  updates_opt_in: boolean;
  donor_name: string | null;
}

/** The donor_cash_balances table, and what the cash-balance work reads of donors and their bank transfers. */
@Injectable()
export class CashBalancesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async donorOfCustomer(customerId: string): Promise<CustomerDonor | null> {
    const [donor]: CustomerDonor[] = await this.dataSource.query(`SELECT id, email, name FROM donors WHERE stripe_customer_id = $1`, [customerId]);
    return donor ?? null;
  }

  /** Until `tx` ends, no other worker or request works on this customer's cash balance. */
  async lockCustomer(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('donor_cash_balances:' || $1, 0))`, [customerId]);
  }

  /** The balance as Stripe has it now; `available_since` is kept while money stays, and cleared when none is left. */
  async upsert(tx: EntityManager, customerId: string, donorId: string, balance: StripeCashBalance): Promise<CashBalanceRow> {
    const [row]: CashBalanceRow[] = await tx.query(
      `INSERT INTO donor_cash_balances AS b (stripe_customer_id, donor_id, currency, available_amount, reconciliation_mode, available_since, updated_at)
       VALUES ($1, $2, $3, $4::bigint, $5, CASE WHEN $4::bigint > 0 THEN now() END, now())
       ON CONFLICT (stripe_customer_id) DO UPDATE SET donor_id = EXCLUDED.donor_id, currency = EXCLUDED.currency,
              available_amount = EXCLUDED.available_amount, reconciliation_mode = EXCLUDED.reconciliation_mode,
              available_since = CASE WHEN EXCLUDED.available_amount = 0 THEN NULL ELSE COALESCE(b.available_since, EXCLUDED.available_since) END,
              updated_at = now()
       RETURNING *`,
      [customerId, donorId, balance.currency, balance.available, balance.reconciliationMode],
    );
    return row;
  }

  /**
   * Balances finance has to decide about (money waiting) or is following (a return on its way), longest waiting
   * first, each with the campaigns the donor's transfers went to, latest first.
   */
  forFinance(): Promise<FinanceCashBalanceRow[]> {
    return this.dataSource.query(
      `SELECT b.*, r.email, r.name,
              (SELECT json_agg(json_build_object('id', c.id, 'title', c.title) ORDER BY t.latest DESC)
                 FROM (SELECT d.campaign_id, max(d.created_at) AS latest FROM donations d
                        WHERE d.donor_id = b.donor_id AND d.payment_method = 'bank_transfer' GROUP BY d.campaign_id) t
                 JOIN campaigns_summary_v c ON c.id = t.campaign_id) AS campaigns
         FROM donor_cash_balances b JOIN donors r ON r.id = b.donor_id
        WHERE b.available_amount > 0
           OR EXISTS (SELECT 1 FROM donor_cash_returns x WHERE x.stripe_customer_id = b.stripe_customer_id AND x.status IN ('requested', 'requires_action', 'pending'))
        ORDER BY b.available_since NULLS LAST, b.updated_at, b.stripe_customer_id`,
    );
  }

  /** The donor's bank transfers still awaiting money, oldest first: where manual reconciliation applies a balance. */
  async awaitingTransfers(donorId: string, currency: string): Promise<string[]> {
    const rows: { payment_intent_id: string }[] = await this.dataSource.query(
      `SELECT payment_intent_id FROM donations
        WHERE donor_id = $1 AND currency = $2 AND payment_method = 'bank_transfer' AND status = 'awaiting_payment' AND payment_intent_id IS NOT NULL
        ORDER BY created_at, id`,
      [donorId, currency],
    );
    return rows.map((row) => row.payment_intent_id);
  }

  async latestTransfer(donorId: string): Promise<LatestTransfer | null> {
    const [row]: LatestTransfer[] = await this.dataSource.query(
      `SELECT campaign_id, language, anonymous, updates_opt_in, donor_name FROM donations
        WHERE donor_id = $1 AND payment_method = 'bank_transfer' ORDER BY created_at DESC, id DESC LIMIT 1`,
      [donorId],
    );
    return row ?? null;
  }
}
