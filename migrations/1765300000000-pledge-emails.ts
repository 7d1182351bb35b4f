import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pledge emails as documents, like receipts: one row per (donation, kind, amount remaining) is the guard that each
 * is mailed once, and carries the send claim and the sending record the mail sweep retries from.
 */
export class PledgeEmails1765300000000 implements MigrationInterface {
  name = 'PledgeEmails1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pledge_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        donation_id uuid NOT NULL CONSTRAINT pledge_emails_donation_id_fkey REFERENCES donations (id),
        kind text NOT NULL,
        amount_remaining bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        skipped_at timestamptz,
        send_claimed_until timestamptz,
        send_attempts integer NOT NULL DEFAULT 0,
        last_error text,
        failed_at timestamptz,
        CONSTRAINT pledge_emails_kind_check CHECK (kind IN ('instructions', 'reminder', 'partial', 'expired')),
        CONSTRAINT pledge_emails_amount_remaining_check CHECK (amount_remaining >= 0),
        CONSTRAINT pledge_emails_donation_id_kind_amount_remaining_key UNIQUE (donation_id, kind, amount_remaining)
      )`);
    await q.query(`CREATE INDEX pledge_emails_unsent_idx ON pledge_emails (created_at) WHERE sent_at IS NULL AND skipped_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pledge_emails`);
  }
}
