import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign's goal is not a charge: it is no longer held to Stripe's eight-digit maximum for one gift, but to
 * 1,000,000,000,000 minor units in every currency. The column is bigint already; only the check changes.
 */
export class GoalsOfAnySize1765100000000 implements MigrationInterface {
  name = 'GoalsOfAnySize1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_goal_amount_check`);
    await q.query(`ALTER TABLE campaigns ADD CONSTRAINT campaigns_goal_amount_check CHECK (goal_amount > 0 AND goal_amount <= 1000000000000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_goal_amount_check`);
    await q.query(`ALTER TABLE campaigns ADD CONSTRAINT campaigns_goal_amount_check CHECK (goal_amount > 0 AND goal_amount <= 99999999)`);
  }
}
