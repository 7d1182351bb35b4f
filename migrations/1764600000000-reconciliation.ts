import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reconciliation1764600000000 implements MigrationInterface {
  name = 'Reconciliation1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stripe_payouts (
        id text PRIMARY KEY,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        stripe_created_at timestamptz NOT NULL,
        arrival_date timestamptz,
        raw jsonb NOT NULL
      )`);
    await q.query(`ALTER TABLE stripe_balance_transactions ADD COLUMN payout_id text`);
    await q.query(`CREATE INDEX stripe_balance_transactions_payout_id_idx ON stripe_balance_transactions (payout_id)`);

    await q.query(`
      CREATE TABLE reconciliation_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL DEFAULT 'queued',
        period_from timestamptz,
        period_to timestamptz,
        requested_by uuid,
        matched_count integer NOT NULL DEFAULT 0,
        discrepancy_count integer NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT reconciliation_runs_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed'))
      )`);
    await q.query(`
      CREATE TABLE reconciliation_discrepancies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES reconciliation_runs (id),
        kind text NOT NULL,
        stripe_object_id text,
        ledger_reference text,
        currency char(3),
        expected text,
        actual text,
        resolved_at timestamptz,
        resolved_by uuid,
        resolution_note text
      )`);
    await q.query(`CREATE INDEX reconciliation_discrepancies_run_id_idx ON reconciliation_discrepancies (run_id)`);

    // Who resolved what and when; nobody may change or remove an entry.
    await q.query(`
      CREATE TABLE reconciliation_audit_log (
        id bigserial PRIMARY KEY,
        discrepancy_id uuid NOT NULL REFERENCES reconciliation_discrepancies (id),
        actor_id uuid NOT NULL,
        actor_email text NOT NULL,
        action text NOT NULL,
        note text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE TRIGGER reconciliation_audit_log_append_only BEFORE UPDATE OR DELETE ON reconciliation_audit_log FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_audit_log, reconciliation_discrepancies, reconciliation_runs, stripe_payouts`);
    await q.query(`ALTER TABLE stripe_balance_transactions DROP COLUMN payout_id`);
  }
}
