import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overpaid bank transfers: a donor's cash balance at Stripe is mirrored with the moment it last became non-zero, and
 * each return of a cash balance to the donor's bank (a Stripe refund with origin customer_balance) is recorded with its
 * status as Stripe reports it. Kizuna asks for at most one open return per customer at a time.
 */
export class CashBalanceReturns1765210000000 implements MigrationInterface {
  name = 'CashBalanceReturns1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE donor_cash_balances ADD COLUMN available_since timestamptz`);
    await q.query(`
      CREATE TABLE donor_cash_returns (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        stripe_customer_id text NOT NULL,
        donor_id uuid NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        stripe_refund_id text,
        instructions_email text,
        requested_by text,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT donor_cash_returns_pkey PRIMARY KEY (id),
        CONSTRAINT donor_cash_returns_donor_id_fkey FOREIGN KEY (donor_id) REFERENCES donors (id),
        CONSTRAINT donor_cash_returns_amount_check CHECK (amount > 0),
        CONSTRAINT donor_cash_returns_status_check CHECK (status IN ('requested', 'requires_action', 'pending', 'succeeded', 'failed', 'canceled', 'refused'))
      )`);
    await q.query(`CREATE UNIQUE INDEX donor_cash_returns_stripe_refund_id_key ON donor_cash_returns (stripe_refund_id)`);
    await q.query(`CREATE INDEX donor_cash_returns_donor_id_idx ON donor_cash_returns (donor_id)`);
    await q.query(
      `CREATE UNIQUE INDEX donor_cash_returns_open_key ON donor_cash_returns (stripe_customer_id) WHERE status IN ('requested', 'requires_action', 'pending') AND requested_by IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE donor_cash_returns`);
    await q.query(`ALTER TABLE donor_cash_balances DROP COLUMN available_since`);
  }
}
