import { DomainError } from '../common/domain-error.js';

export const ORGANISATION_ERROR_CODES = ['representative_required', 'certification_required', 'certification_date_invalid', 'timezone_invalid'] as const;
export type OrganisationErrorCode = (typeof ORGANISATION_ERROR_CODES)[number];

export class OrganisationError extends DomainError<OrganisationErrorCode> {}
