import { PAYOUT_SCHEDULES } from './payout-schedule.js';
import type { PayoutSchedule } from './payout-schedule.js';
import { SUPPORTED_CURRENCIES, isSupportedCurrency } from '../../src/stripe/currencies.js';
import type { Currency } from '../../src/stripe/currencies.js';

/**
 * The emulated account's settlement from the environment, for `npm run stripe:emulator` and `npm run local`:
 * `STRIPE_EMULATOR_SETTLEMENT_CURRENCY` (jpy) and `STRIPE_EMULATOR_PAYOUT_SCHEDULE` (daily). Throws on a bad value.
 */
export function settlementFromEnv(env: NodeJS.ProcessEnv): { settlementCurrency: Currency; payoutSchedule: PayoutSchedule } {
  const currency = env.STRIPE_EMULATOR_SETTLEMENT_CURRENCY || 'jpy';
  if (!isSupportedCurrency(currency)) {
    throw new Error(`STRIPE_EMULATOR_SETTLEMENT_CURRENCY must be one of ${SUPPORTED_CURRENCIES.join(', ')}, got "${currency}"`);
  }
  const schedule = env.STRIPE_EMULATOR_PAYOUT_SCHEDULE || 'daily';
  if (!(PAYOUT_SCHEDULES as readonly string[]).includes(schedule)) {
    throw new Error(`STRIPE_EMULATOR_PAYOUT_SCHEDULE must be one of ${PAYOUT_SCHEDULES.join(', ')}, got "${schedule}"`);
  }
  return { settlementCurrency: currency, payoutSchedule: schedule as PayoutSchedule };
}
