import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Konbini vouchers and bank transfers: a donation records how the donor pays, and a pledge waits as
 * `awaiting_payment` (with what the donor must do and, for a voucher, its deadline) until Stripe says the money
 * arrived, or `expired`. A donor gets one Stripe Customer (its virtual bank account). Campaign totals count pledges
 * apart from raised money, and a donor's cash balance at Stripe (an overpaid transfer) is mirrored for finance.
 */
export class Pledges1765200000000 implements MigrationInterface {
  name = 'Pledges1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_status_check`);
    await q.query(
      `ALTER TABLE donations ADD CONSTRAINT donations_status_check
         CHECK (status IN ('pending', 'awaiting_payment', 'succeeded', 'failed', 'expired', 'refunded', 'partially_refunded', 'disputed'))`,
    );
    await q.query(`ALTER TABLE donations ADD COLUMN payment_method text NOT NULL DEFAULT 'card'`);
    await q.query(`ALTER TABLE donations ADD CONSTRAINT donations_payment_method_check CHECK (payment_method IN ('card', 'konbini', 'bank_transfer'))`);
    await q.query(`ALTER TABLE donations ADD COLUMN payment_instructions jsonb`);
    await q.query(`ALTER TABLE donations ADD COLUMN amount_remaining bigint`);
    await q.query(`ALTER TABLE donations ADD CONSTRAINT donations_amount_remaining_check CHECK (amount_remaining >= 0)`);
    await q.query(`ALTER TABLE donations ADD COLUMN pledge_expires_at timestamptz`);
    await q.query(`ALTER TABLE donations ADD COLUMN reminded_at timestamptz`);
    await q.query(`CREATE INDEX donations_awaiting_payment_idx ON donations (pledge_expires_at) WHERE status = 'awaiting_payment'`);
    await q.query(`ALTER TABLE donors ADD COLUMN stripe_customer_id text`);
    await q.query(`CREATE UNIQUE INDEX donors_stripe_customer_id_key ON donors (stripe_customer_id)`);
    await q.query(`ALTER TABLE campaign_total_slots ADD COLUMN pending_amount bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE campaign_total_slots ADD COLUMN pending_count integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE donor_cash_balances (
        stripe_customer_id text NOT NULL,
        donor_id uuid NOT NULL,
        currency char(3) NOT NULL DEFAULT 'jpy',
        available_amount bigint NOT NULL,
        reconciliation_mode text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT donor_cash_balances_pkey PRIMARY KEY (stripe_customer_id),
        CONSTRAINT donor_cash_balances_donor_id_fkey FOREIGN KEY (donor_id) REFERENCES donors (id),
        CONSTRAINT donor_cash_balances_available_amount_check CHECK (available_amount >= 0)
      )`);
    await q.query(`CREATE INDEX donor_cash_balances_donor_id_idx ON donor_cash_balances (donor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE donor_cash_balances`);
    await q.query(`ALTER TABLE campaign_total_slots DROP COLUMN pending_count, DROP COLUMN pending_amount`);
    await q.query(`DROP INDEX donors_stripe_customer_id_key`);
    await q.query(`ALTER TABLE donors DROP COLUMN stripe_customer_id`);
    await q.query(`DROP INDEX donations_awaiting_payment_idx`);
    await q.query(
      `ALTER TABLE donations DROP COLUMN reminded_at, DROP COLUMN pledge_expires_at, DROP CONSTRAINT donations_amount_remaining_check, DROP COLUMN amount_remaining, DROP COLUMN payment_instructions`,
    );
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_payment_method_check, DROP COLUMN payment_method`);
    await q.query(`UPDATE donations SET status = 'failed' WHERE status IN ('awaiting_payment', 'expired')`);
    await q.query(`ALTER TABLE donations DROP CONSTRAINT donations_status_check`);
    await q.query(`ALTER TABLE donations ADD CONSTRAINT donations_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'partially_refunded', 'disputed'))`);
  }
}
