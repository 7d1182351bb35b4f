import { detectLanguage, LANGUAGES } from '../common/language.js';
import type { Language } from '../common/money-format.js';
import { CampaignError } from './campaign.errors.js';
import type { CampaignTranslation, CampaignTranslations } from './campaign-text.js';
import type { CampaignTranslationRequest, CreateCampaignRequest } from './dto/campaign.dto.js';

type TextFields = Pick<CreateCampaignRequest, 'translations' | 'title' | 'story' | 'region' | 'language'>;

const LANGUAGE_NAMES: Record<Language, string> = { ja: 'Japanese', en: 'English' };

/** A translation with a change applied; `prefix` names the fields in the error ('translations.en.' or ''), `why` explains it. */
function merged(current: CampaignTranslation | undefined, change: CampaignTranslationRequest, prefix: string, why: string): CampaignTranslation {
  const title = change.title ?? current?.title;
  const region = change.region ?? current?.region;
  if (title === undefined || region === undefined) {
    const missing = [title === undefined && `${prefix}title`, region === undefined && `${prefix}region`].filter(Boolean).join(' and ');
    throw new CampaignError('invalid', 'translation_incomplete', `${missing} ${missing.includes(' and ') ? 'are' : 'is'} required: ${why}`);
  }
  return { title, region, story: change.story ?? current?.story ?? '' };
}

function withTranslationsField(input: TextFields, current: CampaignTranslations): CampaignTranslations {
  const next = { ...current };
  for (const language of LANGUAGES) {
    const change = input.translations?.[language];
    if (change === null) delete next[language];
    else if (change !== undefined) {
      next[language] = merged(current[language], change, `translations.${language}.`, `the campaign has no ${LANGUAGE_NAMES[language]} text yet`);
    }
  }
  return next;
}

/** The old single title, story and region: in `language`, or Japanese when any of them has a Japanese character, else English. */
function withFlatFields(input: TextFields, current: CampaignTranslations): CampaignTranslations {
  const { title, story, region } = input;
  const language = input.language ?? detectLanguage([title, story, region].join(' '));
  const why = `the campaign has no ${LANGUAGE_NAMES[language]} text yet (title, story and region were taken as ${LANGUAGE_NAMES[language]}: send language or translations to choose)`;
  return { ...current, [language]: merged(current[language], { title, story, region }, '', why) };
}

/**
 * The translations a create or an edit leaves a campaign with. A request sends either `translations` or the flat
 * fields, never both, so no field has two meanings; at least one language must remain.
 */
export function requestedTranslations(input: TextFields, current: CampaignTranslations): CampaignTranslations {
  const flat = input.title !== undefined || input.story !== undefined || input.region !== undefined;
  if (flat && input.translations !== undefined) {
    throw new CampaignError('invalid', 'translations_and_flat_fields', 'send either translations or title, story and region, not both');
  }
  if (!flat && input.language !== undefined) {
    throw new CampaignError('invalid', 'translations_and_flat_fields', 'language names the language of title, story and region: send it with them');
  }
  const next = input.translations !== undefined ? withTranslationsField(input, current) : flat ? withFlatFields(input, current) : current;
  if (!next.ja && !next.en) {
    throw new CampaignError('invalid', 'translation_required', 'a campaign needs a title and a region in Japanese or English (translations.ja or translations.en)');
  }
  return next;
}
