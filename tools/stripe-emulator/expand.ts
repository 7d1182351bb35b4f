import type { Account } from './account.js';
import { invalidRequest } from './errors.js';
import type { Params } from './form.js';
import { listPage } from './list.js';
import { optionalStringList } from './params.js';

type Node = Record<string, unknown>;

/** Fields Stripe leaves out unless `expand[]` asks for them, by object type: a charge's refunds since API version 2022-11-15. */
const INCLUDABLE: Record<string, Record<string, (account: Account, node: Node) => unknown>> = {
  charge: {
    refunds: (account, charge) => {
      const refunds = account.refunds.newestFirst().filter((refund) => refund.charge === charge.id);
      return listPage(structuredClone(refunds), {}, `/v1/charges/${String(charge.id)}/refunds`);
    },
  },
};

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
  const include = INCLUDABLE[String(node.object)]?.[head];
  if (include && !(head in node)) node[head] = include(account, node);
  if (!(head in node)) throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
  const value = node[head];
  if (typeof value === 'string') {
    const found = account.findAny(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    node[head] = structuredClone(found);
  }
  if (rest.length && node[head] && typeof node[head] === 'object') expandPath(account, node[head] as Node, rest, path);
}
