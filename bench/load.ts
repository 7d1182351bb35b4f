/**
 * The load generator, always a process of its own so that it never shares an event loop with what it
 * measures. Reads a LoadSpec (JSON file named by argv[2]) and prints one LoadResult as JSON.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import type { GetLoad, LoadResult, LoadSpec, WebhookLoad } from './load-types.js';
import { replay } from './sql-replay.js';
import { idSwaps, swapIds } from './substitute.js';

function fromAutocannon(result: autocannon.Result): LoadResult {
  const completed = result['2xx'];
  // result.duration is whole seconds; start and finish have milliseconds.
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    completed,
    failed: result.non2xx + result.errors,
    seconds,
    perSecond: completed / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** Signed payment_intent.succeeded webhooks, one per donation, each sent once. */
async function webhooks(spec: WebhookLoad): Promise<LoadResult> {
  const stripe = new Stripe('sk_test_bench');
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: Math.min(spec.concurrency, spec.donations.length),
    amount: spec.donations.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const donation = spec.donations[next++ % spec.donations.length];
          const body = swapIds(spec.eventTemplate, idSwaps(spec.templateIds, donation));
          const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: spec.secret });
          return { ...request, body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
        },
      },
    ],
  });
  return fromAutocannon(result);
}

async function get(spec: GetLoad): Promise<LoadResult> {
  return fromAutocannon(await autocannon({ url: spec.url, connections: spec.concurrency, duration: spec.seconds }));
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadSpec;
  const run = { webhooks, get, replay }[spec.mode] as (s: LoadSpec) => Promise<LoadResult>;
  process.stdout.write(JSON.stringify(await run(spec)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
