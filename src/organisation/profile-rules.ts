import { isIanaZone } from '../config/config.schema.js';
import type { OrganisationProfileRequest } from './dto/organisation.dto.js';
import { OrganisationError } from './organisation.errors.js';
import type { NewProfileVersion } from './organisation-profiles.repository.js';

/** Today's date (YYYY-MM-DD) where the organisation is: a certification dated today there is not in the future. */
function todayIn(timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A real calendar date: 2023-02-30 is refused, not rolled over to March; nothing before 1900 (PostgreSQL has no year 0). */
function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < '1900-01-01') return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function certification(request: OrganisationProfileRequest): { certificationNumber: string | null; certificationDate: string | null } {
  if (request.taxStatus === 'none') return { certificationNumber: null, certificationDate: null };
  const number = request.certificationNumber?.trim();
  const date = request.certificationDate?.trim();
  if (!number || !date) {
    throw new OrganisationError('invalid', 'certification_required', `certificationNumber and certificationDate are required when taxStatus is ${request.taxStatus}`);
  }
  if (!isRealDate(date)) throw new OrganisationError('invalid', 'certification_date_invalid', 'certificationDate must be a real date written YYYY-MM-DD');
  if (date > todayIn(request.timezone)) throw new OrganisationError('invalid', 'certification_date_invalid', 'certificationDate must not be in the future');
  return { certificationNumber: number, certificationDate: date };
}

/**
 * The profile a PUT asks for, checked beyond its shape: what a receipt for the tax status needs is there. Without a
 * tax status the certification is dropped (a receipt would not print it), and the representative may stay empty.
 */
export function profileFromRequest(request: OrganisationProfileRequest): Omit<NewProfileVersion, 'createdBy'> {
  const timezone = request.timezone.trim();
  if (!isIanaZone(timezone)) throw new OrganisationError('invalid', 'timezone_invalid', 'timezone must be an IANA time zone such as Asia/Tokyo');
  const representative = request.representative?.trim() ?? '';
  if (request.taxStatus !== 'none' && !representative) {
    throw new OrganisationError('invalid', 'representative_required', `representative is required when taxStatus is ${request.taxStatus}`);
  }
  return {
    legalName: request.legalName.trim(),
    address: request.address.trim(),
    representative,
    taxStatus: request.taxStatus,
    ...certification({ ...request, timezone }),
    timezone,
  };
}
