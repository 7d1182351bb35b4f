import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { Language } from './donation.entity.js';

export interface DonorContact {
  email: string;
  unsubscribedAt: Date | null;
  /** The language of the donor's latest gift to the campaign asked about. */
  language: Language | null;
}

/** The donors table: one row per email address, lowercased. */
@Injectable()
export class DonorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The donor of an email address, created if new; a name given now replaces none. An address merged away gives to the record it went into. */
  async upsert(tx: EntityManager, email: string, name: string | null): Promise<string> {
    const [donor]: { id: string; merged_into: string | null }[] = await tx.query(
      `INSERT INTO donors (email, name) VALUES (lower($1), $2)
       ON CONFLICT (email) DO UPDATE SET name = COALESCE(EXCLUDED.name, donors.name) RETURNING id, merged_into`,
      [email, name],
    );
    return donor.merged_into ?? donor.id;
  }

  /** What a Stripe Customer for the donor is made from, and the one they have. */
  async forStripeCustomer(donorId: string): Promise<{ email: string; name: string | null; stripeCustomerId: string | null }> {
    const [row]: { email: string; name: string | null; stripe_customer_id: string | null }[] = await this.dataSource.query(
      `SELECT email, name, stripe_customer_id FROM donors WHERE id = $1`,
      [donorId],
    );
    return { email: row.email, name: row.name, stripeCustomerId: row.stripe_customer_id };
  }

  /** Keeps the donor's first Stripe Customer: a second one made meanwhile is not kept. Returns the one kept. */
  async keepStripeCustomer(donorId: string, customerId: string): Promise<string> {
    const [kept] = await updateReturning<{ stripe_customer_id: string }>(
      this.dataSource,
      `UPDATE donors SET stripe_customer_id = COALESCE(stripe_customer_id, $2) WHERE id = $1 RETURNING stripe_customer_id`,
      [donorId, customerId],
    );
    return kept.stripe_customer_id;
  }

  async markUnsubscribed(donorId: string): Promise<void> {
    // A link from before a merge names the merged-away record: the wish is the person's, so the kept record gets it.
    await this.dataSource.query(`UPDATE donors SET unsubscribed_at = COALESCE(unsubscribed_at, now()) WHERE id = $1 OR id = (SELECT merged_into FROM donors WHERE id = $1)`, [
      donorId,
    ]);
  }

  /** How to reach each (donor, campaign) pair, in one query; a donor that does not exist is missing from the answer. */
  async contacts(pairs: { donorId: string; campaignId: string }[]): Promise<(DonorContact & { donorId: string; campaignId: string })[]> {
    const rows: { donor_id: string; campaign_id: string; email: string; unsubscribed_at: Date | null; language: Language | null }[] = await this.dataSource.query(
      `SELECT r.id AS donor_id, p.campaign_id, r.email, r.unsubscribed_at,
              (SELECT d.language FROM donations d WHERE d.donor_id = r.id AND d.campaign_id = p.campaign_id ORDER BY d.created_at DESC LIMIT 1) AS language
         FROM unnest($1::uuid[], $2::uuid[]) AS p(donor_id, campaign_id) JOIN donors r ON r.id = p.donor_id`,
      [pairs.map((p) => p.donorId), pairs.map((p) => p.campaignId)],
    );
    return rows.map((row) => ({ donorId: row.donor_id, campaignId: row.campaign_id, email: row.email, unsubscribedAt: row.unsubscribed_at, language: row.language }));
  }
}
