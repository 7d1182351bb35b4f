import type { Language } from './money-format.js';

export const LANGUAGES = ['ja', 'en'] as const satisfies readonly Language[];

/** Hiragana, katakana (full and half width), CJK ideographs and the iteration marks: text a Japanese reader wrote. */
const JAPANESE_CHARACTERS = /[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]/u;

/** `ja` when the text has any Japanese character, else `en`; the same rule the translations migration used. */
export function detectLanguage(text: string): Language {
  return JAPANESE_CHARACTERS.test(text) ? 'ja' : 'en';
}

function otherLanguage(language: Language): Language {
  return language === 'ja' ? 'en' : 'ja';
}

/** The first of ja and en the header asks for, by quality (`fr, ja;q=0.8, en;q=0.5` is ja); null when it names neither. */
function languageFromHeader(acceptLanguage: string | undefined): Language | null {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.split('-')[0], quality: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => (entry.base === 'ja' || entry.base === 'en') && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return (ranked[0]?.base as Language | undefined) ?? null;
}

/** The reader's language: `?lang=` first, then Accept-Language, then English. */
export function readerLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  if (query === 'ja' || query === 'en') return query;
  return languageFromHeader(acceptLanguage) ?? 'en';
}

/** The wanted language's entry when there is one, else the other's: which language was used comes with it. */
export function pickTranslation<T>(translations: Partial<Record<Language, T>>, wanted: Language): { language: Language; text: T } {
  const language = translations[wanted] ? wanted : otherLanguage(wanted);
  const text = translations[language];
  if (!text) throw new Error('pickTranslation: no translation in either language');
  return { language, text };
}
