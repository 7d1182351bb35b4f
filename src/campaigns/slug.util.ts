export const MAX_SLUG_LENGTH = 60;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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

/**
 * A slug for a new campaign: from its title, or, for a title without Latin letters
 * (東日本大震災 復興支援), from its disaster type, region and year, e.g. earthquake-tohoku-2026.
 */
export function campaignSlug(title: string, disasterType: string, region: string, now = new Date()): string {
  return slugify(title) || slugify(`${disasterType} ${region} ${now.getUTCFullYear()}`);
}

/** The nth candidate when the base is taken: base, base-2, base-3, … */
export function slugCandidate(base: string, attempt: number): string {
  return attempt === 1 ? base : `${base.slice(0, MAX_SLUG_LENGTH - 6)}-${attempt}`;
}
