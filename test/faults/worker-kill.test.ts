import { FAST_RECOVERY, FaultStack } from './fault-stack.js';
import { checkInvariants } from './invariants.js';
import { report, scenario } from './results.js';

const ORDER = 2;
const SCENARIO = 'worker kill -9';

const DONATIONS = 10_000;
const KILLS = 10;
// The batch sender has one message out per SMTP connection (MAIL_CONNECTIONS, 16 by default) and marks finished ones
// sent as soon as the previous mark is written (src/notifications/mail-batch.ts): between the mail server's OK and the
// mark, a kill can catch those out and those that finished while the last mark was written, at most twice as many.
const RECEIPT_CONCURRENCY = 32;

describe('kill -9 of the worker, 10 times during 10,000 receipts', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await FaultStack.start({ env: FAST_RECOVERY });
  });
  afterAll(() => stack?.close());

  it(
    'sends every receipt; a resend only for a mail accepted in the instant before a kill',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        const kills: { sent: number; downMs: number }[] = [];
        let watching = true;
        // Kill at evenly spread points of receipt progress, so every kill lands while receipts are being sent.
        const killer = (async () => {
          for (let k = 1; k <= KILLS && watching; k++) {
            const at = Math.round((k * DONATIONS) / (KILLS + 1));
            const deadline = Date.now() + 120_000;
            while (watching && (await stack.sentReceipts()) < at) {
              if (Date.now() > deadline) throw new Error(`receipts stopped short of ${at} after kill ${k - 1}: ${await stack.diagnose()}\nworker log:\n${stack.worker.log}`);
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            if (!watching) break;
            await stack.worker.stop('SIGKILL');
            const sent = await stack.sentReceipts();
            // Down for a moment of varying length, as a crashed container waits for its restart.
            const downMs = 200 + Math.round(Math.random() * 800);
            await new Promise((resolve) => setTimeout(resolve, downMs));
            stack.worker.start();
            kills.push({ sent, downMs });
          }
        })();
        const donations = await stack.donateMany(campaignIds, DONATIONS, { prefix: 'kill', concurrency: 32 });
        await stack.emulator.idle();
        await killer.catch((error) => {
          watching = false;
          throw error;
        });
        await stack.settle(donations.length);
        watching = false;
        const { checks, found } = await checkInvariants(stack, { campaignIds, maxResends: KILLS * RECEIPT_CONCURRENCY });
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations; the worker process killed with SIGKILL ${kills.length}× (at ${kills.map((k) => k.sent).join(', ')} receipts sent), restarted after 0.2–1 s`,
            found: `${found.events} events, ${found.storedEvents} stored; ${found.succeeded} succeeded; ${found.receipts} distinct receipts; ${found.resends} resends (same Message-ID, mailed just before a kill)`,
          },
          [...checks, { name: `${KILLS} kills`, ok: kills.length === KILLS, detail: `${kills.length} kills` }],
          startedAt,
        );
      }),
    900_000,
  );
});
