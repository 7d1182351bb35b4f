import { detectLanguage, LANGUAGES, pickTranslation } from '../common/language.js';
import type { Language } from '../common/money-format.js';
import { NotificationError } from './notification.errors.js';

export interface UpdateTranslation {
  title: string;
  body: string;
}

export type UpdateTranslations = Partial<Record<Language, UpdateTranslation>>;

/** How campaign_updates holds an update's words: a language's title and body are both set or both null. */
export interface UpdateTextColumns {
  title_ja: string | null;
  body_ja: string | null;
  title_en: string | null;
  body_en: string | null;
}

export function updateTranslationsOf(row: UpdateTextColumns): UpdateTranslations {
  const ja = row.title_ja === null ? undefined : { title: row.title_ja, body: row.body_ja ?? '' };
  const en = row.title_en === null ? undefined : { title: row.title_en, body: row.body_en ?? '' };
  return { ...(ja && { ja }), ...(en && { en }) };
}

/** An update in the reader's language, or in the other when it was written only in that one. */
export function updateIn(row: UpdateTextColumns, wanted: Language): UpdateTranslation & { language: Language } {
  const { language, text } = pickTranslation(updateTranslationsOf(row), wanted);
  return { language, ...text };
}

export interface UpdateTextRequest {
  title?: string;
  body?: string;
  language?: Language;
  translations?: Partial<Record<Language, UpdateTranslation>>;
}

function fromFlatFields({ title, body, language }: UpdateTextRequest): UpdateTranslations {
  if (title === undefined || body === undefined) {
    throw new NotificationError('invalid', 'update_text_required', 'an update needs a title and a body, or translations {ja?: {title, body}, en?: {title, body}}');
  }
  return { [language ?? detectLanguage(`${title} ${body}`)]: { title, body } };
}

/**
 * The words of a new update: `translations`, or one title and body in `language` (Japanese when they have a Japanese
 * character, else English when it is absent), never both.
 */
export function requestedUpdateText(request: UpdateTextRequest): UpdateTranslations {
  const flat = request.title !== undefined || request.body !== undefined || request.language !== undefined;
  if (request.translations === undefined) return fromFlatFields(request);
  if (flat) throw new NotificationError('invalid', 'update_translations_and_flat_fields', 'send either translations or title and body, not both');
  const chosen = Object.fromEntries(LANGUAGES.flatMap((language) => (request.translations?.[language] ? [[language, request.translations[language]]] : [])));
  if (!Object.keys(chosen).length) throw new NotificationError('invalid', 'update_text_required', 'translations needs ja or en: {title, body}');
  return chosen;
}
