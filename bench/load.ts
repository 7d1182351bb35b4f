/**
 * The load generator, always a process of its own so that it never shares an event loop with what it
 * measures. Reads a LoadSpec (JSON file named by argv[2]) and prints one LoadResult as JSON.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';
import type { GetLoad, LoadResult, LoadSpec, SurgeDonation, SurgeLoad, SurgeResult, WebhookLoad } from './load-types.js';
import { postAll } from './http-load.js';
import { runMinimal } from './minimal-transaction.js';
import { roundRobin } from './spread.js';
import { percentile } from './stats.js';
import { idSwaps, swapIds } from './substitute.js';

function fromAutocannon(result: autocannon.Result): LoadResult {
  const completed = result['2xx'];
  // result.duration is whole seconds; start and finish have milliseconds.
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    completed,
    failed: result.non2xx + result.errors,
    startedAtMs: result.start.getTime(),
    seconds,
    perSecond: completed / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

// autocannon takes several URLs and spreads its connections over them; its types only know one.
const targets = (urls: string[]) => (urls.length === 1 ? urls[0] : urls) as string;

/**
 * Signed payment_intent.succeeded webhooks, one per donation, each sent once. They are signed before the clock
 * starts: Stripe signs on its own machines, not on the one being measured.
 */
async function webhooks(spec: WebhookLoad): Promise<LoadResult> {
  const stripe = new Stripe('sk_test_bench');
  const requests = spec.donations.map((donation) => {
    const body = swapIds(spec.eventTemplate, idSwaps(spec.templateIds, donation));
    const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: spec.secret });
    return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
  });
  return postAll(spec.urls, spec.concurrency, requests);
}

async function get(spec: GetLoad): Promise<LoadResult> {
  return fromAutocannon(await autocannon({ url: targets(spec.urls), connections: spec.concurrency, duration: spec.seconds }));
}

/** Amounts vary from donor to donor, so that a total off by one donation shows. */
const surgeAmount = (index: number) => 500 + (index % 20) * 100;

/** Each donor starts a donation through the API (which creates the PaymentIntent) and pays it at the emulator, as a browser would. */
async function surge(spec: SurgeLoad): Promise<SurgeResult> {
  const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: spec.stripePort, protocol: 'http', maxNetworkRetries: 0 });
  const nextApi = roundRobin(spec.apiUrls);
  const donations: SurgeDonation[] = [];
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const donor = async (index: number) => {
    const amount = surgeAmount(index);
    const response = await fetch(`${nextApi()}/api/campaigns/${spec.campaignId}/donations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount, currency: spec.currency, email: `surge-${spec.tag}-${index}@example.org` }),
    });
    if (!response.ok) throw new Error(`donation ${index}: ${response.status} ${await response.text()}`);
    const { donationId, paymentIntentId } = (await response.json()) as { donationId: string; paymentIntentId: string };
    const paid = await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
    if (paid.status !== 'succeeded') throw new Error(`donation ${index}: payment ${paid.status}`);
    donations.push({ donationId, amount });
  };
  const startedAtMs = Date.now();
  const started = performance.now();
  const lane = async () => {
    while (next < spec.count) {
      const index = next++;
      const begin = performance.now();
      try {
        await donor(index);
        latencies.push(performance.now() - begin);
      } catch (error) {
        failed += 1;
        if (failed <= 3) console.error((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  return {
    completed: donations.length,
    failed,
    startedAtMs,
    seconds,
    perSecond: donations.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    donations,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  const run = { webhooks, get, minimal: runMinimal, surge }[spec.mode] as (s: LoadSpec) => Promise<LoadResult>;
  process.stdout.write(JSON.stringify(await run(spec)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
