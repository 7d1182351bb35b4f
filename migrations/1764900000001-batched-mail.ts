import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receipts and update emails in batches. An outbox row whose job is done in batches names that batch job (the relay
 * writes it instead of adding one BullMQ job per row), and the batch takes its rows straight from the outbox. A receipt
 * or update email to be mailed by the batch sender carries when it is due: now when issued, later after a failed
 * attempt, per the mail retry schedule.
 */
export class BatchedMail1764900000001 implements MigrationInterface {
  name = 'BatchedMail1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN batch_job text`);
    await q.query(`CREATE INDEX outbox_batch_idx ON outbox (batch_job, id) WHERE completed_at IS NULL AND failed_at IS NULL AND batch_job IS NOT NULL`);
    await q.query(`ALTER TABLE receipts ADD COLUMN send_due_at timestamptz`);
    await q.query(`CREATE INDEX receipts_send_due_idx ON receipts (send_due_at) WHERE sent_at IS NULL AND withdrawn_at IS NULL AND failed_at IS NULL AND send_due_at IS NOT NULL`);
    await q.query(`ALTER TABLE update_deliveries ADD COLUMN send_due_at timestamptz`);
    await q.query(
      `CREATE INDEX update_deliveries_send_due_idx ON update_deliveries (send_due_at) WHERE sent_at IS NULL AND skipped_at IS NULL AND failed_at IS NULL AND send_due_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX update_deliveries_send_due_idx`);
    await q.query(`ALTER TABLE update_deliveries DROP COLUMN send_due_at`);
    await q.query(`DROP INDEX receipts_send_due_idx`);
    await q.query(`ALTER TABLE receipts DROP COLUMN send_due_at`);
    await q.query(`DROP INDEX outbox_batch_idx`);
    await q.query(`ALTER TABLE outbox DROP COLUMN batch_job`);
  }
}
