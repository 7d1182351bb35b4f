import { createHmac, randomUUID } from 'node:crypto';
import { FaultStack, type HttpResult } from './fault-stack.js';
import type { Check } from './invariants.js';
import { report, scenario, statusList } from './results.js';

const ORDER = 7;
const SCENARIO = 'malformed input sweep';

/**
 * Every route the API documents, swept with malformed input: wrong types, missing and unknown fields, bad JSON,
 * bodies over the 1 MiB limit, bad path ids and query values, bad tokens. The routes come from the OpenAPI
 * document the API serves, so a new route is swept without touching this file.
 */

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
}

interface Operation {
  method: string;
  path: string;
  staff: boolean;
  pathParams: string[];
  queryParams: { name: string; schema: Schema }[];
  headers: string[];
  body: Schema | undefined;
}

interface Attempt {
  operation: Operation;
  what: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /**
   * A null in an optional field: class-validator's IsOptional, which most DTOs use, reads it as "left out", a
   * common and harmless convention, so the request may be taken. These go last, checked only for no 5xx.
   */
  lenient?: boolean;
}

const BODY_LIMIT = 1024 * 1024;
const OVERSIZE = 'a JSON body over the 1 MiB limit';
const CLOSED_ON_OVERSIZE = 'connection closed on a body over the limit';
const CONCURRENCY = 16;

function operations(doc: any): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema);
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      staff: Boolean(op.security?.length),
      pathParams: (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
      queryParams: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema ?? {} })),
      headers: (op.parameters ?? []).filter((p: any) => p.in === 'header').map((p: any) => String(p.name).toLowerCase()),
      body: resolve(op.requestBody?.content?.['application/json']?.schema),
    })),
  );
}

/** A value the schema accepts, to build bodies where exactly one thing is wrong. */
function validValue(name: string, schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.type === 'number' || schema.type === 'integer') return schema.minimum ?? 1000;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'date-time') return new Date().toISOString();
  if (/email/i.test(name)) return 'someone@example.org';
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
}

/** Values of the wrong type or outside the schema's bounds. */
function wrongValues(schema: Schema): [string, unknown][] {
  const common: [string, unknown][] = [
    ['null', null],
    ['an object', { nested: true }],
    ['an array', [1, 2]],
  ];
  if (schema.type === 'number' || schema.type === 'integer') {
    const out: [string, unknown][] = [...common, ['a numeric string', '1000'], ['a fraction', 1.5], ['a negative', -1], ['1e21', 1e21], ['a boolean', true]];
    if (schema.minimum !== undefined) out.push(['below the minimum', schema.minimum - 1]);
    if (schema.maximum !== undefined) out.push(['above the maximum', schema.maximum + 1]);
    return out;
  }
  if (schema.type === 'boolean') return [...common, ['a string', 'yes'], ['a number', 1]];
  const out: [string, unknown][] = [...common, ['a number', 12345], ['a boolean', false], ['a NUL character', 'a\u0000b']];
  if (schema.enum) out.push(['a value not in the enum', 'no-such-value']);
  if (schema.format === 'date-time') out.push(['a non-date', 'yesterday'], ['an impossible date', '2026-13-45T99:99:99Z']);
  if (schema.pattern) out.push(['a value not matching the pattern', 'Not A Valid Value!']);
  if ((schema.minLength ?? 0) > 0) out.push(['an empty string', '']);
  if (schema.maxLength !== undefined) out.push(['a string over maxLength', 'x'.repeat(schema.maxLength + 1)]);
  return out;
}

