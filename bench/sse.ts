/**
 * Live totals under load: N Server-Sent Events watchers of one campaign, held by a process of their own (plain
 * node:http, a few numbers per connection), then one change; reports how long every watcher took to get the new
 * totals. `benchSse()` is for bench/run.ts; as a script it runs against an API that is already up:
 *
 *   DATABASE_URL=… REDIS_URL=… REDIS_PREFIX=… node dist/bench/sse.js <apiUrl> <campaignId> <watchers> [apiPid]
 *
 * where the change is `announceGift()`: a gift written into the campaign's totals and announced as the payments
 * module does after its commit.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { totalsChannel } from '../src/campaigns/totals-channel.js';
import { percentile, round } from './stats.js';

export interface SseBenchOptions {
  apiUrl: string;
  campaignId: string;
  watchers: number;
  /** Makes the change and resolves once it is committed and announced (a donation, or `announceGift`). */
  trigger: () => Promise<void>;
  /** The API's process id: its descriptor limit is checked and its memory read. */
  apiPid?: number;
  /** How long every watcher may take to get the new totals before the rest count as not delivered. */
  deliveryTimeoutMs?: number;
}

export interface SseBenchResult {
  watchers: number;
  connected: number;
  failedToConnect: number;
  /** From the first connection to the initial event on the last one. */
  connectSeconds: number;
  /** How long the trigger took (the change is committed and announced when it resolves). */
  triggerMs: number;
  /** Watchers that got the new totals; the delays are from the start of the trigger to each one's event. */
  delivered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  clientRssMb: number;
  apiRssMb?: number;
  apiPeakRssMb?: number;
}

type ToChild = { type: 'open'; url: string; watchers: number } | { type: 'arm' } | { type: 'deliveries'; timeoutMs: number } | { type: 'close' };
type FromChild =
  | { type: 'ready'; connected: number; failed: number; connectSeconds: number; rssMb: number }
  | { type: 'armed' }
  | { type: 'deliveries'; arrivals: number[] }
  | { type: 'error'; message: string };

/** Open descriptors a process may hold (soft limit; Node raises it to the hard limit at start). */
function descriptorLimit(pid: number | 'self'): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' || soft === undefined ? Number.POSITIVE_INFINITY : Number(soft);
}

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? round(Number(match[1]) / 1024) : Number.NaN;
}

/** Each watcher costs the API one descriptor too; beyond the limit connections fail and the figures mean nothing. */
function checkDescriptors(who: string, pid: number | 'self', needed: number): void {
  const limit = descriptorLimit(pid);
  if (limit < needed) {
    throw new Error(`${who} may open ${limit} files, ${needed} are needed: raise it (ulimit -n ${needed} in the shell that starts it, or LimitNOFILE)`);
  }
}

const now = () => performance.timeOrigin + performance.now();

export async function benchSse(options: SseBenchOptions): Promise<SseBenchResult> {
  const margin = 256;
  if (options.apiPid) checkDescriptors('The API', options.apiPid, options.watchers + margin);
  const child = fork(fileURLToPath(import.meta.url), ['--watchers-process'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<FromChild>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the watchers' process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message: FromChild) => {
        child.off('exit', onExit);
        if (message.type === 'error') reject(new Error(message.message));
        else resolve(message);
      });
    });
  const send = (message: ToChild) => child.send(message);
  try {
    send({ type: 'open', url: `${options.apiUrl}/api/campaigns/${options.campaignId}/totals/stream`, watchers: options.watchers });
    const ready = await next();
    if (ready.type !== 'ready') throw new Error(`unexpected ${ready.type}`);
    // From here on only the trigger's change counts: an event a watcher got earlier (a second read of the same totals
    // as it joined) is not a delivery.
    send({ type: 'arm' });
    if ((await next()).type !== 'armed') throw new Error('the watchers were not armed');
    const started = now();
    await options.trigger();
    const triggerMs = now() - started;
    send({ type: 'deliveries', timeoutMs: options.deliveryTimeoutMs ?? 30_000 });
    const result = await next();
    if (result.type !== 'deliveries') throw new Error(`unexpected ${result.type}`);
    const delays = result.arrivals.map((at) => at - started);
    const stat = (p: number) => (delays.length ? round(percentile(delays, p)) : Number.NaN);
    return {
      watchers: options.watchers,
      connected: ready.connected,
      failedToConnect: ready.failed,
      connectSeconds: round(ready.connectSeconds),
      triggerMs: round(triggerMs),
      delivered: delays.length,
      p50Ms: stat(50),
      p99Ms: stat(99),
      maxMs: stat(100),
      clientRssMb: ready.rssMb,
      ...(options.apiPid && { apiRssMb: memoryMb(options.apiPid, 'VmRSS'), apiPeakRssMb: memoryMb(options.apiPid, 'VmHWM') }),
    };
  } finally {
    if (child.connected) send({ type: 'close' });
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
}

