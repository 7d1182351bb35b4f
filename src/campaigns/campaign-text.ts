import { pickTranslation } from '../common/language.js';
import type { Language } from '../common/money-format.js';
import type { Campaign } from './campaign.entity.js';

export interface CampaignTranslation {
  title: string;
  story: string;
  region: string;
}

export type CampaignTranslations = Partial<Record<Language, CampaignTranslation>>;

/** A campaign's text in the reader's language, or in the other one when it has none: `language` says which. */
export interface CampaignText extends CampaignTranslation {
  language: Language;
}

function translation(title: string | null, story: string | null, region: string | null): CampaignTranslation | undefined {
  return title === null || region === null ? undefined : { title, story: story ?? '', region };
}

export function translationsOf(campaign: Campaign): CampaignTranslations {
  const ja = translation(campaign.titleJa, campaign.storyJa, campaign.regionJa);
  const en = translation(campaign.titleEn, campaign.storyEn, campaign.regionEn);
  return { ...(ja && { ja }), ...(en && { en }) };
}

export function campaignText(campaign: Campaign, wanted: Language): CampaignText {
  const { language, text } = pickTranslation(translationsOf(campaign), wanted);
  return { language, ...text };
}

/** The columns of a campaign that hold its translations, from the translations (a missing language clears its columns). */
export function translationColumns(translations: CampaignTranslations): Pick<Campaign, 'titleJa' | 'storyJa' | 'regionJa' | 'titleEn' | 'storyEn' | 'regionEn'> {
  const { ja, en } = translations;
  return {
    titleJa: ja?.title ?? null,
    storyJa: ja ? ja.story : null,
    regionJa: ja?.region ?? null,
    titleEn: en?.title ?? null,
    storyEn: en ? en.story : null,
    regionEn: en?.region ?? null,
  };
}
