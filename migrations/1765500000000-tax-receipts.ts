import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a receipt a tax office accepts needs to know. The organisation's receipt profile is kept as versions, never
 * edited in place, so a receipt can name the profile it was issued under. A campaign says whether its money is passed
 * on to a local government (義援金: the donor gets a custody receipt) or spent on the organisation's own relief work
 * (支援金). A donation carries the name and address the donor gave for a tax receipt, when they asked for one.
 */
export class TaxReceipts1765500000000 implements MigrationInterface {
  name = 'TaxReceipts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation_profiles (
        version serial PRIMARY KEY,
        legal_name text NOT NULL CONSTRAINT organisation_profiles_legal_name_check CHECK (length(btrim(legal_name)) > 0),
        address text NOT NULL,
        representative text NOT NULL,
        tax_status text NOT NULL CONSTRAINT organisation_profiles_tax_status_check CHECK (tax_status IN ('certified_npo', 'public_interest', 'none')),
        certification_number text,
        certification_date date,
        timezone text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_profiles_certification_check
          CHECK (tax_status = 'none' OR (certification_number IS NOT NULL AND certification_date IS NOT NULL))
      )`);
    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN fund_kind text NOT NULL DEFAULT 'shienkin' CONSTRAINT campaigns_fund_kind_check CHECK (fund_kind IN ('shienkin', 'gienkin')),
        ADD COLUMN fund_recipient text,
        ADD CONSTRAINT campaigns_fund_recipient_check CHECK (fund_kind = 'shienkin' OR fund_recipient IS NOT NULL)`);
    await q.query(`
      CREATE OR REPLACE VIEW campaigns_summary_v AS
      SELECT id, slug, COALESCE(title_ja, title_en) AS title, currency, goal_amount, status, created_at, title_ja, title_en, fund_kind, fund_recipient
        FROM campaigns`);
    await q.query(`ALTER TABLE donations ADD COLUMN tax_receipt jsonb`);
    await q.query(`
      CREATE OR REPLACE VIEW donations_summary_v AS
      SELECT id, campaign_id, charge_id, payment_intent_id, currency, status, anonymous,
             CASE WHEN anonymous THEN NULL ELSE donor_name END AS public_donor_name, succeeded_at,
             donor_id, donor_name, language, tax_receipt, created_at
        FROM donations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW donations_summary_v`);
    await q.query(`
      CREATE VIEW donations_summary_v AS
      SELECT id, campaign_id, charge_id, payment_intent_id, currency, status, anonymous,
             CASE WHEN anonymous THEN NULL ELSE donor_name END AS public_donor_name, succeeded_at
        FROM donations`);
    await q.query(`ALTER TABLE donations DROP COLUMN tax_receipt`);
    await q.query(`DROP VIEW campaigns_summary_v`);
    await q.query(`
      CREATE VIEW campaigns_summary_v AS
      SELECT id, slug, COALESCE(title_ja, title_en) AS title, currency, goal_amount, status, created_at, title_ja, title_en FROM campaigns`);
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_fund_recipient_check, DROP COLUMN fund_recipient, DROP COLUMN fund_kind`);
    await q.query(`DROP TABLE organisation_profiles`);
  }
}
