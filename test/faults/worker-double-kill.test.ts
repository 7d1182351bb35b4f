import { FAST_RECOVERY, FaultStack } from './fault-stack.js';
import { checkInvariants } from './invariants.js';
import { report, scenario } from './results.js';
import { waitUntil } from '../support/wait.js';

const ORDER = 3;
const SCENARIO = 'worker killed twice on the same jobs';

// No more than the batch sender has out at once (one per SMTP connection, 16 by default, src/notifications/mail-batch.ts),
// so every one is in flight at the first kill and the second kill can only find the same ones, taken up again. The
// first kill comes once at least 8 wait at the mail server (often all 16 by then).
const DONATIONS = 16;
const MAIL_CONNECTIONS = 8;

describe('the worker killed twice while the same receipts are being mailed', () => {
  let stack: FaultStack;
  beforeAll(async () => {
    stack = await FaultStack.start({ env: FAST_RECOVERY });
  });
  afterAll(() => stack?.close());

  // A worker that crashes on the same jobs again (an OOM kill, a node that keeps dying) must still get them done.
  it(
    'mails every receipt once the mail server answers again',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        // The mail server goes slow: receipts wait in the middle of being mailed, where the kills find them.
        stack.mail.hold();
        const donations = await stack.donateMany(campaignIds, DONATIONS, { prefix: 'twice' });
        const caught: number[] = [];
        for (let kill = 1; kill <= 2; kill++) {
          await waitUntil(`${MAIL_CONNECTIONS} receipts in the middle of being mailed (kill ${kill})`, async () => stack.mail.waiting >= MAIL_CONNECTIONS, 60_000);
          caught.push(stack.mail.waiting);
          await stack.worker.stop('SIGKILL');
          // The mail server must see its senders gone: a message whose sender died before the answer was never accepted.
          await waitUntil('the mail server to see the killed worker hang up', async () => stack.mail.waiting === 0);
          stack.worker.start();
        }
        stack.mail.release();
        await stack.settle(donations.length, 60_000);
        const { checks, found } = await checkInvariants(stack, { campaignIds, maxResends: 0 });
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `${donations.length} donations with the mail server holding its answers; the worker killed with SIGKILL while ${caught.join(', then ')} of their receipts were at the mail server, restarted, the same jobs killed again once taken up; then the mail server answered`,
            found: `${found.succeeded} succeeded; ${found.receipts} distinct receipts, ${found.resends} resends`,
          },
          checks,
          startedAt,
        );
      }),
    300_000,
  );
});
