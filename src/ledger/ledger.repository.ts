import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Account, LedgerEntry } from './ledger.service.js';

/** ledger_transactions and ledger_postings; append-only (the database refuses updates and deletes). */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts each transaction whose (kind, Stripe object) is not there yet, with its postings, in one statement;
   * returns the keys (`kind:stripe_object_id`) it inserted. The entries' keys must be distinct.
   */
  async insertEntries(tx: EntityManager, entries: LedgerEntry[]): Promise<Set<string>> {
    const postings = entries.flatMap((entry, index) => entry.postings.map((p) => ({ index: index + 1, ...p, currency: p.currency ?? entry.currency })));
    const inserted: { kind: string; stripe_object_id: string }[] = await tx.query(
      `WITH entry AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[], $11::numeric[]) WITH ORDINALITY
           AS e(kind, stripe_object_id, campaign_id, donation_id, currency, occurred_at, exchange_rate, n)
       ), inserted AS (
         INSERT INTO ledger_transactions (kind, stripe_object_id, campaign_id, donation_id, currency, occurred_at, exchange_rate)
         SELECT kind, stripe_object_id, campaign_id, donation_id, currency, occurred_at, exchange_rate FROM entry ORDER BY n
         ON CONFLICT (kind, stripe_object_id) DO NOTHING RETURNING id, kind, stripe_object_id
       ), posted AS (
         INSERT INTO ledger_postings (transaction_id, account, amount, currency)
         SELECT i.id, p.account, p.amount, p.currency
           FROM inserted i JOIN entry e USING (kind, stripe_object_id)
           JOIN unnest($7::bigint[], $8::text[], $9::bigint[], $10::text[]) AS p(n, account, amount, currency) ON p.n = e.n
       )
       SELECT kind, stripe_object_id FROM inserted`,
      [
        entries.map((e) => e.kind),
        entries.map((e) => e.stripeObjectId),
        entries.map((e) => e.campaignId),
        entries.map((e) => e.donationId),
        entries.map((e) => e.currency),
        entries.map((e) => e.occurredAt),
        postings.map((p) => p.index),
        postings.map((p) => p.account),
        postings.map((p) => p.amount),
        postings.map((p) => p.currency),
        entries.map((e) => (e.exchangeRate == null ? null : String(e.exchangeRate))),
      ],
    );
    return new Set(inserted.map((row) => `${row.kind}:${row.stripe_object_id}`));
  }

  /** The sum per donation and account of the donations' postings on the given accounts. */
  accountSums(donationIds: string[], accounts: Account[], tx: EntityManager = this.dataSource.manager): Promise<{ donation_id: string; account: Account; total: string }[]> {
    return tx.query(
      `SELECT t.donation_id, p.account, sum(p.amount) AS total FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
        WHERE t.donation_id = ANY($1::uuid[]) AND p.account = ANY($2::text[]) GROUP BY t.donation_id, p.account`,
      [donationIds, accounts],
    );
  }
}
