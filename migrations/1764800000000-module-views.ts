import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read contracts modules publish for reports that must join in SQL (`<module>_<name>_v`). A module reads
 * only its own tables and other modules' views, so an owner can change its tables and keep its views.
 */
export class ModuleViews1764800000000 implements MigrationInterface {
  name = 'ModuleViews1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW campaigns_summary_v AS
      SELECT id, slug, title, currency, goal_amount, status, created_at FROM campaigns`);

    // A ledger transaction with what it moved on the Stripe balance and in Stripe fees.
    await q.query(`
      CREATE VIEW ledger_transactions_v AS
      SELECT t.id, t.kind, t.stripe_object_id, t.campaign_id, t.donation_id, t.currency, t.occurred_at,
             COALESCE((SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = t.id AND p.account = 'stripe_balance'), 0) AS balance_amount,
             COALESCE((SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = t.id AND p.account = 'stripe_fees'), 0) AS fee_amount
        FROM ledger_transactions t`);
    await q.query(`
      CREATE VIEW ledger_postings_v AS
      SELECT p.id AS posting_id, p.transaction_id, t.kind, t.stripe_object_id, t.campaign_id, t.donation_id, t.occurred_at,
             p.account, p.amount, p.currency
        FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id`);

    // What reports may show of a donation: never the name of a donor who asked to stay anonymous.
    await q.query(`
      CREATE VIEW donations_summary_v AS
      SELECT id, campaign_id, charge_id, payment_intent_id, currency, status, anonymous,
             CASE WHEN anonymous THEN NULL ELSE donor_name END AS public_donor_name, succeeded_at
        FROM donations`);

    await q.query(`CREATE VIEW notifications_receipts_v AS SELECT donation_id, kind, number, issued_at, sent_at FROM receipts`);

    // Which ledger transaction a Stripe balance transaction belongs to: charges, refunds, payouts and their failures by the object
    // in source; dispute movements by the balance transaction itself; the fee by the balance transaction too.
    await q.query(`
      CREATE VIEW reconciliation_ledger_links_v AS
      SELECT bt.id AS balance_transaction_id, lt.id AS ledger_transaction_id, lt.kind AS ledger_kind, lt.currency AS ledger_currency,
             lt.balance_amount AS ledger_amount, lt.donation_id, lt.campaign_id, fee.id AS fee_transaction_id, fee.fee_amount AS ledger_fee
        FROM stripe_balance_transactions bt
        LEFT JOIN ledger_transactions_v lt ON
             (bt.type IN ('charge', 'payment') AND lt.kind = 'charge' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'refund' AND lt.kind = 'refund' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'refund_failure' AND lt.kind = 'refund_failure' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'adjustment' AND (bt.source LIKE 'du\\_%' OR bt.source LIKE 'dp\\_%') AND lt.kind = 'dispute' AND lt.stripe_object_id = bt.id) OR
             (bt.type = 'payout' AND lt.kind = 'payout' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'payout_failure' AND lt.kind = 'payout_failure' AND lt.stripe_object_id = bt.source)
        LEFT JOIN ledger_transactions_v fee ON fee.kind = 'fee' AND fee.stripe_object_id = bt.id`);

    // What a payout paid out. Stripe lists the payout's own (negative) balance transaction among them: it is the
    // payout, not part of it.
    await q.query(`
      CREATE VIEW reconciliation_payout_items_v AS
      SELECT po.id AS payout_id, po.stripe_created_at AS payout_created_at, bt.id AS balance_transaction_id, bt.type,
             bt.reporting_category, bt.source, bt.amount, bt.fee, bt.net, bt.currency, bt.stripe_created_at
        FROM stripe_payouts po
        JOIN stripe_balance_transactions bt ON bt.payout_id = po.id AND NOT (bt.type = 'payout' AND bt.source = po.id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW reconciliation_payout_items_v, reconciliation_ledger_links_v, notifications_receipts_v, donations_summary_v`);
    await q.query(`DROP VIEW ledger_postings_v, ledger_transactions_v, campaigns_summary_v`);
  }
}
