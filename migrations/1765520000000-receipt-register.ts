import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a receipt that record its mailing; everything else is the register, fixed once the document is numbered. */
const RECEIPT_MAIL_STATE = `'sent_at', 'send_claimed_until', 'send_attempts', 'last_error', 'failed_at', 'withdrawn_at', 'send_due_at'`;

/**
 * The receipt register: every document fixed at issue. A receipt keeps what it prints of the donor and the campaign
 * (details) and the organisation profile version it was issued under; a trigger refuses any change to those and to
 * its number and amount, and refuses deleting a document younger than five years (the retention the tax office asks
 * for). Annual receipts: one per donor, calendar year and currency, numbered KZA-<year>-000001 in a series of their own,
 * made by runs finance starts (or the January schedule).
 */
export class ReceiptRegister1765520000000 implements MigrationInterface {
  name = 'ReceiptRegister1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE receipts
        ADD COLUMN organisation_version integer CONSTRAINT receipts_organisation_version_fkey REFERENCES organisation_profiles (version),
        ADD COLUMN details jsonb`);
    await q.query(`CREATE TABLE annual_receipt_counters (year integer PRIMARY KEY, last_number integer NOT NULL DEFAULT 0)`);
    await q.query(`
      CREATE TABLE annual_receipt_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year integer NOT NULL,
        status text NOT NULL DEFAULT 'running' CONSTRAINT annual_receipt_runs_status_check CHECK (status IN ('running', 'completed', 'failed')),
        requested_by uuid,
        issued integer NOT NULL DEFAULT 0,
        already_issued integer NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE annual_receipts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        donor_id uuid NOT NULL CONSTRAINT annual_receipts_donor_id_fkey REFERENCES donors (id),
        year integer NOT NULL,
        currency char(3) NOT NULL,
        kind text NOT NULL CONSTRAINT annual_receipts_kind_check CHECK (kind IN ('annual', 'reissue')),
        number text NOT NULL,
        sequence integer NOT NULL,
        amount bigint NOT NULL,
        details jsonb NOT NULL,
        organisation_version integer NOT NULL CONSTRAINT annual_receipts_organisation_version_fkey REFERENCES organisation_profiles (version),
        issued_at timestamptz NOT NULL DEFAULT now(),
        replaces_number text,
        run_id uuid,
        sent_at timestamptz,
        send_claimed_until timestamptz,
        send_attempts integer NOT NULL DEFAULT 0,
        last_error text,
        failed_at timestamptz,
        withdrawn_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX annual_receipts_number_key ON annual_receipts (number)`);
    await q.query(`CREATE UNIQUE INDEX annual_receipts_year_sequence_key ON annual_receipts (year, sequence)`);
    await q.query(`CREATE INDEX annual_receipts_donor_id_idx ON annual_receipts (donor_id)`);
    await q.query(`CREATE INDEX annual_receipts_issued_at_idx ON annual_receipts (issued_at)`);
    await q.query(`CREATE INDEX receipts_issued_at_idx ON receipts (issued_at)`);
    // Never two annual receipts for the same donor, year and currency, whatever runs overlap.
    await q.query(`CREATE UNIQUE INDEX annual_receipts_donor_year_key ON annual_receipts (donor_id, year, currency) WHERE kind = 'annual'`);
    await q.query(`
      CREATE FUNCTION receipt_register_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.issued_at > now() - interval '5 years' THEN
            RAISE EXCEPTION '% %: a receipt is kept for five years after it was issued', TG_TABLE_NAME, OLD.number USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
          RAISE EXCEPTION '% %: an issued receipt is never changed; issue a new one that names it', TG_TABLE_NAME, OLD.number USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['receipts', 'annual_receipts']) {
      await q.query(`CREATE TRIGGER ${table}_register_guard BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION receipt_register_guard(${RECEIPT_MAIL_STATE})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER receipts_register_guard ON receipts`);
    await q.query(`DROP TABLE annual_receipts`);
    await q.query(`DROP FUNCTION receipt_register_guard()`);
    await q.query(`DROP TABLE annual_receipt_runs`);
    await q.query(`DROP TABLE annual_receipt_counters`);
    await q.query(`DROP INDEX receipts_issued_at_idx`);
    await q.query(`ALTER TABLE receipts DROP COLUMN details, DROP COLUMN organisation_version`);
  }
}
