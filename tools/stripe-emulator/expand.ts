import type { Account } from './account.js';
import { invalidRequest } from './errors.js';
import type { Params } from './form.js';
import { optionalStringList } from './params.js';

type Node = Record<string, unknown>;

/** Stripe's `expand[]`: replaces ids at the given dotted paths with the objects (`data.` walks a list). */
export function expandResponse(account: Account, body: object, params: Params): object {
  const paths = optionalStringList(params, 'expand') ?? [];
  for (const path of paths) expandPath(account, body as Node, path.split('.'), path);
  return body;
}

function expandPath(account: Account, node: Node, segments: string[], path: string): void {
  const [head, ...rest] = segments;
  if (node.object === 'list' && head === 'data' && Array.isArray(node.data)) {
    for (const item of node.data) if (rest.length) expandPath(account, item as Node, rest, path);
    return;
  }
  if (!(head in node)) throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
  const value = node[head];
  if (typeof value === 'string') {
    const found = account.findAny(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    node[head] = structuredClone(found);
  }
  if (rest.length && node[head] && typeof node[head] === 'object') expandPath(account, node[head] as Node, rest, path);
}
