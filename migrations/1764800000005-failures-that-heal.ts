import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failures that heal. A receipt or update email keeps its sending record (attempts, the last error, failed once the
 * retries of several days are spent) so a sweep and an admin can send it again; a receipt whose refund failed before
 * it went out is withdrawn instead of sent, and one that went out is followed by a reissued receipt. A Stripe event
 * about a donation Kizuna does not know is marked for finance in the transaction that stores it.
 */
export class FailuresThatHeal1764800000005 implements MigrationInterface {
  name = 'FailuresThatHeal1764800000005';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['receipts', 'update_deliveries']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN send_attempts integer NOT NULL DEFAULT 0`);
      await q.query(`ALTER TABLE ${table} ADD COLUMN last_error text`);
      await q.query(`ALTER TABLE ${table} ADD COLUMN failed_at timestamptz`);
    }
    await q.query(`ALTER TABLE receipts ADD COLUMN withdrawn_at timestamptz`);
    await q.query(`ALTER TABLE receipts ADD COLUMN replaces_number text`);
    await q.query(`ALTER TABLE receipts DROP CONSTRAINT receipts_kind_check`);
    await q.query(`ALTER TABLE receipts ADD CONSTRAINT receipts_kind_check CHECK (kind IN ('receipt', 'correction', 'cancellation', 'reissue'))`);
    await q.query(`CREATE INDEX receipts_unsent_idx ON receipts (issued_at) WHERE sent_at IS NULL AND withdrawn_at IS NULL`);
    await q.query(`CREATE INDEX update_deliveries_unsent_idx ON update_deliveries (id) WHERE sent_at IS NULL AND skipped_at IS NULL`);

    await q.query(`ALTER TABLE stripe_events ADD COLUMN unmatched_reason text`);
    await q.query(`CREATE INDEX stripe_events_unmatched_idx ON stripe_events (received_at) WHERE unmatched_reason IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX stripe_events_unmatched_idx`);
    await q.query(`ALTER TABLE stripe_events DROP COLUMN unmatched_reason`);
    await q.query(`DROP INDEX update_deliveries_unsent_idx`);
    await q.query(`DROP INDEX receipts_unsent_idx`);
    await q.query(`DELETE FROM receipts WHERE kind = 'reissue'`);
    await q.query(`ALTER TABLE receipts DROP CONSTRAINT receipts_kind_check`);
    await q.query(`ALTER TABLE receipts ADD CONSTRAINT receipts_kind_check CHECK (kind IN ('receipt', 'correction', 'cancellation'))`);
    await q.query(`ALTER TABLE receipts DROP COLUMN replaces_number, DROP COLUMN withdrawn_at`);
    for (const table of ['update_deliveries', 'receipts']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN failed_at, DROP COLUMN last_error, DROP COLUMN send_attempts`);
    }
  }
}
