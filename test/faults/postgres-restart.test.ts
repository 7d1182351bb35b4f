import { FAST_RECOVERY, FaultStack } from './fault-stack.js';
import { checkInvariants, type Check } from './invariants.js';
import { OwnPostgres } from './own-servers.js';
import { report, scenario, statusList } from './results.js';

const ORDER = 5;
const SCENARIO = 'PostgreSQL immediate restart';

const DONATIONS = 400;
const DOWN_MS = 2_000;
// The API gives up on a connection after 5 s (src/database/data-source-options.ts): an answer must come well within this.
const FAIL_FAST_MS = 6_000;
const RECEIPT_CONCURRENCY = 16;

describe('PostgreSQL restarted in immediate mode, mid-run', () => {
  let postgres: OwnPostgres;
  let stack: FaultStack;
  beforeAll(async () => {
    postgres = await OwnPostgres.start();
    stack = await FaultStack.start({ databaseUrl: postgres.url, env: FAST_RECOVERY });
  });
  afterAll(async () => {
    await stack?.close();
    await postgres?.stop();
  });

  it(
    'answers 503 fast during the outage, and Stripe’s retries get every event in afterwards',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        const token = await stack.admin();
        const outage = new Map<string, number>();
        let slowest = 0;
        const probe = async (what: string, call: () => Promise<{ status: number }>) => {
          const began = Date.now();
          const { status } = await call();
          slowest = Math.max(slowest, Date.now() - began);
          outage.set(`${what} ${status}`, (outage.get(`${what} ${status}`) ?? 0) + 1);
        };
        // Donors whose request fails with a 503 try again with the same Idempotency-Key; anything else ends the run.
        const retried = new Map<number, number>();
        const donations = await stack.donateMany(campaignIds, DONATIONS, {
          prefix: 'pg',
          retry: { statuses: [503], seen: retried },
          onProgress: async (done) => {
            if (done !== Math.round(DONATIONS / 3)) return;
            await postgres.stopImmediate();
            const outageEnds = Date.now() + DOWN_MS;
            while (Date.now() < outageEnds) {
              await probe('GET /health/ready', () => stack.request('GET', '/health/ready'));
              await probe('GET /api/campaigns/:id/totals', () => stack.request('GET', `/api/campaigns/${campaignIds[0]}/totals`, { token }));
              await probe('POST /api/campaigns/:id/donations', () =>
                stack.request('POST', `/api/campaigns/${campaignIds[0]}/donations`, { body: { amount: 1000, currency: 'jpy', email: 'outage@example.jp' } }),
              );
            }
            await postgres.start();
          },
        });
        await stack.settle(donations.length);
        const { checks, found } = await checkInvariants(stack, { campaignIds, maxResends: RECEIPT_CONCURRENCY });
        const webhooks = await stack.statusesOf('POST', '/api/webhooks/stripe');
        const donationStatuses = await stack.statusesOf('POST', '/api/campaigns/:id/donations');
        const outageStatuses = [...outage]
          .sort()
          .map(([k, n]) => `${k}×${n}`)
          .join(', ');
        const only = (statuses: Record<string, number>, allowed: string[]) => Object.keys(statuses).every((s) => allowed.includes(s));
        const extra: Check[] = [
          {
            name: 'the outage was seen',
            ok: [...outage.keys()].some((k) => k.endsWith(' 503')) && (webhooks['503'] ?? 0) > 0,
            detail: `${outageStatuses}; webhooks ${statusList(webhooks)}`,
          },
          { name: 'only 503 during the outage', ok: [...outage.keys()].every((k) => / (503|200)$/.test(k)), detail: outageStatuses },
          { name: `answers within ${FAIL_FAST_MS} ms`, ok: slowest < FAIL_FAST_MS, detail: `slowest ${slowest} ms` },
          { name: 'webhooks: 200 or 503, nothing else', ok: only(webhooks, ['200', '503']), detail: statusList(webhooks) },
          { name: 'donations: 201 or 503, nothing else', ok: only(donationStatuses, ['201', '503']), detail: statusList(donationStatuses) },
        ];
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations; after ${Math.round(DONATIONS / 3)} PostgreSQL stopped in immediate mode (SIGQUIT to the postmaster), down ${DOWN_MS / 1000} s, started again with crash recovery; the emulator kept delivering`,
            found: `webhook answers ${statusList(webhooks)}; donation answers ${statusList(donationStatuses)} (donors retried ${statusList(retried)}); during the outage ${outageStatuses}, slowest ${slowest} ms; ${found.events} events, ${found.storedEvents} stored; ${found.receipts} receipts, ${found.resends} resends`,
          },
          [...checks, ...extra],
          startedAt,
        );
      }),
    600_000,
  );
});
