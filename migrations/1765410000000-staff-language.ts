import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The language a staff member chose for the staff pages, kept with the account so it follows them to any device. */
export class StaffLanguage1765410000000 implements MigrationInterface {
  name = 'StaffLanguage1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN language text CONSTRAINT users_language_check CHECK (language IN ('ja', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN language`);
  }
}
