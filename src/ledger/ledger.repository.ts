import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Account, LedgerEntry } from './ledger.service.js';

/** ledger_transactions and ledger_postings; append-only (the database refuses updates and deletes). */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the transaction unless its (kind, Stripe object) exists; returns its id, or null when it did. */
  async insertTransaction(tx: EntityManager, entry: LedgerEntry): Promise<string | null> {
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO ledger_transactions (kind, stripe_object_id, campaign_id, donation_id, currency, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, stripe_object_id) DO NOTHING RETURNING id`,
      [entry.kind, entry.stripeObjectId, entry.campaignId, entry.donationId, entry.currency, entry.occurredAt],
    );
    return inserted[0]?.id ?? null;
  }

  async insertPostings(tx: EntityManager, transactionId: string, entry: LedgerEntry): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_postings (transaction_id, account, amount, currency)
       SELECT $1, account, amount, $4 FROM unnest($2::text[], $3::bigint[]) AS p(account, amount)`,
      [transactionId, entry.postings.map((p) => p.account), entry.postings.map((p) => p.amount), entry.currency],
    );
  }

  /** The sum per account of a donation's postings on the given accounts. */
  accountSums(donationId: string, accounts: Account[], tx: EntityManager = this.dataSource.manager): Promise<{ account: Account; total: string }[]> {
    return tx.query(
      `SELECT p.account, sum(p.amount) AS total FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
        WHERE t.donation_id = $1 AND p.account = ANY($2::text[]) GROUP BY p.account`,
      [donationId, accounts],
    );
  }
}
