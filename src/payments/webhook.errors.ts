import { DomainError } from '../common/domain-error.js';

export const WEBHOOK_ERROR_CODES = ['empty_webhook', 'unsigned_webhook', 'bad_webhook_signature'] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

export class WebhookError extends DomainError<WebhookErrorCode> {}
