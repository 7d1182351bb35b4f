import { MigrationInterface, QueryRunner } from 'typeorm';

export class DonationsLedger1764400000000 implements MigrationInterface {
  name = 'DonationsLedger1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE donors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT donors_email_lower_check CHECK (email = lower(email))
      )`);
    await q.query(`CREATE UNIQUE INDEX donors_email_key ON donors (email)`);

    await q.query(`
      CREATE TABLE donations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL CONSTRAINT donations_campaign_id_fkey REFERENCES campaigns (id),
        donor_id uuid NOT NULL CONSTRAINT donations_donor_id_fkey REFERENCES donors (id),
        amount bigint NOT NULL,
        covered_fee_amount bigint NOT NULL DEFAULT 0,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        donor_name text,
        anonymous boolean NOT NULL DEFAULT false,
        message text,
        language text NOT NULL DEFAULT 'en',
        payment_intent_id text,
        charge_id text,
        idempotency_key text,
        request_hash text,
        succeeded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT donations_status_check CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'partially_refunded', 'disputed')),
        CONSTRAINT donations_amount_check CHECK (amount > 0 AND covered_fee_amount >= 0 AND amount + covered_fee_amount <= 99999999)
      )`);
    await q.query(`CREATE INDEX donations_campaign_id_idx ON donations (campaign_id)`);
    await q.query(`CREATE INDEX donations_donor_id_idx ON donations (donor_id)`);
    await q.query(`CREATE UNIQUE INDEX donations_payment_intent_id_key ON donations (payment_intent_id)`);
    await q.query(`CREATE UNIQUE INDEX donations_charge_id_key ON donations (charge_id)`);
    await q.query(`CREATE UNIQUE INDEX donations_idempotency_key_key ON donations (idempotency_key)`);

    // A campaign's currency is fixed once a donation exists: checked here so no race can slip past it.
    await q.query(`
      CREATE FUNCTION campaigns_lock_currency() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.currency <> OLD.currency AND EXISTS (SELECT 1 FROM donations WHERE campaign_id = OLD.id) THEN
          RAISE EXCEPTION 'currency is fixed once a donation exists' USING ERRCODE = 'KZ001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER campaigns_lock_currency BEFORE UPDATE OF currency ON campaigns FOR EACH ROW EXECUTE FUNCTION campaigns_lock_currency()`);

    await q.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        stripe_created_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE ledger_transactions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        stripe_object_id text NOT NULL,
        campaign_id uuid,
        donation_id uuid,
        currency char(3) NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX ledger_transactions_kind_object_key ON ledger_transactions (kind, stripe_object_id)`);
    await q.query(`CREATE INDEX ledger_transactions_campaign_id_idx ON ledger_transactions (campaign_id)`);
    await q.query(`CREATE INDEX ledger_transactions_donation_id_idx ON ledger_transactions (donation_id)`);

    await q.query(`
      CREATE TABLE ledger_postings (
        id bigserial PRIMARY KEY,
        transaction_id uuid NOT NULL CONSTRAINT ledger_postings_transaction_id_fkey REFERENCES ledger_transactions (id),
        account text NOT NULL,
        amount bigint NOT NULL,
        currency char(3) NOT NULL
      )`);
    await q.query(`CREATE INDEX ledger_postings_transaction_id_idx ON ledger_postings (transaction_id)`);

    // Double entry, enforced by the database: at commit, each transaction's postings sum to zero per currency.
    await q.query(`
      CREATE FUNCTION ledger_postings_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM ledger_postings WHERE transaction_id = NEW.transaction_id
          GROUP BY currency HAVING sum(amount) <> 0
        ) THEN
          RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id USING ERRCODE = 'KZ002';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT OR UPDATE ON ledger_postings
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_postings_balanced()`);
    // Append-only: postings and transactions are never changed or removed.
    await q.query(`
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME USING ERRCODE = 'KZ003';
      END $$`);
    await q.query(`CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);
    await q.query(`CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`);

    // Who has given to a campaign, so the donor count in the totals counts each donor once.
    await q.query(`
      CREATE TABLE campaign_donors (
        campaign_id uuid NOT NULL,
        donor_id uuid NOT NULL,
        PRIMARY KEY (campaign_id, donor_id)
      )`);

    await q.query(`
      CREATE TABLE stripe_balance_transactions (
        id text PRIMARY KEY,
        type text NOT NULL,
        source text,
        amount bigint NOT NULL,
        fee bigint NOT NULL,
        net bigint NOT NULL,
        currency char(3) NOT NULL,
        reporting_category text NOT NULL,
        stripe_created_at timestamptz NOT NULL,
        raw jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX stripe_balance_transactions_source_idx ON stripe_balance_transactions (source)`);
    await q.query(`CREATE INDEX stripe_balance_transactions_created_idx ON stripe_balance_transactions (stripe_created_at)`);

    await q.query(`
      CREATE TABLE stripe_sync_cursors (
        name text PRIMARY KEY,
        created_gte bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stripe_sync_cursors, stripe_balance_transactions, campaign_donors`);
    await q.query(`DROP TABLE ledger_postings, ledger_transactions, stripe_events`);
    await q.query(`DROP TRIGGER campaigns_lock_currency ON campaigns`);
    await q.query(`DROP FUNCTION campaigns_lock_currency(), ledger_postings_balanced(), ledger_append_only()`);
    await q.query(`DROP TABLE donations, donors`);
  }
}
