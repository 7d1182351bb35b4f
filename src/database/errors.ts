import { QueryFailedError } from 'typeorm';

export function databaseErrorCode(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return databaseErrorCode(error) === '23505';
}

/** Raised by the trigger that fixes a campaign's currency once a donation exists (see the migrations). */
export const CURRENCY_LOCKED = 'KZ001';
