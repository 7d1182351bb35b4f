import { SAME_BY_INTENT, STAFF_LANGUAGES, staffLanguage, staffStrings, type StaffKey } from '../../src/web/staff-i18n.js';

describe('the staff strings table', () => {
  const en = staffStrings('en');
  const ja = staffStrings('ja');
  const keys = Object.keys(en) as StaffKey[];

  it('has the same keys in both languages', () => {
    for (const language of STAFF_LANGUAGES) expect(Object.keys(staffStrings(language)).sort()).toEqual([...keys].sort());
  });

  it('has a Japanese text for every key, different from the English unless the same on purpose', () => {
    const untranslated = keys.filter((key) => !ja[key].trim() || (ja[key] === en[key] && !SAME_BY_INTENT.has(key)));
    expect(untranslated).toEqual([]);
  });

  it('writes each Japanese text in Japanese: words in Latin letters only beside kana or kanji (the switch to English aside)', () => {
    const latinOnly = keys.filter((key) => {
      const words = ja[key].replace(/\{\w+\}/g, '');
      return key !== 'languageSwitch' && /[A-Za-z]{2,}/.test(words) && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(words);
    });
    expect(latinOnly).toEqual([]);
  });

  it('fills in the Japanese only with what the English is given', () => {
    const placeholders = (text: string): string[] => text.match(/\{\w+\}/g) ?? [];
    expect(keys.filter((key) => placeholders(ja[key]).some((name) => !placeholders(en[key]).includes(name)))).toEqual([]);
  });
});

describe('the staff language without a remembered choice', () => {
  it.each([
    [undefined, undefined, 'ja'],
    ['kizuna_staff_lang=en', 'ja-JP,ja;q=0.9', 'en'],
    ['other=1; kizuna_staff_lang=ja', 'en-GB', 'ja'],
    [undefined, 'en-GB,en;q=0.9,ja;q=0.8', 'en'],
    [undefined, 'fr-FR,ja;q=0.5,en;q=0.4', 'ja'],
    [undefined, 'de-DE', 'ja'],
    ['kizuna_staff_lang=fr', 'en-US', 'en'],
  ])('cookie %s and Accept-Language %s: %s', (cookie, accept, expected) => {
    expect(staffLanguage(cookie, accept)).toBe(expected);
  });
});
