import { DomainError } from '../common/domain-error.js';

export const CAMPAIGN_ERROR_CODES = [
  'slug_taken',
  'campaign_not_found',
  'invalid_transition',
  'currency_locked',
  'goal_above_maximum',
  'not_assigned',
  'not_a_coordinator',
  'too_many_watchers',
  'translation_required',
  'translation_incomplete',
  'translations_and_flat_fields',
  'fund_recipient_required',
] as const;
export type CampaignErrorCode = (typeof CAMPAIGN_ERROR_CODES)[number];

export class CampaignError extends DomainError<CampaignErrorCode> {}
