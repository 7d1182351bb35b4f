import type { Currency } from '../../src/stripe/currencies.js';

/**
 * When card funds become available and when automatic payouts run, per settlement currency (the account's
 * country). Facts used:
 * - Stripe holds card funds for a country-specific number of business days before they are available
 *   (docs.stripe.com/payouts, payout speed); for Japan that is 4 business days, for the United States 2.
 *   The eur, gbp and krw figures are assumptions. Bank holidays are not modelled, only weekends.
 * - Stripe processes Asia-Pacific accounts in their local time zone and others in UTC; days start at local midnight.
 * - Automatic payouts sweep the available balance on the schedule's days; Stripe's default is daily (the
 *   emulator's default too), although Stripe offers Japanese accounts weekly (Friday) payouts by default.
 * - A payout arrives in the bank the next business day in the emulator (arrival_date).
 */
interface SettlementTiming {
  utcOffsetHours: number;
  availableAfterBusinessDays: number;
}

const SETTLEMENT_TIMING: Record<Currency, SettlementTiming> = {
  jpy: { utcOffsetHours: 9, availableAfterBusinessDays: 4 },
  krw: { utcOffsetHours: 9, availableAfterBusinessDays: 4 },
  usd: { utcOffsetHours: 0, availableAfterBusinessDays: 2 },
  eur: { utcOffsetHours: 0, availableAfterBusinessDays: 3 },
  gbp: { utcOffsetHours: 0, availableAfterBusinessDays: 3 },
};

export const PAYOUT_SCHEDULES = ['daily', 'weekly', 'monthly', 'manual'] as const;
export type PayoutSchedule = (typeof PAYOUT_SCHEDULES)[number];

const DAY = 86_400;
const FRIDAY = 5;

/** Business-day arithmetic in the local time of an account settling in one currency. */
export class SettlementCalendar {
  private readonly offset: number;
  private readonly delayDays: number;

  constructor(
    currency: Currency,
    private readonly schedule: PayoutSchedule,
  ) {
    this.offset = SETTLEMENT_TIMING[currency].utcOffsetHours * 3600;
    this.delayDays = SETTLEMENT_TIMING[currency].availableAfterBusinessDays;
  }

  /** When a card charge made at `created` becomes available: local midnight, that many business days on. */
  availableOn(created: number): number {
    return this.addBusinessDays(this.startOfLocalDay(created), this.delayDays);
  }

  /** When a payout created at `created` reaches the bank. */
  arrivalDate(created: number): number {
    return this.addBusinessDays(this.startOfLocalDay(created), 1);
  }

  /** The first automatic payout run strictly after `after`, or undefined for manual payouts. */
  nextPayoutRun(after: number): number | undefined {
    if (this.schedule === 'manual') return undefined;
    let day = this.startOfLocalDay(after) + DAY;
    while (!this.isPayoutDay(day)) day += DAY;
    return day;
  }

  private isPayoutDay(localMidnight: number): boolean {
    if (!this.isBusinessDay(localMidnight)) return false;
    const date = new Date((localMidnight + this.offset) * 1000);
    if (this.schedule === 'weekly') return date.getUTCDay() === FRIDAY;
    if (this.schedule === 'monthly') return this.isFirstBusinessDayOfMonth(localMidnight);
    return true;
  }

  private isFirstBusinessDayOfMonth(localMidnight: number): boolean {
    const month = new Date((localMidnight + this.offset) * 1000).getUTCMonth();
    let day = localMidnight - DAY;
    while (new Date((day + this.offset) * 1000).getUTCMonth() === month) {
      if (this.isBusinessDay(day)) return false;
      day -= DAY;
    }
    return true;
  }

  private addBusinessDays(localMidnight: number, days: number): number {
    let day = localMidnight;
    for (let added = 0; added < days; ) {
      day += DAY;
      if (this.isBusinessDay(day)) added++;
    }
    return day;
  }

  private isBusinessDay(localMidnight: number): boolean {
    const weekday = new Date((localMidnight + this.offset) * 1000).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The UTC time of the local midnight that starts the local day containing `at`. */
  private startOfLocalDay(at: number): number {
    return Math.floor((at + this.offset) / DAY) * DAY - this.offset;
  }
}
