import { DomainError } from '../common/domain-error.js';

export const FINANCE_ERROR_CODES = ['empty_period', 'bad_from', 'bad_to'] as const;
export type FinanceErrorCode = (typeof FINANCE_ERROR_CODES)[number];

export class FinanceError extends DomainError<FinanceErrorCode> {}
