import { DomainError } from '../common/domain-error.js';

export const NOTIFICATION_ERROR_CODES = [
  'campaign_not_published',
  'update_not_found',
  'update_text_required',
  'update_translations_and_flat_fields',
  'annual_run_not_found',
  'annual_receipt_not_found',
  'annual_receipt_nothing_given',
  'bad_year',
] as const;
export type NotificationErrorCode = (typeof NOTIFICATION_ERROR_CODES)[number];

export class NotificationError extends DomainError<NotificationErrorCode> {}
