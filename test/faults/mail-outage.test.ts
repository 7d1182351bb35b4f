import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '../../tools/local/infra.js';
import { MAIL_RETRY_DELAYS_MS } from '../../src/queue/queue.registry.js';
import { FaultStack } from './fault-stack.js';
import { checkInvariants, type Check } from './invariants.js';
import { report, scenario } from './results.js';
import { waitUntil } from '../support/wait.js';

const ORDER = 8;
const SCENARIO = 'mail server away for days (scaled)';

const HOUR = 3_600_000;
// The retry policy of a mail job before this change: 8 attempts, exponential from 1 s. Its waits add up to 127 s.
const OLD_RETRY_SPAN_MS = Array.from({ length: 7 }, (_, i) => 1000 * 2 ** i).reduce((a, b) => a + b, 0);
// Longer than the old retries lasted, unscaled (and than the scaled new ones, so the early receipts run out of
// attempts): under the old policy every receipt of this outage was given up on.
const OUTAGE_MS = 150_000;
// The new policy's waits (about four days) shrunk to about a minute, so the early receipts spend all their retries
// inside the outage and are marked failed, while the late ones are still retrying when the server answers again.
const SCALE = 60_000 / MAIL_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
const THREE_DAYS_SCALED_MS = 72 * HOUR * SCALE;
const ATTEMPTS = MAIL_RETRY_DELAYS_MS.length + 1;
const EARLY = 40;
const LATE = 20;

/**
 * The mail server's address, as the worker sees it: while down nothing listens there (connections are refused, open
 * ones cut); while up every connection reaches the fault suite's real SMTP sink.
 */
class MailServerAddress {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  targetPort = 0;

  constructor(readonly port: number) {}

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe('the mail server away for longer than the old retries lasted, then back', () => {
  let address: MailServerAddress;
  let stack: FaultStack;
  beforeAll(async () => {
    address = new MailServerAddress(await freePort());
    stack = await FaultStack.start({ env: { SMTP_URL: address.smtpUrl, MAIL_RETRY_SCALE: String(SCALE), MAIL_RETRY_SWEEP_MS: '1000' } });
    address.targetPort = Number(new URL(stack.mail.smtpUrl).port);
  });
  afterAll(async () => {
    await stack?.close();
    await address?.down();
  });

  it(
    'delivers every receipt once it answers again, none twice, and marks nothing failed before three (scaled) days',
    () =>
      scenario(ORDER, SCENARIO, async (startedAt) => {
        const campaignIds = [await stack.campaign('jpy')];
        // Nothing listens at the mail server's address from the start: the outage begins before the first donation.
        const outageStart = Date.now();
        const early = await stack.donateMany(campaignIds, EARLY, { prefix: 'outage-early', concurrency: 8 });
        await waitUntil(
          `the ${EARLY} early receipts to spend every retry and be marked failed`,
          async () => (await stack.count(`SELECT count(*) AS n FROM receipts WHERE failed_at IS NOT NULL`)) === EARLY,
          OUTAGE_MS,
        );
        const failedSeen = await stack.sql<{ failed_at: Date; send_attempts: number }>(`SELECT failed_at, send_attempts FROM receipts WHERE failed_at IS NOT NULL`);
        const firstFailure = Math.min(...failedSeen.map((r) => new Date(r.failed_at).getTime()));
        // The late donors give while the server is still away, a little before it returns.
        const lateAt = outageStart + OUTAGE_MS - 30_000;
        if (Date.now() < lateAt) await new Promise((resolve) => setTimeout(resolve, lateAt - Date.now()));
        const late = await stack.donateMany(campaignIds, LATE, { prefix: 'outage-late', concurrency: 8 });
        const untilBack = outageStart + OUTAGE_MS - Date.now();
        if (untilBack > 0) await new Promise((resolve) => setTimeout(resolve, untilBack));
        const beforeReturn = await stack.sql<{ sent: string; failed: string; max_attempts: number; retrying: string }>(
          `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent, count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed,
                  max(send_attempts) AS max_attempts, count(*) FILTER (WHERE failed_at IS NULL AND sent_at IS NULL) AS retrying FROM receipts`,
        );
        const outageMs = Date.now() - outageStart;

        await address.up();
        const donations = [...early, ...late];
        await stack.settle(donations.length, 120_000);
        const after = await stack.sql<{ failed: string; max_attempts: number }>(
          `SELECT count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed, max(send_attempts) AS max_attempts FROM receipts`,
        );

        const { checks, found } = await checkInvariants(stack, { campaignIds, maxResends: 0 });
        const state = beforeReturn[0];
        const extra: Check[] = [
          {
            name: 'nothing delivered, nothing given up on, while away',
            ok: Number(state.sent) === 0 && Number(state.failed) === EARLY && Number(state.retrying) === LATE && state.max_attempts <= ATTEMPTS,
            detail: `after ${Math.round(outageMs / 1000)} s down (old retries lasted ${OLD_RETRY_SPAN_MS / 1000} s): ${state.sent} sent, ${state.failed} failed after all ${ATTEMPTS} attempts, ${state.retrying} still retrying, at most ${state.max_attempts} attempts each`,
          },
          {
            name: 'failed only after three (scaled) days',
            ok: firstFailure - outageStart >= THREE_DAYS_SCALED_MS && failedSeen.every((r) => r.send_attempts === ATTEMPTS),
            detail: `first failure ${Math.round((firstFailure - outageStart) / 100) / 10} s into the outage; three days scaled are ${Math.round(THREE_DAYS_SCALED_MS / 100) / 10} s; attempts of the failed: ${[...new Set(failedSeen.map((r) => r.send_attempts))].join(', ')}`,
          },
          {
            name: 'healed',
            ok: Number(after[0].failed) === 0,
            detail: `${after[0].failed} receipts still failed once the server answered; the failed ones sent by the sweep, the retrying ones by their next attempt`,
          },
        ];
        report(
          {
            order: ORDER,
            scenario: SCENARIO,
            done: `nothing listening at the mail server's address for ${Math.round(outageMs / 1000)} s (the old retries gave up after ${OLD_RETRY_SPAN_MS / 1000} s); ${EARLY} donations at its start, ${LATE} near its end; retry waits scaled ×${SCALE.toExponential(2)} (four days → one minute), the sweep every second`,
            found: `${state.failed} receipts marked failed and ${state.retrying} retrying when it came back; ${found.receipts} distinct receipts delivered for ${found.succeeded} donations, ${found.resends} resends`,
          },
          [...checks, ...extra],
          startedAt,
        );
      }),
    600_000,
  );
});
