import { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only triggers fire per row, so TRUNCATE slipped past them: it is refused the same way. */
export class LedgerNoTruncate1764800000002 implements MigrationInterface {
  name = 'LedgerNoTruncate1764800000002';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_postings', 'ledger_transactions', 'reconciliation_audit_log']) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_postings', 'ledger_transactions', 'reconciliation_audit_log']) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    }
  }
}
