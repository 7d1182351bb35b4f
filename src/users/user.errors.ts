import { DomainError } from '../common/domain-error.js';

export const USER_ERROR_CODES = [
  'email_taken',
  'invalid_credentials',
  'account_disabled',
  'too_many_logins',
  'user_not_found',
  'own_account',
  'last_admin',
  'wrong_password',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export class UserError extends DomainError<UserErrorCode> {}
