import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';

/** A donor record as finance sees it before and after a merge. */
export interface DonorRecord {
  id: string;
  email: string;
  name: string | null;
  stripeCustomerId: string | null;
  mergedInto: string | null;
  donationCount: number;
  createdAt: Date;
}

interface DonorRow {
  id: string;
  email: string;
  name: string | null;
  stripe_customer_id: string | null;
  merged_into: string | null;
  donations: number;
  created_at: Date;
}

const DONOR_COLUMNS = `r.id, r.email, r.name, r.stripe_customer_id, r.merged_into, r.created_at,
  (SELECT count(*)::int FROM donations d WHERE d.donor_id = r.id) AS donations`;

function record(row: DonorRow): DonorRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    stripeCustomerId: row.stripe_customer_id,
    mergedInto: row.merged_into,
    donationCount: row.donations,
    createdAt: row.created_at,
  };
}

/** Donor records as finance looks them up, and the moves of a merge (donors, donations, cash balances and returns). */
@Injectable()
export class DonorMergeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByEmail(email: string): Promise<DonorRecord | null> {
    const [row]: DonorRow[] = await this.dataSource.query(`SELECT ${DONOR_COLUMNS} FROM donors r WHERE r.email = lower($1)`, [email]);
    return row ? record(row) : null;
  }

  /** Both records, locked for the merge in id order (two merges of the same pair wait for each other, never deadlock). */
  async lockPair(tx: EntityManager, ids: [string, string]): Promise<DonorRecord[]> {
    const rows: DonorRow[] = await tx.query(`SELECT ${DONOR_COLUMNS} FROM donors r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`, [ids]);
    return rows.map(record);
  }

  async get(tx: EntityManager, id: string): Promise<DonorRecord> {
    const [row]: DonorRow[] = await tx.query(`SELECT ${DONOR_COLUMNS} FROM donors r WHERE r.id = $1`, [id]);
    return record(row);
  }

  /** Every donation, cash balance and cash return of `from` now belongs to `into`; returns the donations moved. */
  async moveGifts(tx: EntityManager, from: string, into: string): Promise<{ id: string; campaign_id: string }[]> {
    const moved = await updateReturning<{ id: string; campaign_id: string }>(tx, `UPDATE donations SET donor_id = $2 WHERE donor_id = $1 RETURNING id, campaign_id`, [from, into]);
    await tx.query(`UPDATE donor_cash_balances SET donor_id = $2 WHERE donor_id = $1`, [from, into]);
    await tx.query(`UPDATE donor_cash_returns SET donor_id = $2 WHERE donor_id = $1`, [from, into]);
    return moved;
  }

  /**
   * `from` is marked merged into `into`, handing over its Stripe customer when `into` has none (the unique index
   * allows one holder at a time: cleared first), its name when `into` has none, and its wish to hear no more updates.
   * Records merged into `from` before now point at `into`, so a merged address always leads to a live record.
   */
  async markMerged(tx: EntityManager, from: DonorRecord, into: DonorRecord): Promise<void> {
    await tx.query(`UPDATE donors SET stripe_customer_id = NULL, merged_into = $2, merged_at = now() WHERE id = $1`, [from.id, into.id]);
    await tx.query(`UPDATE donors SET merged_into = $2 WHERE merged_into = $1`, [from.id, into.id]);
    await tx.query(
      `UPDATE donors SET stripe_customer_id = COALESCE(stripe_customer_id, $2), name = COALESCE(name, $3),
              unsubscribed_at = COALESCE(unsubscribed_at, (SELECT unsubscribed_at FROM donors WHERE id = $4))
        WHERE id = $1`,
      [into.id, from.stripeCustomerId, from.name, from.id],
    );
  }
}