const BAD_IDS: [string, string][] = [
  ['not-a-uuid', 'not-a-uuid'],
  ['zero', '0'],
  ['negative', '-1'],
  ['SQL', encodeURIComponent("' OR '1'='1")],
  ['NUL byte', '%00'],
  ['traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['5,000 characters', 'a'.repeat(5000)],
  ['emoji', '%F0%9F%92%A5'],
  ['nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['unknown UUID', randomUUID()],
  ['UUID with junk', `${randomUUID()}x`],
  ['bad percent-encoding', '%E0%A4%A'],
];

function forgedJwt(payload: object, secret: string, alg = 'HS256'): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg, typ: 'JWT' })}.${part(payload)}`;
  if (alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function badTokens(): [string, string][] {
  const claims = { sub: randomUUID(), role: 'admin', email: 'admin@test.kizuna', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 };
  return [
    ['a garbage bearer token', 'Bearer garbage'],
    ['an empty bearer token', 'Bearer '],
    ['a token signed with another secret', `Bearer ${forgedJwt(claims, 'not-the-secret-not-the-secret-not-the-secret')}`],
    ['an unsigned token (alg none)', `Bearer ${forgedJwt(claims, '', 'none')}`],
    ['Basic credentials', `Basic ${Buffer.from('admin@test.kizuna:admin-password-for-tests').toString('base64')}`],
  ];
}

/** Every malformed request to one operation. `ids` are real ids by the path segment before the parameter. */
function attemptsFor(op: Operation, ids: Record<string, string>, adminToken: string): Attempt[] {
  const realId = (param: string) => {
    const segment = op.path.split('/')[op.path.split('/').indexOf(`{${param}}`) - 1];
    return ids[segment] ?? randomUUID();
  };
  const pathWith = (values: Record<string, string>) => op.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? realId(name));
  const realPath = pathWith({});
  const auth: Record<string, string> = op.staff ? { authorization: `Bearer ${adminToken}` } : {};
  const json = { 'content-type': 'application/json' };
  const attempts: Attempt[] = [];
  const add = (what: string, path: string, headers: Record<string, string>, body?: string | Buffer, lenient = false) =>
    attempts.push({ operation: op, what, path, headers, body, lenient });

  for (const param of op.pathParams) {
    for (const [what, value] of BAD_IDS) {
      const path = pathWith({ [param]: value });
      add(`:${param} ${what}`, path, {});
      if (op.staff) add(`:${param} ${what}, staff`, path, auth);
    }
  }
  if (op.staff) for (const [what, header] of badTokens()) add(what, realPath, { ...json, authorization: header }, '{}');

  for (const { name, schema } of op.queryParams) {
    for (const [what, value] of [...wrongValues(schema), ['5,000 characters', 'q'.repeat(5000)]] as [string, unknown][]) {
      if (value === null || typeof value === 'object') continue;
      add(`?${name} ${what}`, `${realPath}?${name}=${encodeURIComponent(String(value))}`, auth);
    }
    add(`?${name} twice`, `${realPath}?${name}=a&${name}=b`, auth);
  }
  if (op.headers.includes('idempotency-key')) {
    add('an Idempotency-Key of 300 characters', realPath, { ...json, 'idempotency-key': 'k'.repeat(300) }, '{}');
    add('an Idempotency-Key with spaces and a non-ASCII letter', realPath, { ...json, 'idempotency-key': 'cl\u00e9 avec espace' }, '{}');
  }
  if (op.headers.includes('accept-language')) add('a garbage Accept-Language', realPath, { ...json, 'accept-language': ';;q=abc,,*-*' }, '{}');
  if (op.headers.includes('stripe-signature'))
    add('a garbage Stripe-Signature', realPath, { ...json, 'stripe-signature': 't=,v1=,,==' }, '{"id":"evt_x","type":"payment_intent.succeeded"}');

  if (op.method === 'GET') return attempts;
  // Whatever a route takes, these never get past the body parser.
  const envelope: [string, Record<string, string>, string | Buffer][] = [
    ['truncated JSON', json, '{"amount": '],
    ['single-quoted JSON', json, "{'amount': 1}"],
    [OVERSIZE, json, JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT + 1024) })],
    ['an XML body', { 'content-type': 'application/xml' }, '<donation><amount>1</amount></donation>'],
  ];
  for (const [what, headers, body] of envelope) {
    add(what, realPath, { ...headers, ...auth }, body);
    if (op.staff) add(`${what}, no token`, realPath, headers, body);
  }
  if (!op.body) return attempts;

  const properties = op.body.properties ?? {};
  const required = op.body.required ?? [];
  const base = Object.fromEntries(required.map((name) => [name, validValue(name, properties[name] ?? {})]));
  const bodies: [string, unknown, boolean?][] = [
    ['null', null],
    ['an array', [base]],
    ['a string', 'hello'],
    ['a number', 42],
    ['only an unknown field', { unknownField: 1 }],
    ['an unknown field beside valid ones', { ...base, unknownField: 1 }],
    ['__proto__ pollution', JSON.parse(`{"__proto__": {"role": "admin"}, ${JSON.stringify(base).slice(1, -1) || '"x": 1'}}`)],
    ['10,000 keys', Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))],
  ];
  if (required.length) bodies.push(['an empty object', {}]);
  for (const name of required) {
    const { [name]: _, ...rest } = base;
    bodies.push([`${name} missing`, rest]);
  }
  for (const [name, schema] of Object.entries(properties)) {
    for (const [what, value] of wrongValues(schema)) bodies.push([`${name} ${what}`, { ...base, [name]: value }, value === null && !required.includes(name)]);
  }
  for (const [what, body, lenient] of bodies) add(`body: ${what}`, realPath, { ...json, ...auth }, JSON.stringify(body), lenient);
  add('body: arrays nested 5,000 deep', realPath, { ...json, ...auth }, '['.repeat(5000) + ']'.repeat(5000));
  add('form-encoded body with an unknown field', realPath, { 'content-type': 'application/x-www-form-urlencoded', ...auth }, 'unknownField=1');
  add('empty JSON body', realPath, { ...json, ...auth }, '');
  return attempts;
}

/** Row count and a digest of every row, per table: any insert, update or delete changes one. */
async function snapshot(stack: FaultStack): Promise<Map<string, string>> {
  const tables = await stack.sql<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const result = new Map<string, string>();
  for (const { name } of tables) {
    const [row] = await stack.sql<{ n: string; digest: string }>(`SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${name}" t`);
    result.set(name, `${row.n} rows ${row.digest}`);
  }
  return result;
}