/** A gift of `amount` in the campaign's totals, announced on the channel the API listens to. */
async function announceGift(options: { databaseUrl: string; redisUrl: string; redisPrefix?: string; campaignId: string; amount: number }): Promise<void> {
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO campaign_total_slots (campaign_id, slot, gross_amount, donation_count, donor_count) VALUES ($1, 15, $2, 1, 1)
       ON CONFLICT (campaign_id, slot) DO UPDATE SET gross_amount = campaign_total_slots.gross_amount + $2,
         donation_count = campaign_total_slots.donation_count + 1, donor_count = campaign_total_slots.donor_count + 1`,
      [options.campaignId, options.amount],
    );
  } finally {
    await db.end();
  }
  const redis = new Redis(options.redisUrl);
  try {
    await redis.publish(totalsChannel({ REDIS_PREFIX: options.redisPrefix ?? 'kizuna' }), options.campaignId);
  } finally {
    redis.disconnect();
  }
}

/** Connections being opened at once: more would overflow the API's accept backlog and cost SYN retries. */
const OPENING_AT_ONCE = 200;

/** The watchers' process: per watcher a socket, an event count and an arrival time, nothing else. */
function watchersProcess(): void {
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const responses: { destroy(): void }[] = [];
  let seen = new Uint8Array(0);
  let arrivals = new Float64Array(0);
  /** Set by 'arm': each watcher's first event after it is the one measured. */
  let armed = false;
  const reply = (message: FromChild) => process.send!(message);

  const open = (url: string, watchers: number) => {
    checkDescriptors('The watchers’ process', 'self', watchers + 64);
    seen = new Uint8Array(watchers);
    arrivals = new Float64Array(watchers);
    const started = now();
    let nextIndex = 0;
    let settled = 0;
    let failed = 0;
    const settle = () => {
      settled++;
      if (nextIndex < watchers) connect(nextIndex++);
      if (settled === watchers) {
        reply({ type: 'ready', connected: watchers - failed, failed, connectSeconds: (now() - started) / 1000, rssMb: memoryMb(process.pid, 'VmRSS') });
      }
    };
    const connect = (i: number) => {
      let first = true;
      const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
        responses.push(response);
        if (response.statusCode !== 200) {
          failed++;
          response.resume();
          settle();
          return;
        }
        response.setEncoding('utf8');
        // Each event is one small write on the API's side, so it arrives in one chunk.
        response.on('data', (chunk: string) => {
          for (let at = chunk.indexOf('event: totals'); at >= 0; at = chunk.indexOf('event: totals', at + 1)) {
            if (seen[i] === 0) seen[i] = 1;
            else if (armed && seen[i] === 1) {
              seen[i] = 2;
              arrivals[i] = now();
            }
            if (first) {
              first = false;
              settle();
            }
          }
        });
      });
      req.on('error', () => {
        if (first) {
          first = false;
          failed++;
          settle();
        }
      });
      req.end();
    };
    while (nextIndex < Math.min(OPENING_AT_ONCE, watchers)) connect(nextIndex++);
  };

  const deliveries = (timeoutMs: number) => {
    const deadline = now() + timeoutMs;
    const check = () => {
      const waiting = seen.some((count) => count === 1);
      if (waiting && now() < deadline) {
        setTimeout(check, 20);
        return;
      }
      reply({ type: 'deliveries', arrivals: [...arrivals].filter((at) => at > 0) });
    };
    check();
  };

  process.on('message', (message: ToChild) => {
    try {
      if (message.type === 'open') open(message.url, message.watchers);
      else if (message.type === 'arm') {
        armed = true;
        reply({ type: 'armed' });
      } else if (message.type === 'deliveries') deliveries(message.timeoutMs);
      else {
        for (const response of responses) response.destroy();
        agent.destroy();
        process.disconnect();
      }
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
}

async function main(): Promise<void> {
  const [apiUrl, campaignId, watchers = '1000', apiPid] = process.argv.slice(2);
  const { DATABASE_URL, REDIS_URL, REDIS_PREFIX } = process.env;
  if (!apiUrl || !campaignId || !DATABASE_URL || !REDIS_URL) {
    console.error('usage: DATABASE_URL=… REDIS_URL=… [REDIS_PREFIX=…] node dist/bench/sse.js <apiUrl> <campaignId> [watchers] [apiPid]');
    process.exit(2);
  }
  const result = await benchSse({
    apiUrl,
    campaignId,
    watchers: Number(watchers),
    apiPid: apiPid ? Number(apiPid) : undefined,
    trigger: () => announceGift({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX, campaignId, amount: 1000 }),
  });
  console.log(JSON.stringify(result, null, 2));
}

if (process.argv.includes('--watchers-process')) watchersProcess();
else if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
