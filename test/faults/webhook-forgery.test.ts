import { isDeepStrictEqual } from 'node:util';
import Stripe from 'stripe';
import type { StripeEvent } from '../../tools/stripe-emulator/types.js';
import { FaultStack, WEBHOOK_SECRET } from './fault-stack.js';
import { checkInvariants, type Check } from './invariants.js';
import { report, scenario, statusList } from './results.js';

const ORDER = 6;
const SCENARIO = 'forged webhook flood';

const DONATIONS = 500;
const FORGED = 4_000;
const CONCURRENCY = 32;

const sdk = new Stripe('sk_test_unused');
const sign = (payload: string, secret = WEBHOOK_SECRET, timestamp?: number) => sdk.webhooks.generateTestHeaderString({ payload, secret, timestamp });
const now = () => Math.floor(Date.now() / 1000);

interface Forgery {
  body: string;
  signature?: string;
}

/**
 * Ways to get a webhook in without the endpoint's secret, each made from a real event the emulator sent. Forged
 * events carry ids of their own (`evt_forged_…`) so a stored one would show; the altered-body forgeries keep the
 * real id and change the money, which the ledger check would show.
 */
const FORGERIES: Record<string, (event: StripeEvent, n: number) => Forgery> = {
  'signed with another secret': (e, n) => {
    const body = JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2);
    return { body, signature: sign(body, 'whsec_someone_else') };
  },
  'stale timestamp (10 min)': (e, n) => {
    const body = JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2);
    return { body, signature: sign(body, WEBHOOK_SECRET, now() - 600) };
  },
  'body altered after signing (same id, amount × 100)': (e) => {
    const original = JSON.stringify(e, null, 2);
    const altered = structuredClone(e) as any;
    if (typeof altered.data.object.amount === 'number') altered.data.object.amount *= 100;
    if (typeof altered.data.object.amount_received === 'number') altered.data.object.amount_received *= 100;
    altered.data.object.metadata = { ...altered.data.object.metadata, forged: 'yes' };
    return { body: JSON.stringify(altered, null, 2), signature: sign(original) };
  },
  'body altered after signing (new id)': (e, n) => ({ body: JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2), signature: sign(JSON.stringify(e, null, 2)) }),
  'no signature header': (e, n) => ({ body: JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2) }),
  'garbage signature header': (e, n) => ({ body: JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2), signature: `t=${now()},v1=${'0'.repeat(64)}` }),
  'v0 scheme only': (e, n) => {
    const body = JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2);
    return { body, signature: sign(body).replace('v1=', 'v0=') };
  },
  'future timestamp, wrong secret': (e, n) => {
    const body = JSON.stringify({ ...e, id: `evt_forged_${n}` }, null, 2);
    return { body, signature: sign(body, 'whsec_someone_else', now() + 3600) };
  },
};

describe('a webhook flood with forged signatures mixed in', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await FaultStack.start({});
  });
  afterAll(() => stack?.close());

  it(
    'refuses every forgery with a 400 and stores none, while the real events are applied',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        const statuses = new Map<string, Map<number, number>>();
        let events: StripeEvent[] = [];
        let giving = true;
        const refresher = (async () => {
          while (giving) {
            events = stack.emulator.events();
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        })();
        let next = 0;
        const kinds = Object.keys(FORGERIES);
        const forger = async () => {
          while (next < FORGED) {
            if (!events.length) {
              await new Promise((resolve) => setTimeout(resolve, 50));
              continue;
            }
            const n = next++;
            const kind = kinds[n % kinds.length];
            const forgery = FORGERIES[kind](events[(n * 7919) % events.length], n);
            const headers: Record<string, string> = { 'content-type': 'application/json' };
            if (forgery.signature) headers['stripe-signature'] = forgery.signature;
            const { status } = await stack.request('POST', '/api/webhooks/stripe', { rawBody: forgery.body, headers });
            const byStatus = statuses.get(kind) ?? new Map<number, number>();
            byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
            statuses.set(kind, byStatus);
          }
        };
        const [donations] = await Promise.all([stack.donateMany(campaignIds, DONATIONS, { prefix: 'forgery' }), Promise.all(Array.from({ length: CONCURRENCY }, forger))]);
        giving = false;
        await refresher;
        await stack.settle(donations.length);
        const { checks, found } = await checkInvariants(stack, { campaignIds });

        // Through JSON, as Stripe sent it: the emulator's objects may hold undefined fields that JSON leaves out.
        const emulatorData = new Map(stack.emulator.events().map((e) => [e.id, JSON.parse(JSON.stringify(e.data))]));
        const stored = await stack.sql<{ id: string; data: string }>(`SELECT id, (payload::jsonb->'data')::text AS data FROM stripe_events`);
        const notStripes = stored.filter((row) => !isDeepStrictEqual(JSON.parse(row.data), emulatorData.get(row.id))).map((r) => r.id);
        const refused = [...statuses].filter(([, byStatus]) => [...byStatus.keys()].some((s) => s !== 400));
        const webhooks = await stack.statusesOf('POST', '/api/webhooks/stripe');
        const forgedTotal = [...statuses.values()].reduce((sum, m) => sum + [...m.values()].reduce((a, b) => a + b, 0), 0);
        const extra: Check[] = [
          {
            name: 'every forgery 400',
            ok: refused.length === 0 && forgedTotal === FORGED,
            detail: refused.map(([kind, s]) => `${kind}: ${statusList(s)}`).join('; ') || `${forgedTotal} × 400`,
          },
          {
            name: 'stored events are Stripe’s own',
            ok: notStripes.length === 0,
            detail: notStripes.length
              ? `${notStripes.length} stored events differ from what Stripe sent: ${notStripes.slice(0, 3).join(', ')}`
              : `${stored.length} stored, each as Stripe sent it`,
          },
        ];
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations (the emulator's ${found.events} real events) while ${forgedTotal} forged requests were posted ${CONCURRENCY} at a time: ${kinds.join(', ')}`,
            found: `webhook answers ${statusList(webhooks)}; forged: ${[...statuses].map(([k, s]) => `${statusList(s)} ${k}`).join('; ')}; ${found.storedEvents} events stored, 0 forged; ${found.receipts} receipts`,
          },
          [...checks, ...extra],
          startedAt,
        );
      }),
    600_000,
  );
});
