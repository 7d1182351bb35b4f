import { readAloud } from './japanese-reading.js';

export const MAX_SLUG_LENGTH = 60;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug must say something: `/campaigns/2024` names no campaign a person could tell apart. */
export const SLUG_HAS_LETTER = /[a-z]/;

/** Lowercase ASCII words joined by hyphens; accents are dropped (Tōhoku → tohoku), other scripts vanish. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

/** A slug with a letter in it, or '' (digits alone are no address). */
function readable(slug: string): string {
  return SLUG_HAS_LETTER.test(slug) ? slug : '';
}

const JAPANESE = /[\u3041-\u30ff\u4e00-\u9fff々]/;

/** Latin text as it is; Japanese read aloud in romaji (能登半島地震 2024 → noto-hanto-jishin-2024). */
export async function romanise(text: string): Promise<string> {
  return slugify(JAPANESE.test(text) ? (await readAloud(text)).join(' ') : text);
}

export interface SlugSource {
  title: string;
  /** The campaign's English title, when it has one: it comes first, since it is what most readers of a URL can say. */
  englishTitle?: string;
  disasterType: string;
  region: string;
}

/**
 * A slug for a new campaign: from its English title, else its title (romanised when Japanese), else, when neither
 * gives a letter, from its disaster type, region and year (typhoon-okinawa-2026). Never digits alone.
 */
export async function campaignSlug(source: SlugSource, now = new Date()): Promise<string> {
  const fromEnglish = source.englishTitle ? readable(slugify(source.englishTitle)) : '';
  if (fromEnglish) return fromEnglish;
  const fromTitle = readable(await romanise(source.title));
  if (fromTitle) return fromTitle;
  return slugify(`${source.disasterType} ${await romanise(source.region)} ${now.getUTCFullYear()}`);
}

/** The nth candidate when the base is taken: base, base-2, base-3, … */
export function slugCandidate(base: string, attempt: number): string {
  return attempt === 1 ? base : `${base.slice(0, MAX_SLUG_LENGTH - 6)}-${attempt}`;
}
