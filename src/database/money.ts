import { ValueTransformer } from 'typeorm';

/**
 * The one place where PostgreSQL bigint (returned by pg as a string) becomes a JS number.
 * Gifts stay within Stripe's 8 digits and goals within 13 (MAX_GOAL), far inside Number.MAX_SAFE_INTEGER; refuse anything outside.
 */
export function toMinorUnits(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const amount = Number(value);
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${String(value)} is not a safe integer`);
  return amount;
}

export const moneyColumn: ValueTransformer = {
  to: (value: number | null | undefined) => (value === null || value === undefined ? value : toMinorUnits(value)),
  from: (value: string | null) => (value === null ? null : toMinorUnits(value)),
};
