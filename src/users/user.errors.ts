import { DomainError } from '../common/domain-error.js';

export const USER_ERROR_CODES = ['email_taken', 'invalid_credentials', 'too_many_logins'] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export class UserError extends DomainError<UserErrorCode> {}
