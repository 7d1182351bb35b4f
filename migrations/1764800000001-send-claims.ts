import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A receipt or update email being mailed is claimed until a time instead of keeping its row locked, so no database
 * connection is held while the mail server answers. The sender renews the claim while it waits; a sender that died
 * lets it lapse, and the job's next run sends it.
 */
export class SendClaims1764800000001 implements MigrationInterface {
  name = 'SendClaims1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE receipts ADD COLUMN send_claimed_until timestamptz`);
    await q.query(`ALTER TABLE update_deliveries ADD COLUMN send_claimed_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE update_deliveries DROP COLUMN send_claimed_until`);
    await q.query(`ALTER TABLE receipts DROP COLUMN send_claimed_until`);
  }
}
