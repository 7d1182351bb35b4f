import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gifts in a currency other than the account's settlement currency. A ledger transaction keeps Stripe's exchange rate
 * when it converts; the ledger's views add what a transaction moved on `stripe_unsettled` (a gift's money at Stripe
 * before conversion) and its rate; and a balance transaction now links to its `settlement` ledger transaction too, so
 * it matches at its settlement amount (the presentment side moved nothing on the Stripe balance).
 */
export class SettlementCurrency1765000000000 implements MigrationInterface {
  name = 'SettlementCurrency1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ledger_transactions ADD COLUMN exchange_rate numeric`);
    await q.query(`DROP VIEW reconciliation_ledger_links_v, ledger_transactions_v`);
    await q.query(`
      CREATE VIEW ledger_transactions_v AS
      SELECT t.id, t.kind, t.stripe_object_id, t.campaign_id, t.donation_id, t.currency, t.occurred_at,
             COALESCE((SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = t.id AND p.account = 'stripe_balance'), 0) AS balance_amount,
             COALESCE((SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = t.id AND p.account = 'stripe_fees'), 0) AS fee_amount,
             COALESCE((SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = t.id AND p.account = 'stripe_unsettled'), 0) AS unsettled_amount,
             t.exchange_rate
        FROM ledger_transactions t`);
    await q.query(`
      CREATE OR REPLACE VIEW ledger_postings_v AS
      SELECT p.id AS posting_id, p.transaction_id, t.kind, t.stripe_object_id, t.campaign_id, t.donation_id, t.occurred_at,
             p.account, p.amount, p.currency, t.exchange_rate
        FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id`);
    // As before, plus the settlement: its Stripe-balance amount and currency are what the balance transaction moved.
    await q.query(`
      CREATE VIEW reconciliation_ledger_links_v AS
      SELECT bt.id AS balance_transaction_id, lt.id AS ledger_transaction_id, lt.kind AS ledger_kind,
             COALESCE(st.currency, lt.currency) AS ledger_currency,
             lt.balance_amount + COALESCE(st.balance_amount, 0) AS ledger_amount,
             lt.donation_id, lt.campaign_id, fee.id AS fee_transaction_id, fee.fee_amount AS ledger_fee,
             st.id AS settlement_transaction_id, lt.currency AS presentment_currency, lt.unsettled_amount AS presentment_amount
        FROM stripe_balance_transactions bt
        LEFT JOIN ledger_transactions_v lt ON
             (bt.type IN ('charge', 'payment') AND lt.kind = 'charge' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'refund' AND lt.kind = 'refund' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'refund_failure' AND lt.kind = 'refund_failure' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'adjustment' AND (bt.source LIKE 'du\\_%' OR bt.source LIKE 'dp\\_%') AND lt.kind = 'dispute' AND lt.stripe_object_id = bt.id) OR
             (bt.type = 'payout' AND lt.kind = 'payout' AND lt.stripe_object_id = bt.source) OR
             (bt.type = 'payout_failure' AND lt.kind = 'payout_failure' AND lt.stripe_object_id = bt.source)
        LEFT JOIN ledger_transactions_v fee ON fee.kind = 'fee' AND fee.stripe_object_id = bt.id
        LEFT JOIN ledger_transactions_v st ON st.kind = 'settlement' AND st.stripe_object_id = bt.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW reconciliation_ledger_links_v, ledger_postings_v, ledger_transactions_v`);
    await q.query(`ALTER TABLE ledger_transactions DROP COLUMN exchange_rate`);
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
  }
}
