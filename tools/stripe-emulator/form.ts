/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracket notation for nesting,
 * `metadata[donation_id]=42`, `expand[0]=latest_charge` (or `expand[]=…`), `created[gte]=1700000000`.
 * The same parser reads query strings of GET requests.
 */
export type ParamValue = string | Params | ParamValue[];
export interface Params {
  [name: string]: ParamValue;
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export function parseForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const segments = keySegments(key);
    if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) continue;
    assign(root, segments, value);
  }
  return arraysFromIndexedObjects(root) as Params;
}

/** `a[b][0]` → `['a', 'b', '0']`; `a[]` → `['a', '']`. */
function keySegments(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  for (const match of key.slice(open).matchAll(/\[([^\]]*)\]/g)) segments.push(match[1]);
  return segments;
}

function assign(target: Params, segments: string[], value: string): void {
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] === '' ? String(Object.keys(node).length) : segments[i];
    const next = node[segment];
    if (typeof next !== 'object' || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Params;
  }
  const last = segments[segments.length - 1];
  node[last === '' ? String(Object.keys(node).length) : last] = value;
}

/** Objects whose keys are exactly 0..n-1 become arrays, as Stripe reads `payment_method_types[0]=card`. */
function arraysFromIndexedObjects(value: ParamValue): ParamValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysFromIndexedObjects(value[key]);
  const isIndexed = keys.length > 0 && keys.every((key, index) => key === String(index));
  return isIndexed ? keys.map((key) => value[key]) : value;
}
