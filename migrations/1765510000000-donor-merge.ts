import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A donor record merged into another (one person who gave under two email addresses) is kept, marked with the record
 * it went into: other modules' rows (update deliveries, receipts) still name it, and a later gift from its address
 * joins the kept record.
 */
export class DonorMerge1765510000000 implements MigrationInterface {
  name = 'DonorMerge1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE donors
        ADD COLUMN merged_into uuid CONSTRAINT donors_merged_into_fkey REFERENCES donors (id),
        ADD COLUMN merged_at timestamptz,
        ADD CONSTRAINT donors_merged_check CHECK ((merged_into IS NULL) = (merged_at IS NULL) AND merged_into <> id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE donors DROP CONSTRAINT donors_merged_check, DROP COLUMN merged_at, DROP COLUMN merged_into`);
  }
}
