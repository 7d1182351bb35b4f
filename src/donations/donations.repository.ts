import type { FundKind } from '../campaigns/campaign.entity.js';
import type { TaxRecipient } from './tax-recipient.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { Donation, type DonationStatus, type Language, type PaymentInstructions } from './donation.entity.js';
import { updateReturning } from '../database/update-returning.js';
import { GIVING_STATUSES } from './donation-status.js';
import type { PaymentMethod } from '../stripe/currencies.js';

export interface DonationRow {
  id: string;
  campaign_id: string;
  status: DonationStatus;
  amount: string;
  covered_fee_amount: string;
  currency: string;
}

export interface PledgeColumns {
  payment_method: PaymentMethod;
  payment_instructions: PaymentInstructions | null;
  amount_remaining: string | null;
}

/** The campaign's title (campaigns_summary_v c) in the language of the donation (d), or in the other one when it has none. */
const TITLE_IN_DONOR_LANGUAGE = `CASE WHEN d.language = 'ja' THEN COALESCE(c.title_ja, c.title_en) ELSE COALESCE(c.title_en, c.title_ja) END`;

export interface ReceiptFactsRow {
  id: string;
  email: string;
  donor_name: string | null;
  language: Language;
  currency: string;
  campaign_id: string;
  campaign_title: string;
  fund_kind: FundKind;
  fund_recipient: string | null;
  tax_receipt: TaxRecipient | null;
  donor_id: string;
  donated_at: Date;
}

export interface PledgeFactsRow {
  id: string;
  status: DonationStatus;
  charge: string;
  currency: string;
  language: Language;
  payment_instructions: PaymentInstructions | null;
  amount_remaining: string | null;
  donor_name: string | null;
  email: string;
  campaign_title: string;
  campaign_slug: string;
  campaign_status: string;
}

export interface PledgeBalanceRow {
  id: string;
  status: DonationStatus;
  amount_remaining: string | null;
}

export interface PledgeRow {
  id: string;
  status: 'awaiting_payment' | 'expired';
  at: Date;
  created_at: Date;
  pledge_expires_at: Date | null;
  campaign_id: string;
  campaign_title: string;
  donor_name: string | null;
  anonymous: boolean;
  payment_method: PaymentMethod;
  amount: string;
  amount_remaining: string;
  currency: string;
}

export interface PledgeFilter {
  statuses: ('awaiting_payment' | 'expired')[];
  from: Date | null;
  to: Date | null;
  campaignId: string | null;
}

/** Where a page of pledges starts: after this one, in the order of the listing. */
export interface PledgeCursor {
  at: Date;
  id: string;
}

// When a pledge reached its status: made (awaiting payment), or expired (the status change is its last change).
const PLEDGE_AT = `CASE WHEN d.status = 'expired' THEN d.updated_at ELSE d.created_at END`;

export interface GiftRow {
  name: string | null;
  amount: string;
  message: string | null;
  at: Date;
}

