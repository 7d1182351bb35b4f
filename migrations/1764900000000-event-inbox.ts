import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook answers once the raw event is stored; appliers apply stored events in batches. The payload is kept
 * as the bytes Stripe signed (text, not parsed into jsonb on the hot path). Events stored before this migration were
 * applied in the transaction that stored them.
 */
export class EventInbox1764900000000 implements MigrationInterface {
  name = 'EventInbox1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stripe_events ALTER COLUMN payload TYPE text USING payload::text`);
    await q.query(`ALTER TABLE stripe_events ADD COLUMN applied_at timestamptz`);
    await q.query(`ALTER TABLE stripe_events ADD COLUMN apply_attempts integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE stripe_events ADD COLUMN apply_error text`);
    await q.query(`ALTER TABLE stripe_events ADD COLUMN apply_after timestamptz`);
    await q.query(`UPDATE stripe_events SET applied_at = received_at`);
    await q.query(`CREATE INDEX stripe_events_pending_idx ON stripe_events (received_at) WHERE applied_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX stripe_events_pending_idx`);
    await q.query(`ALTER TABLE stripe_events DROP COLUMN apply_after`);
    await q.query(`ALTER TABLE stripe_events DROP COLUMN apply_error`);
    await q.query(`ALTER TABLE stripe_events DROP COLUMN apply_attempts`);
    await q.query(`ALTER TABLE stripe_events DROP COLUMN applied_at`);
    await q.query(`ALTER TABLE stripe_events ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}
