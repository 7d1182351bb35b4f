import { SettlementCalendar } from '../../tools/stripe-emulator/payout-schedule.js';

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number | undefined) => (seconds === undefined ? undefined : new Date(seconds * 1000).toISOString());

describe('settlement calendar', () => {
  it('makes Japanese card funds available four business days on, at midnight in Tokyo', () => {
    const japan = new SettlementCalendar('jpy', 'daily');
    // Monday 30 November 2026, 10:00 in Tokyo → Friday 4 December, 00:00 in Tokyo.
    expect(iso(japan.availableOn(at('2026-11-30T01:00:00Z')))).toBe('2026-12-03T15:00:00.000Z');
    // Friday 4 December, 23:30 in Tokyo (still Friday there) → over the weekend to Thursday 10 December.
    expect(iso(japan.availableOn(at('2026-12-04T14:30:00Z')))).toBe('2026-12-09T15:00:00.000Z');
  });

  it('makes American card funds available two business days on, at midnight UTC', () => {
    const usa = new SettlementCalendar('usd', 'daily');
    expect(iso(usa.availableOn(at('2026-12-04T20:00:00Z')))).toBe('2026-12-08T00:00:00.000Z');
  });

  it('runs payouts on business days, Fridays or the first business day of the month, and never for manual payouts', () => {
    const saturday = at('2026-08-01T03:00:00Z'); // Saturday 1 August 2026, noon in Tokyo
    expect(iso(new SettlementCalendar('jpy', 'daily').nextPayoutRun(saturday))).toBe('2026-08-02T15:00:00.000Z');
    expect(iso(new SettlementCalendar('jpy', 'weekly').nextPayoutRun(saturday))).toBe('2026-08-06T15:00:00.000Z');
    expect(iso(new SettlementCalendar('jpy', 'monthly').nextPayoutRun(saturday))).toBe('2026-08-02T15:00:00.000Z');
    expect(iso(new SettlementCalendar('jpy', 'monthly').nextPayoutRun(at('2026-08-03T03:00:00Z')))).toBe('2026-08-31T15:00:00.000Z');
    expect(new SettlementCalendar('jpy', 'manual').nextPayoutRun(saturday)).toBeUndefined();
  });

  it('has a payout reach the bank the next business day', () => {
    const japan = new SettlementCalendar('jpy', 'daily');
    expect(iso(japan.arrivalDate(at('2026-12-03T15:00:00Z')))).toBe('2026-12-06T15:00:00.000Z');
  });
});
