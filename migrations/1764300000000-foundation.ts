import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_role_check CHECK (role IN ('admin', 'coordinator', 'finance')),
        CONSTRAINT users_email_lower_check CHECK (email = lower(email))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        title text NOT NULL,
        disaster_type text NOT NULL,
        region text NOT NULL,
        currency char(3) NOT NULL,
        goal_amount bigint NOT NULL,
        story text NOT NULL DEFAULT '',
        status text NOT NULL DEFAULT 'draft',
        published_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaigns_status_check CHECK (status IN ('draft', 'active', 'closed')),
        CONSTRAINT campaigns_goal_amount_check CHECK (goal_amount > 0 AND goal_amount <= 99999999)
      )`);
    await q.query(`CREATE UNIQUE INDEX campaigns_slug_key ON campaigns (slug)`);
    await q.query(`CREATE INDEX campaigns_status_idx ON campaigns (status)`);

    await q.query(`
      CREATE TABLE campaign_total_slots (
        campaign_id uuid NOT NULL,
        slot smallint NOT NULL,
        gross_amount bigint NOT NULL DEFAULT 0,
        fee_amount bigint NOT NULL DEFAULT 0,
        refunded_amount bigint NOT NULL DEFAULT 0,
        disputed_amount bigint NOT NULL DEFAULT 0,
        covered_fee_amount bigint NOT NULL DEFAULT 0,
        donation_count integer NOT NULL DEFAULT 0,
        donor_count integer NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, slot)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_total_slots`);
    await q.query(`DROP TABLE campaigns`);
    await q.query(`DROP TABLE users`);
  }
}
