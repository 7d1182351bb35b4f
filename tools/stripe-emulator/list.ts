import { invalidRequest } from './errors.js';
import type { Params } from './form.js';
import { optionalInteger, optionalString } from './params.js';
import type { StripeObject } from './types.js';

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

/** One page of `newestFirst`, Stripe's cursor pagination: `limit`, `starting_after`, `ending_before`. */
export function listPage<T extends StripeObject>(newestFirst: T[], query: Params, url: string): ListObject<T> {
  const limit = pageLimit(query);
  const startingAfter = optionalString(query, 'starting_after');
  const endingBefore = optionalString(query, 'ending_before');
  if (startingAfter) {
    const rest = newestFirst.slice(cursorIndex(newestFirst, startingAfter, 'starting_after') + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore) {
    const before = newestFirst.slice(0, cursorIndex(newestFirst, endingBefore, 'ending_before'));
    return { object: 'list', data: before.slice(-limit), has_more: before.length > limit, url };
  }
  return { object: 'list', data: newestFirst.slice(0, limit), has_more: newestFirst.length > limit, url };
}

function pageLimit(query: Params): number {
  const limit = optionalInteger(query, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) {
    throw invalidRequest(`This value must be between 1 and ${MAX_LIMIT}.`, { param: 'limit', code: 'parameter_invalid_integer' });
  }
  return limit;
}

function cursorIndex(items: StripeObject[], id: string, param: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) throw invalidRequest(`No such object: '${id}'`, { param, code: 'resource_missing' });
  return index;
}

const RANGE_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;

/** Stripe's range filter on a timestamp: `created=123` or `created[gte]=…&created[lt]=…`. */
function matchesRange(value: number, query: Params, name: string): boolean {
  const filter = query[name];
  if (filter === undefined) return true;
  if (typeof filter === 'string') return value === parseTimestamp(filter, name);
  if (Array.isArray(filter)) throw invalidRequest(`Invalid ${name}: must be a timestamp or a range.`, { param: name });
  for (const [operator, text] of Object.entries(filter)) {
    if (!(RANGE_OPERATORS as readonly string[]).includes(operator) || typeof text !== 'string') {
      throw invalidRequest(`Received unknown parameter: ${name}[${operator}]`, { param: `${name}[${operator}]`, code: 'parameter_unknown' });
    }
    if (!compare(value, operator, parseTimestamp(text, `${name}[${operator}]`))) return false;
  }
  return true;
}

function parseTimestamp(text: string, param: string): number {
  if (!/^\d+$/.test(text)) throw invalidRequest(`Invalid timestamp: ${text}`, { param, code: 'parameter_invalid_integer' });
  return Number(text);
}

function compare(value: number, operator: string, bound: number): boolean {
  if (operator === 'gt') return value > bound;
  if (operator === 'gte') return value >= bound;
  if (operator === 'lt') return value < bound;
  return value <= bound;
}

/** Keeps the items whose fields equal the query parameters of the same names (when given) and whose `created` is in range. */
export function filterList<T extends StripeObject>(items: T[], query: Params, fields: readonly string[]): T[] {
  let kept = items;
  for (const field of fields) {
    const wanted = optionalString(query, field);
    if (wanted !== undefined) kept = kept.filter((item) => item[field] === wanted);
  }
  return kept.filter((item) => matchesRange(item.created, query, 'created'));
}
