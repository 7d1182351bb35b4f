import { FaultStack } from './fault-stack.js';
import { checkInvariants } from './invariants.js';
import { report, scenario, statusList } from './results.js';

const ORDER = 1;
const SCENARIO = 'duplicate + shuffled webhooks';

// A succeeded card payment makes three events at once (payment_intent.created, charge.succeeded, payment_intent.succeeded);
// its funds are pending for days, so balance.available comes only when the emulator's clock gets there.
const EVENTS = 10_000;
const EVENTS_PER_DONATION = 3;
const COPIES = 3;

describe('10,000 webhook events, each delivered 3 times, shuffled', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await FaultStack.start({ duplicates: COPIES, shuffle: true });
  });
  afterAll(() => stack?.close());

  it(
    'stores and applies each event once: ledger, totals and receipts as after one in-order delivery',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy'), await stack.campaign('jpy')];
        const donations = await stack.donateMany(campaignIds, Math.ceil(EVENTS / EVENTS_PER_DONATION), { prefix: 'dup', concurrency: 32 });
        await stack.settle(donations.length);
        const { checks, found } = await checkInvariants(stack, { campaignIds });
        const statuses = await stack.statusesOf('POST', '/api/webhooks/stripe');
        const outcomes = await stack.sql<{ type: string; n: string }>(`SELECT type, count(*) AS n FROM stripe_events GROUP BY type ORDER BY type`);
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations to 2 campaigns; the emulator made ${found.events} events and delivered each ${COPIES}× in random order`,
            found: `webhook answers ${statusList(statuses)}; ${found.storedEvents} events stored (${outcomes.map((o) => `${o.type} ${o.n}`).join(', ')}); ${found.chargeTransactions} charges; ${found.receipts} receipts, ${found.resends} resends`,
          },
          [
            ...checks,
            { name: `at least ${EVENTS} events`, ok: found.events >= EVENTS, detail: `${found.events} events` },
            // Every copy of every event reached the endpoint and got a 2xx, with nothing refused.
            {
              name: 'every copy acknowledged',
              ok: (statuses['200'] ?? 0) >= found.events * COPIES && Object.keys(statuses).every((s) => s === '200'),
              detail: statusList(statuses),
            },
          ],
          startedAt,
        );
      }),
    600_000,
  );
});
