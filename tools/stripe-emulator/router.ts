import type { Account } from './account.js';
import type { Collection } from './collection.js';
import type { Params } from './form.js';
import { filterList, listPage } from './list.js';
import { checkKnownParams } from './params.js';
import type { RequestOrigin, StripeObject } from './types.js';

export interface RouteContext {
  account: Account;
  params: Params;
  /** The `:id` segments of the path, in order. */
  ids: string[];
  origin: RequestOrigin;
}

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: (context: RouteContext) => object;
}

/** `route('POST', '/v1/payment_intents/:id/confirm', handler)`; `:id` matches one path segment. */
export function route(method: Route['method'], path: string, handle: Route['handle']): Route {
  const pattern = new RegExp(`^${path.replaceAll(':id', '([^/]+)')}$`);
  return { method, pattern, handle };
}

export function findRoute(routes: Route[], method: string, path: string): { route: Route; ids: string[] } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (match) return { route: candidate, ids: match.slice(1).map(decodeURIComponent) };
  }
  return undefined;
}

const PAGING = ['limit', 'starting_after', 'ending_before', 'created'];

/** GET of one object; retrieve takes no parameters besides `expand`. */
export function retrieve(collection: (context: RouteContext) => Collection<StripeObject>) {
  return (context: RouteContext) => {
    checkKnownParams(context.params, []);
    return collection(context).get(context.ids[0]);
  };
}

/** GET of a list, newest first, filtered by the named fields and `created`. */
export function list(collection: (context: RouteContext) => Collection<StripeObject>, filters: string[]) {
  return (context: RouteContext) => {
    checkKnownParams(context.params, [...PAGING, ...filters]);
    const items = collection(context);
    return listPage(filterList(items.newestFirst(), context.params, filters), context.params, items.url);
  };
}
