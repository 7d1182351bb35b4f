import { FinanceError } from './finance.errors.js';

/** A half-open period [from, to); null means unbounded on that side. */
export interface Period {
  from: Date | null;
  to: Date | null;
}

// A date alone is midnight UTC; a date-time needs its zone, or "09:00" would mean whatever the server's zone is.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses an ISO 8601 date or date-time with a zone; JS alone would read 2026-02-31 as 3 March. */
function parseInstant(field: 'from' | 'to', value: string | undefined): Date | null {
  if (value === undefined) return null;
  const match = ISO_INSTANT.exec(value);
  const date = new Date(value);
  if (!match || Number.isNaN(date.getTime()) || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new FinanceError('invalid', `bad_${field}`, `${field} must be an ISO 8601 date (2011-03-11) or date-time with a zone (2011-03-11T05:46:00Z)`);
  }
  return date;
}

export function parsePeriod(query: { from?: string; to?: string }): Period {
  const period = { from: parseInstant('from', query.from), to: parseInstant('to', query.to) };
  if (period.from && period.to && period.to <= period.from) {
    throw new FinanceError('invalid', 'empty_period', 'to must be after from (to is exclusive)');
  }
  return period;
}
