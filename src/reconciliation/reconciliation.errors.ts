import { DomainError } from '../common/domain-error.js';

export const RECONCILIATION_ERROR_CODES = ['bad_period', 'run_not_found', 'discrepancy_not_found', 'already_resolved', 'payout_not_found'] as const;
export type ReconciliationErrorCode = (typeof RECONCILIATION_ERROR_CODES)[number];

export class ReconciliationError extends DomainError<ReconciliationErrorCode> {}
