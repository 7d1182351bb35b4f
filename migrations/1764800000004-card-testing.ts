import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The card-testing defence: the address a donation was started from (declines are counted per address), every
 * declined payment attempt once (keyed by its charge, so a redelivered webhook counts once), and the site's
 * alarm, which asks the donation form for a proof-of-work challenge while it lasts.
 */
export class CardTesting1764800000004 implements MigrationInterface {
  name = 'CardTesting1764800000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE donations ADD COLUMN client_ip text`);
    await q.query(`
      CREATE TABLE card_declines (
        decline_key text PRIMARY KEY,
        payment_intent_id text NOT NULL,
        donation_id uuid NOT NULL,
        donor_id uuid NOT NULL,
        client_ip text,
        card_fingerprint text,
        declined_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX card_declines_declined_at_idx ON card_declines (declined_at)`);
    await q.query(`CREATE INDEX card_declines_client_ip_idx ON card_declines (client_ip, declined_at)`);
    await q.query(`CREATE INDEX card_declines_donor_id_idx ON card_declines (donor_id, declined_at)`);
    await q.query(`CREATE INDEX card_declines_card_fingerprint_idx ON card_declines (card_fingerprint, declined_at)`);
    await q.query(`
      CREATE TABLE card_testing_alarms (
        scope text PRIMARY KEY,
        started_at timestamptz NOT NULL,
        until timestamptz NOT NULL,
        reason text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE card_testing_alarms`);
    await q.query(`DROP TABLE card_declines`);
    await q.query(`ALTER TABLE donations DROP COLUMN client_ip`);
  }
}
