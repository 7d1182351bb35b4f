import { DomainError } from '../common/domain-error.js';

export const AUTH_ERROR_CODES = ['invalid_token', 'missing_token', 'session_ended', 'wrong_role'] as const;
export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends DomainError<AuthErrorCode> {}