describe('malformed input to every route', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await FaultStack.start({ worker: false });
  });
  afterAll(() => stack?.close());

  it(
    'never answers 5xx and writes nothing',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const admin = await stack.admin();
        // Real objects for the path ids, so a bad body meets a route that would otherwise act.
        const campaign = await stack.campaign('jpy');
        const donation = await stack.donate(campaign, 1000, 'sweep@example.jp');
        await stack.emulator.idle();
        const update = await stack.request('POST', `/api/campaigns/${campaign}/updates`, {
          token: admin,
          body: { title: 'Boats back', body: 'First boats are back on the water.' },
        });
        const run = await stack.request('POST', '/api/finance/reconciliation/runs', { token: admin, body: {} });
        if (update.status !== 201 || run.status !== 202) throw new Error(`fixtures: update ${update.status} ${update.text}, run ${run.status} ${run.text}`);
        const ids: Record<string, string> = { campaigns: campaign, donations: donation.donationId, updates: update.body.id, runs: run.body.runId };

        const doc = await stack.request('GET', '/api/docs/openapi.json');
        if (doc.status !== 200) throw new Error(`OpenAPI document: ${doc.status}`);
        const ops = operations(doc.body);
        const all = ops.flatMap((op) => attemptsFor(op, ids, admin));
        const attempts = all.filter((a) => !a.lenient);
        const lenient = all.filter((a) => a.lenient);
        // Let anything the fixtures started settle before the first snapshot.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const before = await snapshot(stack);

        const send = async (list: Attempt[], onResult: (attempt: Attempt, label: string, result: HttpResult) => void) => {
          let next = 0;
          const sender = async () => {
            while (next < list.length) {
              const attempt = list[next++];
              const label = `${attempt.operation.method} ${attempt.operation.path} (${attempt.what})`;
              const result = await stack
                .request(attempt.operation.method, attempt.path, { headers: attempt.headers, rawBody: attempt.body })
                .catch((error: NodeJS.ErrnoException): HttpResult => {
                  // Fastify refuses a body over the limit from its Content-Length and closes the connection without reading
                  // it; a client still writing then sees the close (EPIPE, ECONNRESET) before the 413 it was sent.
                  const refusedUnread = attempt.what.startsWith(OVERSIZE) && (error.code === 'EPIPE' || error.code === 'ECONNRESET');
                  return { status: 0, text: refusedUnread ? `${CLOSED_ON_OVERSIZE}: ${error.message}` : error.message, body: undefined, contentType: '' };
                });
              onResult(attempt, label, result);
            }
          };
          await Promise.all(Array.from({ length: CONCURRENCY }, sender));
        };
        const statuses = new Map<number, number>();
        const serverErrors: string[] = [];
        const accepted: string[] = [];
        const badErrorBodies: string[] = [];
        await send(attempts, (attempt, label, result) => {
          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          if (result.text.startsWith(CLOSED_ON_OVERSIZE)) return;
          if (result.status >= 500 || result.status === 0) serverErrors.push(`${label}: ${result.status} ${result.text.slice(0, 200)}`);
          else if (attempt.operation.method !== 'GET' && result.status < 300) accepted.push(`${label}: ${result.status}`);
          else if (
            result.status >= 400 &&
            result.contentType.includes('json') &&
            !(result.body?.statusCode === result.status && typeof result.body?.message === 'string' && typeof result.body?.error === 'string')
          ) {
            badErrorBodies.push(`${label}: ${result.text.slice(0, 120)}`);
          }
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        const after = await snapshot(stack);
        const changed = [...before]
          .filter(([table, digest]) => after.get(table) !== digest)
          .map(([table, digest]) => `${table}: ${digest.split(' ')[0]} → ${after.get(table)?.split(' ')[0]} rows`);
        // After the snapshot: nulls in optional fields, which may be taken as "left out", must at least never be a 5xx.
        const lenientStatuses = new Map<number, number>();
        await send(lenient, (_, label, result) => {
          lenientStatuses.set(result.status, (lenientStatuses.get(result.status) ?? 0) + 1);
          if (result.status >= 500 || result.status === 0) serverErrors.push(`${label}: ${result.status} ${result.text.slice(0, 200)}`);
        });
        // Sanity: the API is still up and still serving the real objects.
        const stillThere = await stack.request('GET', `/api/donations/${donation.donationId}`, { token: admin });

        const checks: Check[] = [
          { name: 'never 5xx', ok: serverErrors.length === 0, detail: serverErrors.slice(0, 5).join('; ') },
          { name: 'nothing written', ok: changed.length === 0, detail: changed.join('; ') || `${before.size} tables unchanged` },
          { name: 'no malformed write accepted', ok: accepted.length === 0, detail: accepted.slice(0, 5).join('; ') },
          { name: 'errors are {statusCode, error, message}', ok: badErrorBodies.length === 0, detail: badErrorBodies.slice(0, 5).join('; ') },
          { name: 'still serving', ok: stillThere.status === 200, detail: `GET /api/donations/:id ${stillThere.status}` },
        ];
        const summary = [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(', ');
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${attempts.length} malformed requests to all ${ops.length} operations of the OpenAPI document (${ops.filter((o) => o.staff).length} staff-only), with and without an admin token: bad path ids, query values, tokens, headers, JSON, bodies over 1 MiB, wrong types, missing and unknown fields`,
            found: `statuses ${summary}; then ${lenient.length} with null in an optional field: ${statusList(lenientStatuses)}; ${serverErrors.length} server errors; ${changed.length} of ${before.size} tables changed`,
          },
          checks,
          startedAt,
        );
      }),
    300_000,
  );
});
