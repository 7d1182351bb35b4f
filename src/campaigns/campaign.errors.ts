import { DomainError } from '../common/domain-error.js';

export const CAMPAIGN_ERROR_CODES = ['slug_taken', 'campaign_not_found', 'invalid_transition', 'currency_locked'] as const;
export type CampaignErrorCode = (typeof CAMPAIGN_ERROR_CODES)[number];

export class CampaignError extends DomainError<CampaignErrorCode> {}
