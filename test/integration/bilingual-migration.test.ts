import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runMigrations } from '../../src/database/migrate.js';
import { createEmptyDatabase } from '../support/database.js';

/** The migrations after the bilingual one, undone with it (newest first). */
const LATER_MIGRATIONS = ['ReceiptRegister1765520000000', 'DonorMerge1765510000000', 'TaxReceipts1765500000000', 'CampaignSlugHistory1765420000000', 'StaffLanguage1765410000000'];

/** A database as it stood before campaigns were bilingual: every migration up to the one before it applied. */
async function databaseBeforeTranslations(): Promise<{ url: string; dataSource: DataSource }> {
  const url = await createEmptyDatabase();
  await runMigrations(url);
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await dataSource.initialize();
  for (let i = 0; i <= LATER_MIGRATIONS.length; i++) await dataSource.undoLastMigration();
  return { url, dataSource };
}

describe('the bilingual campaigns migration', () => {
  it('keeps each single-language campaign and update as the translation in the language it is written in', async () => {
    const { url, dataSource } = await databaseBeforeTranslations();
    try {
      const insert = (slug: string, title: string, region: string, story: string) =>
        dataSource.query(
          `INSERT INTO campaigns (slug, title, disaster_type, region, currency, goal_amount, story, status)
           VALUES ($1, $2, 'earthquake', $3, 'jpy', 1000000, $4, 'active') RETURNING id`,
          [slug, title, region, story],
        );
      const [japanese] = await insert('tohoku', '東日本大震災 復興支援 (Great East Japan Earthquake)', 'Tōhoku', '漁業の再開を支えます。');
      const [english] = await insert('kumamoto', 'Kumamoto Earthquake Relief', 'Kumamoto', 'Temporary homes in Mashiki.');
      await insert('noto', 'Noto 2024', 'Noto', 'ボランティアが炊き出しをしています。');
      await dataSource.query(
        `INSERT INTO campaign_updates (campaign_id, kind, title, body, milestone_percent)
         VALUES ($1, 'update', '漁船が戻りました', '三隻が港に戻りました。', NULL), ($2, 'update', 'Homes ready', 'Twenty families moved in.', NULL),
                ($2, 'milestone', '25%', '', 25)`,
        [japanese.id, english.id],
      );
    } finally {
      await dataSource.destroy();
    }

    expect(await runMigrations(url)).toEqual(['BilingualCampaigns1765400000000', ...[...LATER_MIGRATIONS].reverse()]);

    const after = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
    await after.initialize();
    try {
      const campaigns = await after.query(`SELECT slug, title_ja, region_ja, story_ja, title_en, region_en, story_en FROM campaigns ORDER BY slug`);
      expect(campaigns).toEqual([
        {
          slug: 'kumamoto',
          title_ja: null,
          region_ja: null,
          story_ja: null,
          title_en: 'Kumamoto Earthquake Relief',
          region_en: 'Kumamoto',
          story_en: 'Temporary homes in Mashiki.',
        },
        { slug: 'noto', title_ja: 'Noto 2024', region_ja: 'Noto', story_ja: 'ボランティアが炊き出しをしています。', title_en: null, region_en: null, story_en: null },
        {
          slug: 'tohoku',
          title_ja: '東日本大震災 復興支援 (Great East Japan Earthquake)',
          region_ja: 'Tōhoku',
          story_ja: '漁業の再開を支えます。',
          title_en: null,
          region_en: null,
          story_en: null,
        },
      ]);
      expect(await after.query(`SELECT title, title_ja, title_en FROM campaigns_summary_v WHERE slug = 'kumamoto'`)).toEqual([
        { title: 'Kumamoto Earthquake Relief', title_ja: null, title_en: 'Kumamoto Earthquake Relief' },
      ]);
      const updates = await after.query(`SELECT kind, title_ja, body_ja, title_en, body_en FROM campaign_updates ORDER BY kind, title_ja NULLS FIRST`);
      expect(updates).toEqual([
        { kind: 'milestone', title_ja: '25%', body_ja: '', title_en: '25%', body_en: '' },
        { kind: 'update', title_ja: null, body_ja: null, title_en: 'Homes ready', body_en: 'Twenty families moved in.' },
        { kind: 'update', title_ja: '漁船が戻りました', body_ja: '三隻が港に戻りました。', title_en: null, body_en: null },
      ]);
    } finally {
      await after.destroy();
    }
  });

  it('refuses a campaign with no title in either language, or a translation without its region', async () => {
    const url = await createEmptyDatabase();
    await runMigrations(url);
    const dataSource = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
    await dataSource.initialize();
    try {
      const insert = (columns: string, values: string) =>
        dataSource.query(`INSERT INTO campaigns (slug, disaster_type, currency, goal_amount, ${columns}) VALUES ('x', 'flood', 'jpy', 1000, ${values})`);
      await expect(insert('status', `'draft'`)).rejects.toThrow(/campaigns_translation_check/);
      await expect(insert('title_en, story_en', `'Relief', ''`)).rejects.toThrow(/campaigns_translation_en_check/);
    } finally {
      await dataSource.destroy();
    }
  });
});
