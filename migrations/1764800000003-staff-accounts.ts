import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts that can be disabled, and sessions that can be ended: every staff request checks its session
 * and its user, so a logout, a disabled or deleted account and a role change apply at once. The audit log keeps
 * who did what to accounts, campaigns, updates and reconciliations. Coordinators are assigned to campaigns.
 */
export class StaffAccounts1764800000003 implements MigrationInterface {
  name = 'StaffAccounts1764800000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz`);
    await q.query(`ALTER TABLE users ADD COLUMN password_changed_at timestamptz`);
    await q.query(`
      CREATE TABLE staff_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX staff_sessions_user_idx ON staff_sessions (user_id)`);
    await q.query(`
      CREATE TABLE staff_audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_email text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        details jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX staff_audit_log_target_idx ON staff_audit_log (target_type, target_id, id)`);
    await q.query(`
      CREATE TABLE campaign_coordinators (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, user_id)
      )`);
    await q.query(`CREATE INDEX campaign_coordinators_user_idx ON campaign_coordinators (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE campaign_coordinators`);
    await q.query(`DROP TABLE staff_audit_log`);
    await q.query(`DROP TABLE staff_sessions`);
    await q.query(`ALTER TABLE users DROP COLUMN password_changed_at`);
    await q.query(`ALTER TABLE users DROP COLUMN disabled_at`);
  }
}
