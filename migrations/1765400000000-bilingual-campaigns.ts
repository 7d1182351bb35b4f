import type { MigrationInterface, QueryRunner } from 'typeorm';

// Kana, CJK ideographs, the iteration marks and half-width katakana: src/common/language.ts detects with the same set.
const JAPANESE = `'[\\u3005\\u3006\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff66-\\uff9f]'`;

const CAMPAIGN_VIEW = `
  CREATE VIEW campaigns_summary_v AS
  SELECT id, slug, COALESCE(title_ja, title_en) AS title, currency, goal_amount, status, created_at, title_ja, title_en FROM campaigns`;

/**
 * Campaigns and progress updates in Japanese and English: one set of columns per language, so every read stays one
 * row and the view keeps its shape. A campaign's single title, story and region (an update's title and body) become
 * the text of the language they are written in: Japanese when the title or story has a Japanese character, else
 * English. Milestone news has no words of its own (the emails word it), so its title stands in both.
 */
export class BilingualCampaigns1765400000000 implements MigrationInterface {
  name = 'BilingualCampaigns1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW campaigns_summary_v`);
    await q.query(`
      ALTER TABLE campaigns ADD COLUMN title_ja text, ADD COLUMN story_ja text, ADD COLUMN region_ja text,
                            ADD COLUMN title_en text, ADD COLUMN story_en text, ADD COLUMN region_en text`);
    await q.query(`
      UPDATE campaigns SET title_ja = title, story_ja = story, region_ja = region WHERE title || ' ' || story ~ ${JAPANESE}`);
    await q.query(`UPDATE campaigns SET title_en = title, story_en = story, region_en = region WHERE title_ja IS NULL`);
    await q.query(`ALTER TABLE campaigns DROP COLUMN title, DROP COLUMN story, DROP COLUMN region`);
    await q.query(`
      ALTER TABLE campaigns
        ADD CONSTRAINT campaigns_translation_ja_check CHECK ((title_ja IS NULL) = (region_ja IS NULL) AND (title_ja IS NULL) = (story_ja IS NULL)),
        ADD CONSTRAINT campaigns_translation_en_check CHECK ((title_en IS NULL) = (region_en IS NULL) AND (title_en IS NULL) = (story_en IS NULL)),
        ADD CONSTRAINT campaigns_translation_check CHECK (title_ja IS NOT NULL OR title_en IS NOT NULL)`);
    await q.query(CAMPAIGN_VIEW);

    await q.query(`ALTER TABLE campaign_updates ADD COLUMN title_ja text, ADD COLUMN body_ja text, ADD COLUMN title_en text, ADD COLUMN body_en text`);
    await q.query(`UPDATE campaign_updates SET title_ja = title, body_ja = body WHERE kind = 'milestone' OR title || ' ' || body ~ ${JAPANESE}`);
    await q.query(`UPDATE campaign_updates SET title_en = title, body_en = body WHERE kind = 'milestone' OR title_ja IS NULL`);
    await q.query(`ALTER TABLE campaign_updates DROP COLUMN title, DROP COLUMN body`);
    await q.query(`
      ALTER TABLE campaign_updates
        ADD CONSTRAINT campaign_updates_translation_ja_check CHECK ((title_ja IS NULL) = (body_ja IS NULL)),
        ADD CONSTRAINT campaign_updates_translation_en_check CHECK ((title_en IS NULL) = (body_en IS NULL)),
        ADD CONSTRAINT campaign_updates_translation_check CHECK (title_ja IS NOT NULL OR title_en IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_updates ADD COLUMN title text, ADD COLUMN body text`);
    await q.query(`UPDATE campaign_updates SET title = COALESCE(title_ja, title_en), body = COALESCE(body_ja, body_en)`);
    await q.query(`ALTER TABLE campaign_updates ALTER COLUMN title SET NOT NULL, ALTER COLUMN body SET NOT NULL`);
    await q.query(`ALTER TABLE campaign_updates DROP COLUMN title_ja, DROP COLUMN body_ja, DROP COLUMN title_en, DROP COLUMN body_en`);
    await q.query(`DROP VIEW campaigns_summary_v`);
    await q.query(`ALTER TABLE campaigns ADD COLUMN title text, ADD COLUMN story text NOT NULL DEFAULT '', ADD COLUMN region text`);
    await q.query(`UPDATE campaigns SET title = COALESCE(title_ja, title_en), story = COALESCE(story_ja, story_en), region = COALESCE(region_ja, region_en)`);
    await q.query(`ALTER TABLE campaigns ALTER COLUMN title SET NOT NULL, ALTER COLUMN region SET NOT NULL`);
    await q.query(`
      ALTER TABLE campaigns DROP COLUMN title_ja, DROP COLUMN story_ja, DROP COLUMN region_ja,
                            DROP COLUMN title_en, DROP COLUMN story_en, DROP COLUMN region_en`);
    await q.query(`CREATE VIEW campaigns_summary_v AS SELECT id, slug, title, currency, goal_amount, status, created_at FROM campaigns`);
  }
}
