import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface DonorContact {
  email: string;
  unsubscribedAt: Date | null;
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

  async contact(donorId: string): Promise<DonorContact | null> {
    const [row]: { email: string; unsubscribed_at: Date | null }[] = await this.dataSource.query(`SELECT email, unsubscribed_at FROM donors WHERE id = $1`, [donorId]);
    return row ? { email: row.email, unsubscribedAt: row.unsubscribed_at } : null;
  }
}
