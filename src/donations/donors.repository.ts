import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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

  /** The donor of an email address, created if new; a name given now replaces none. */
  async upsert(tx: EntityManager, email: string, name: string | null): Promise<string> {
    const [donor]: { id: string }[] = await tx.query(
      `INSERT INTO donors (email, name) VALUES (lower($1), $2)
       ON CONFLICT (email) DO UPDATE SET name = COALESCE(EXCLUDED.name, donors.name) RETURNING id`,
      [email, name],
    );
    return donor.id;
  }

  async markUnsubscribed(donorId: string): Promise<void> {
    await this.dataSource.query(`UPDATE donors SET unsubscribed_at = COALESCE(unsubscribed_at, now()) WHERE id = $1`, [donorId]);
  }

  async contact(donorId: string, campaignId: string): Promise<DonorContact | null> {
    const [row]: { email: string; unsubscribed_at: Date | null; language: Language | null }[] = await this.dataSource.query(
      `SELECT r.email, r.unsubscribed_at,
              (SELECT d.language FROM donations d WHERE d.donor_id = r.id AND d.campaign_id = $2 ORDER BY d.created_at DESC LIMIT 1) AS language
         FROM donors r WHERE r.id = $1`,
      [donorId, campaignId],
    );
    return row ? { email: row.email, unsubscribedAt: row.unsubscribed_at, language: row.language } : null;
  }
}