/** The donations table (and its donor, through the entity's relation). */
@Injectable()
export class DonationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findWithDonor(id: string): Promise<Donation | null> {
    return this.dataSource.getRepository(Donation).findOne({ where: { id }, relations: { donor: true } });
  }

  findByIdempotencyKey(key: string): Promise<Donation | null> {
    return this.dataSource.getRepository(Donation).findOneBy({ idempotencyKey: key });
  }

  insert(tx: EntityManager, fields: Partial<Donation>): Promise<Donation> {
    const repository = tx.getRepository(Donation);
    return repository.save(repository.create(fields));
  }

  async setPaymentIntent(id: string, paymentIntentId: string): Promise<void> {
    await this.dataSource.query(`UPDATE donations SET payment_intent_id = $2 WHERE id = $1 AND payment_intent_id IS NULL`, [id, paymentIntentId]);
  }

  /** The first donation that matches one of the lookups, locked for the rest of the transaction. */
  /** Locks every donation matching one of the lookups, in id order: two transactions locking overlapping sets never wait on each other in a cycle. */
  lockAll(tx: EntityManager, lookups: FindOptionsWhere<Donation>[]): Promise<Donation[]> {
    if (!lookups.length) return Promise.resolve([]);
    return tx.getRepository(Donation).find({ where: lookups, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** Records each donation's charge and status in one statement (a second UPDATE of a row would re-check its foreign keys). */
  async recordCharges(tx: EntityManager, charges: { id: string; paymentIntentId: string; chargeId: string; at: Date; status: DonationStatus }[]): Promise<void> {
    await tx.query(
      `UPDATE donations d SET payment_intent_id = COALESCE(d.payment_intent_id, v.payment_intent_id), charge_id = COALESCE(d.charge_id, v.charge_id),
              succeeded_at = COALESCE(d.succeeded_at, v.at), status = v.status,
              updated_at = CASE WHEN d.status = v.status THEN d.updated_at ELSE now() END
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS v(id, payment_intent_id, charge_id, at, status)
        WHERE d.id = v.id`,
      [charges.map((c) => c.id), charges.map((c) => c.paymentIntentId), charges.map((c) => c.chargeId), charges.map((c) => c.at), charges.map((c) => c.status)],
    );
  }

  /** A pledge's instructions, deadline and amount remaining, kept once: later copies of Stripe's next_action change nothing. */
  async keepInstructions(tx: EntityManager, id: string, instructions: PaymentInstructions, expiresAt: Date | null, amountRemaining: number | null): Promise<void> {
    await tx.query(
      `UPDATE donations SET payment_instructions = $2, pledge_expires_at = $3, amount_remaining = COALESCE(amount_remaining, $4)
        WHERE id = $1 AND payment_instructions IS NULL`,
      [id, JSON.stringify(instructions), expiresAt, amountRemaining],
    );
  }

  /** Lowers what a transfer still needs; true when this figure is new (lower than the one kept). */
  async lowerRemaining(tx: EntityManager, id: string, amountRemaining: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await tx.query(
      `UPDATE donations SET amount_remaining = $2, updated_at = now() WHERE id = $1 AND (amount_remaining IS NULL OR amount_remaining > $2)`,
      [id, amountRemaining],
    );
    return affected > 0;
  }

  /** Paid pledges: nothing remains to transfer. */
  async clearRemaining(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`UPDATE donations SET amount_remaining = 0 WHERE id = ANY($1::uuid[]) AND amount_remaining IS NOT NULL`, [ids]);
  }

  async setStatus(tx: EntityManager, id: string, status: DonationStatus): Promise<void> {
    await tx.query(`UPDATE donations SET status = $2, updated_at = now() WHERE id = $1`, [id, status]);
  }

  /** The donation with its receipt number from the view notifications publishes. */
  async withReceiptNumber(id: string): Promise<(DonationRow & PledgeColumns & { receipt_number: string | null; campaign_slug: string; campaign_title: string }) | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT d.id, d.campaign_id, d.status, d.amount, d.covered_fee_amount, d.currency, r.number AS receipt_number,
              d.payment_method, d.payment_instructions, d.amount_remaining,
              c.slug AS campaign_slug, ${TITLE_IN_DONOR_LANGUAGE} AS campaign_title
         FROM donations d JOIN campaigns_summary_v c ON c.id = d.campaign_id
         LEFT JOIN notifications_receipts_v r ON r.donation_id = d.id AND r.kind = 'receipt'
        WHERE d.id = $1`,
      [id],
    );
    return row;
  }

  /** What receipts need of each donation, in one query. */
  receiptFacts(ids: string[]): Promise<ReceiptFactsRow[]> {
    return this.dataSource.query(
      `SELECT d.id, r.email, d.donor_name, d.language, d.currency, d.campaign_id, ${TITLE_IN_DONOR_LANGUAGE} AS campaign_title,
              c.fund_kind, c.fund_recipient, d.tax_receipt, d.donor_id, COALESCE(d.succeeded_at, d.created_at) AS donated_at
         FROM donations d JOIN donors r ON r.id = d.donor_id JOIN campaigns_summary_v c ON c.id = d.campaign_id WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** What the emails about a pledge say of it, its donor and its campaign. */
  async pledgeFacts(id: string): Promise<PledgeFactsRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT d.id, d.status, d.amount + d.covered_fee_amount AS charge, d.currency, d.language, d.payment_instructions, d.amount_remaining,
              d.donor_name, r.email, ${TITLE_IN_DONOR_LANGUAGE} AS campaign_title, c.slug AS campaign_slug, c.status AS campaign_status
         FROM donations d JOIN donors r ON r.id = d.donor_id JOIN campaigns_summary_v c ON c.id = d.campaign_id
        WHERE d.id = $1`,
      [id],
    );
    return row;
  }

  /** Where each pledge stands now: its status and what a transfer still needs. */
  pledgeBalances(ids: string[]): Promise<PledgeBalanceRow[]> {
    return this.dataSource.query(`SELECT id, status, amount_remaining FROM donations WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Unpaid vouchers whose reminder is due at `at`, marked reminded in the caller's transaction (so each is chosen
   * once): due from 18:00 Japan time on the day before the deadline's day, until the deadline.
   */
  async claimVoucherReminders(tx: EntityManager, at: Date): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      tx,
      `UPDATE donations SET reminded_at = $1
        WHERE status = 'awaiting_payment' AND payment_method = 'konbini' AND reminded_at IS NULL
          AND pledge_expires_at > $1 AND pledge_expires_at < $1::timestamptz + interval '2 days'
          AND $1 >= (date_trunc('day', pledge_expires_at AT TIME ZONE 'Asia/Tokyo') - interval '6 hours') AT TIME ZONE 'Asia/Tokyo'
        RETURNING id`,
      [at],
    );
    return rows.map((row) => row.id);
  }

  recentGifts(campaignId: string, limit: number): Promise<GiftRow[]> {
    return this.dataSource.query(
      `SELECT CASE WHEN anonymous THEN NULL ELSE donor_name END AS name, amount, message, succeeded_at AS at
         FROM donations WHERE campaign_id = $1 AND status = ANY($3::text[]) AND succeeded_at IS NOT NULL
        ORDER BY succeeded_at DESC LIMIT $2`,
      [campaignId, limit, GIVING_STATUSES],
    );
  }

  /** Donors of a campaign who opted in to its updates and have not unsubscribed, in id order after a cursor. */
  async updateRecipients(campaignId: string, afterDonorId: string | null, limit: number, tx: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: { donor_id: string }[] = await tx.query(
      `SELECT DISTINCT d.donor_id FROM donations d JOIN donors r ON r.id = d.donor_id
        WHERE d.campaign_id = $1 AND d.updates_opt_in AND d.status = ANY($4::text[])
          AND r.unsubscribed_at IS NULL AND ($2::uuid IS NULL OR d.donor_id > $2::uuid)
        ORDER BY d.donor_id LIMIT $3`,
      [campaignId, afterDonorId, limit, GIVING_STATUSES],
    );
    return rows.map((r) => r.donor_id);
  }

  /**
   * Per bucket: gifts paid, by when they were paid; and pledges (konbini, bank transfer) still awaiting payment or since
   * paid, by when they were made. A paid pledge is in both: made in one bucket, paid in the same or a later one.
   */
  overTime(campaignId: string, by: 'hour' | 'day', timeZone: string): Promise<{ bucket: Date; count: number; amount: string; pledged_count: number; pledged_amount: string }[]> {
    return this.dataSource.query(
      `WITH paid AS (
         SELECT date_trunc($2, succeeded_at, $3) AS bucket, count(*)::int AS count, sum(amount + covered_fee_amount) AS amount
           FROM donations WHERE campaign_id = $1 AND succeeded_at IS NOT NULL GROUP BY 1
       ), pledged AS (
         SELECT date_trunc($2, created_at, $3) AS bucket, count(*)::int AS count, sum(amount + covered_fee_amount) AS amount
           FROM donations WHERE campaign_id = $1 AND payment_method <> 'card' AND (status = 'awaiting_payment' OR succeeded_at IS NOT NULL) GROUP BY 1
       )
       SELECT bucket, COALESCE(paid.count, 0) AS count, COALESCE(paid.amount, 0) AS amount,
              COALESCE(pledged.count, 0) AS pledged_count, COALESCE(pledged.amount, 0) AS pledged_amount
         FROM paid FULL JOIN pledged USING (bucket)
        ORDER BY bucket`,
      [campaignId, by, timeZone],
    );
  }

  /**
   * Pledges awaiting payment and expired ones, filtered by when they reached that status; newest first, or oldest first
   * after a cursor (for paging through all of them). The donor's name is hidden when they gave anonymously.
   */
  pledges(filter: PledgeFilter, page: { limit: number; newestFirst: boolean; after?: PledgeCursor }): Promise<PledgeRow[]> {
    return this.dataSource.query(
      `SELECT d.id, d.status, ${PLEDGE_AT} AS at, d.created_at, d.pledge_expires_at, d.campaign_id, c.title AS campaign_title,
              CASE WHEN d.anonymous THEN NULL ELSE COALESCE(d.donor_name, r.name) END AS donor_name, d.anonymous, d.payment_method,
              d.amount + d.covered_fee_amount AS amount, COALESCE(d.amount_remaining, d.amount + d.covered_fee_amount) AS amount_remaining, d.currency
         FROM donations d JOIN campaigns_summary_v c ON c.id = d.campaign_id JOIN donors r ON r.id = d.donor_id
        WHERE d.payment_method <> 'card' AND d.status = ANY($1::text[])
          AND ($2::timestamptz IS NULL OR ${PLEDGE_AT} >= $2) AND ($3::timestamptz IS NULL OR ${PLEDGE_AT} < $3)
          AND ($4::uuid IS NULL OR d.campaign_id = $4)
          AND ($6::timestamptz IS NULL OR (${PLEDGE_AT}, d.id) > ($6, $7::uuid))
        ORDER BY ${PLEDGE_AT} ${page.newestFirst ? 'DESC' : 'ASC'}, d.id ${page.newestFirst ? 'DESC' : 'ASC'}
        LIMIT $5`,
      [filter.statuses, filter.from, filter.to, filter.campaignId, page.limit, page.after?.at ?? null, page.after?.id ?? null],
    );
  }

  /** Per campaign: pledges that expired in the period (by when they expired), and what they were for. */
  expiredTotals(filter: Omit<PledgeFilter, 'statuses'>): Promise<{ campaign_id: string; count: number; amount: string }[]> {
    return this.dataSource.query(
      `SELECT campaign_id, count(*)::int AS count, sum(amount + covered_fee_amount) AS amount FROM donations
        WHERE status = 'expired' AND payment_method <> 'card' AND ($1::uuid IS NULL OR campaign_id = $1)
          AND ($2::timestamptz IS NULL OR updated_at >= $2) AND ($3::timestamptz IS NULL OR updated_at < $3)
        GROUP BY campaign_id`,
      [filter.campaignId, filter.from, filter.to],
    );
  }
}
