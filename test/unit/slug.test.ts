import { campaignSlug, slugCandidate, slugify } from '../../src/campaigns/slug.util.js';
import { isUuid } from '../../src/common/uuid.js';

describe('slugs', () => {
  it('makes lowercase hyphenated ASCII from a title, dropping accents', () => {
    expect(slugify('Van Earthquake 2011 (Turkey)')).toBe('van-earthquake-2011-turkey');
    expect(slugify('Tōhoku — Fukushima & Miyagi')).toBe('tohoku-fukushima-miyagi');
    expect(slugify('  --Léogâne--  ')).toBe('leogane');
  });

  it('keeps the Latin part of a mixed title', () => {
    expect(campaignSlug('東日本大震災 Relief 2011', 'earthquake', 'Tōhoku')).toBe('relief-2011');
  });

  it('falls back to type, region and year for a title without Latin letters', () => {
    const now = new Date('2026-03-11T00:00:00Z');
    expect(campaignSlug('東日本大震災 復興支援', 'tsunami', 'Tōhoku', now)).toBe('tsunami-tohoku-2026');
    expect(campaignSlug('東日本大震災', 'tsunami', '東北', now)).toBe('tsunami-2026');
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
