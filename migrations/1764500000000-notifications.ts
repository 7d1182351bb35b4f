import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1764500000000 implements MigrationInterface {
  name = 'Notifications1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        job_name text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        enqueued_at timestamptz,
        completed_at timestamptz,
        failed_at timestamptz,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_unfinished_idx ON outbox (id) WHERE completed_at IS NULL AND failed_at IS NULL`);

    await q.query(`ALTER TABLE donations ADD COLUMN updates_opt_in boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE donors ADD COLUMN unsubscribed_at timestamptz`);

    // Gap-free receipt numbers: one counter row per year, incremented in the transaction that issues the receipt.
    await q.query(`CREATE TABLE receipt_counters (year integer PRIMARY KEY, last_number integer NOT NULL DEFAULT 0)`);
    await q.query(`
      CREATE TABLE receipts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        donation_id uuid NOT NULL CONSTRAINT receipts_donation_id_fkey REFERENCES donations (id),
        kind text NOT NULL,
        source_ref text NOT NULL,
        number text NOT NULL,
        year integer NOT NULL,
        sequence integer NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT receipts_kind_check CHECK (kind IN ('receipt', 'correction', 'cancellation'))
      )`);
    await q.query(`CREATE UNIQUE INDEX receipts_number_key ON receipts (number)`);
    await q.query(`CREATE UNIQUE INDEX receipts_year_sequence_key ON receipts (year, sequence)`);
    await q.query(`CREATE UNIQUE INDEX receipts_kind_source_key ON receipts (kind, source_ref)`);
    await q.query(`CREATE INDEX receipts_donation_id_idx ON receipts (donation_id)`);

    await q.query(`
      CREATE TABLE campaign_updates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL CONSTRAINT campaign_updates_campaign_id_fkey REFERENCES campaigns (id),
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        milestone_percent integer,
        fanout_cursor uuid,
        fanout_done_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaign_updates_kind_check CHECK (kind IN ('update', 'milestone'))
      )`);
    await q.query(`CREATE INDEX campaign_updates_campaign_id_idx ON campaign_updates (campaign_id)`);
    await q.query(`
      CREATE TABLE campaign_milestones (
        campaign_id uuid NOT NULL,
        percent integer NOT NULL,
        update_id uuid NOT NULL,
        reached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, percent)
      )`);
    await q.query(`
      CREATE TABLE update_deliveries (
        id bigserial PRIMARY KEY,
        update_id uuid NOT NULL REFERENCES campaign_updates (id),
        donor_id uuid NOT NULL REFERENCES donors (id),
        sent_at timestamptz,
        skipped_at timestamptz,
        UNIQUE (update_id, donor_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE update_deliveries, campaign_milestones, campaign_updates, receipts, receipt_counters, outbox`);
    await q.query(`ALTER TABLE donors DROP COLUMN unsubscribed_at`);
    await q.query(`ALTER TABLE donations DROP COLUMN updates_opt_in`);
  }
}
