import { kanaToRomaji } from '../../src/campaigns/hepburn.js';
import { campaignSlug, romanise, slugCandidate, slugify } from '../../src/campaigns/slug.util.js';
import { isUuid } from '../../src/common/uuid.js';

const NOW = new Date('2026-03-11T00:00:00Z');
const slugOf = (title: string, more: { englishTitle?: string; disasterType?: string; region?: string } = {}) =>
  campaignSlug({ title, disasterType: 'earthquake', region: 'Tōhoku', ...more }, NOW);

describe('slugs', () => {
  it('makes lowercase hyphenated ASCII from a title, dropping accents', () => {
    expect(slugify('Van Earthquake 2011 (Turkey)')).toBe('van-earthquake-2011-turkey');
    expect(slugify('Tōhoku — Fukushima & Miyagi')).toBe('tohoku-fukushima-miyagi');
    expect(slugify('  --Léogâne--  ')).toBe('leogane');
  });

  it.each([
    ['能登半島地震 2024 緊急支援', 'noto-hanto-jishin-2024-kinkyu-shien'],
    ['東日本大震災 復興支援', 'higashinippon-daishinsai-fukko-shien'],
    ['令和6年 台風10号 被災地支援', 'reiwa-6-nen-taifu-10-go-hisaichi-shien'],
    ['トルコ・シリア地震 緊急募金', 'toruko-shiria-jishin-kinkyu-bokin'],
    ['Great East Japan Earthquake relief', 'great-east-japan-earthquake-relief'],
    ['熊本地震　ボランティア募集', 'kumamoto-jishin-borantia-boshu'],
    ['東日本大震災 Relief 2011', 'higashinippon-daishinsai-relief-2011'],
  ])('reads the title %s aloud: %s', async (title, slug) => {
    expect(await slugOf(title)).toBe(slug);
  });

  it('takes the English title first when the campaign has one', async () => {
    expect(await slugOf('東日本大震災 復興支援', { englishTitle: 'Great East Japan Earthquake: rebuilding' })).toBe('great-east-japan-earthquake-rebuilding');
    expect(await slugOf('能登半島地震 2024 緊急支援', { englishTitle: '2024' })).toBe('noto-hanto-jishin-2024-kinkyu-shien');
  });

  it('never makes a slug of digits alone: a title without words falls back to type, region and year', async () => {
    expect(await slugOf('2024', { disasterType: 'typhoon', region: '沖縄県' })).toBe('typhoon-okinawaken-2026');
    expect(await slugOf('★ 2024 ★', { disasterType: 'flood', region: 'Kyūshū' })).toBe('flood-kyushu-2026');
    expect(await slugOf('!!!', { disasterType: 'other', region: '—' })).toBe('other-2026');
  });

  it('romanises kana in Hepburn without macrons, with doubled consonants', () => {
    expect(kanaToRomaji('ハントウ')).toBe('hanto');
    expect(kanaToRomaji('キンキュウ')).toBe('kinkyu');
    expect(kanaToRomaji('ほっかいどう')).toBe('hokkaido');
    expect(kanaToRomaji('マッチャ')).toBe('matcha');
    expect(kanaToRomaji('ボランティア')).toBe('borantia');
    expect(kanaToRomaji('スーパー')).toBe('supa');
  });

  it('reads a place name in the region', async () => {
    expect(await romanise('石川県輪島市')).toBe('ishikawaken-wajimashi');
  });

  it('caps the length without a trailing hyphen, and numbers candidates', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug.endsWith('-')).toBe(false);
    expect(slugCandidate('haiti', 1)).toBe('haiti');
    expect(slugCandidate('haiti', 3)).toBe('haiti-3');
  });

  it('tells a UUID from a slug', () => {
    expect(isUuid('0ffd9a39-4b7e-4816-be30-ebc002169a4e')).toBe(true);
    expect(isUuid('haiti-earthquake-2010')).toBe(false);
  });
});
