import { FAST_RECOVERY, FaultStack } from './fault-stack.js';
import { checkInvariants } from './invariants.js';
import { report, scenario } from './results.js';

const ORDER = 9;
const SCENARIO = 'API kill -9 mid-batch';

const DONATIONS = 2_000;
const KILLS = 5;

describe('kill -9 of the API, 5 times while it applies batches of stored webhooks', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await FaultStack.start({ env: FAST_RECOVERY });
  });
  afterAll(() => stack?.close());

  it(
    'applies every acknowledged event exactly once: a batch cut by the kill is rolled back and applied again',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        // Events stored but not yet applied, which includes those locked by a batch in flight.
        const unapplied = () => stack.count(`SELECT count(*) AS n FROM stripe_events WHERE applied_at IS NULL`);
        const stored = () => stack.count(`SELECT count(*) AS n FROM stripe_events`);
        const kills: { stored: number; unapplied: number; downMs: number }[] = [];
        let watching = true;
        const killer = (async () => {
          for (let k = 1; k <= KILLS && watching; k++) {
            const at = Math.round((k * DONATIONS) / (KILLS + 1));
            while (watching && (await stored()) < at) await new Promise((resolve) => setTimeout(resolve, 50));
            // Kill only while events are waiting or being applied, so the kill lands on a batch.
            while (watching && (await unapplied()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
            if (!watching) break;
            const pending = await unapplied();
            await stack.api.stop('SIGKILL');
            const downMs = 200 + Math.round(Math.random() * 800);
            await new Promise((resolve) => setTimeout(resolve, downMs));
            stack.api.start();
            await stack.waitForApi();
            kills.push({ stored: await stored(), unapplied: pending, downMs });
          }
        })();
        // Donors whose request finds the API down try again with the same Idempotency-Key.
        const retried = new Map<number, number>();
        const donations = await stack.donateMany(campaignIds, DONATIONS, { prefix: 'apikill', concurrency: 32, retry: { statuses: [0, 502, 503], seen: retried } });
        watching = false;
        await killer;
        await stack.settle(donations.length);
        const left = await unapplied();
        const failedTries = await stack.count(`SELECT coalesce(sum(apply_attempts), 0) AS n FROM stripe_events`);
        const { checks, found } = await checkInvariants(stack, { campaignIds });
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations; the API killed with SIGKILL ${kills.length}× with ${kills.map((k) => k.unapplied).join(', ')} events unapplied or in a batch at the kill, restarted after 0.2–1 s; donors retried ${[...retried.values()].reduce((a, b) => a + b, 0)} requests`,
            found: `${found.events} events, ${found.storedEvents} stored, ${left} left unapplied, ${failedTries} failed apply tries; ${found.succeeded} succeeded; ${found.chargeTransactions} charges in the ledger; ${found.receipts} receipts, ${found.resends} resends`,
          },
          [
            ...checks,
            { name: 'every stored event applied', ok: left === 0, detail: `${left} unapplied` },
            { name: `${KILLS} kills, each with a batch in flight`, ok: kills.length === KILLS && kills.every((k) => k.unapplied > 0), detail: JSON.stringify(kills) },
          ],
          startedAt,
        );
      }),
    900_000,
  );
});
