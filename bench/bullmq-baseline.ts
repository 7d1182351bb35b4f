/**
 * The receipts baseline: N jobs added to a bare BullMQ queue and processed by a worker doing nothing,
 * with the receipt worker's concurrency. Prints a LoadResult (the rate from first to last completion).
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import type { LoadResult } from './load-types.js';

const [redisUrl, countText, concurrencyText] = process.argv.slice(2);
const count = Number(countText);
const name = `bench-baseline-${process.pid}`;
const connection = () => new Redis(redisUrl, { maxRetriesPerRequest: null });

const queue = new Queue(name, { connection: connection() });
for (let start = 0; start < count; start += 1000) {
  await queue.addBulk(Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ name: 'receipt', data: { n: start + i }, opts: { removeOnComplete: true } })));
}
const finished: number[] = [];
const done = new Promise<void>((resolve) => {
  const worker = new Worker(name, async () => undefined, { connection: connection(), concurrency: Number(concurrencyText) });
  worker.on('completed', () => {
    finished.push(performance.now());
    if (finished.length === count) void worker.close().then(resolve);
  });
});
await done;
await queue.obliterate({ force: true });
await queue.close();
const seconds = (finished[count - 1] - finished[0]) / 1000;
const result: LoadResult = {
  completed: count,
  failed: 0,
  startedAtMs: Date.now() - (performance.now() - finished[0]),
  seconds,
  perSecond: (count - 1) / seconds,
  p50Ms: 0,
  p99Ms: 0,
};
process.stdout.write(JSON.stringify(result));
process.exit(0);
