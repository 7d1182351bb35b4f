import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Old campaign addresses keep working: each slug a campaign leaves is kept, pointing at the campaign, and is never taken
 * by another one. Triggers do both, so every way of changing a slug records it and no race between two coordinators
 * slips past the check. A refusal is raised as a unique violation (23505), which the app already answers as slug_taken.
 * Slugs made of digits alone (a Japanese title once gave `/campaigns/2024`) get the disaster type in front; the old one
 * is kept in the history, so it redirects.
 */
export class CampaignSlugHistory1765420000000 implements MigrationInterface {
  name = 'CampaignSlugHistory1765420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_slug_history (
        slug text PRIMARY KEY,
        campaign_id uuid NOT NULL CONSTRAINT campaign_slug_history_campaign_id_fkey REFERENCES campaigns (id) ON DELETE CASCADE,
        retired_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_slug_history_campaign_id_idx ON campaign_slug_history (campaign_id)`);
    await q.query(`
      CREATE FUNCTION campaigns_slug_not_retired() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM campaign_slug_history WHERE slug = NEW.slug AND campaign_id <> NEW.id) THEN
          RAISE EXCEPTION 'slug % was used by another campaign', NEW.slug USING ERRCODE = '23505';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER campaigns_slug_not_retired BEFORE INSERT OR UPDATE OF slug ON campaigns FOR EACH ROW EXECUTE FUNCTION campaigns_slug_not_retired()`);
    // A campaign going back to a slug it had takes it out of its history: the history never holds a live slug.
    await q.query(`
      CREATE FUNCTION campaigns_keep_old_slug() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM campaign_slug_history WHERE slug = NEW.slug;
        INSERT INTO campaign_slug_history (slug, campaign_id) VALUES (OLD.slug, OLD.id)
          ON CONFLICT (slug) DO UPDATE SET campaign_id = EXCLUDED.campaign_id, retired_at = now();
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER campaigns_keep_old_slug AFTER UPDATE OF slug ON campaigns
      FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION campaigns_keep_old_slug()`);
    await q.query(`
      UPDATE campaigns c SET slug = c.disaster_type || '-' || c.slug
      WHERE c.slug ~ '^[0-9]+(-[0-9]+)*$' AND NOT EXISTS (SELECT 1 FROM campaigns o WHERE o.slug = c.disaster_type || '-' || c.slug)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER campaigns_keep_old_slug ON campaigns`);
    await q.query(`DROP TRIGGER campaigns_slug_not_retired ON campaigns`);
    await q.query(`DROP FUNCTION campaigns_keep_old_slug()`);
    await q.query(`DROP FUNCTION campaigns_slug_not_retired()`);
    await q.query(`DROP TABLE campaign_slug_history`);
  }
}
