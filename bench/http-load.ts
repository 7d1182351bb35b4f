/**
 * POSTs a fixed list of requests at a fixed concurrency and times each answer. Used instead of autocannon for
 * webhooks: every latency is kept (not a histogram), the clock runs from the first request to the last answer
 * exactly, and the requests are spread over several API processes in turn.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadResult } from './load-types.js';
import { roundRobin } from './spread.js';
import { percentile } from './stats.js';

export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

function post(url: URL, agent: http.Agent, request: PreparedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

export async function postAll(urls: string[], concurrency: number, requests: PreparedRequest[]): Promise<LoadResult> {
  const targets = urls.map((url) => ({ url: new URL(url), agent: new http.Agent({ keepAlive: true, maxSockets: concurrency }) }));
  const nextTarget = roundRobin(targets);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const startedAtMs = Date.now();
  const started = performance.now();
  const lane = async () => {
    while (next < requests.length) {
      const request = requests[next++];
      const target = nextTarget();
      const begin = performance.now();
      const status = await post(target.url, target.agent, request).catch(() => 0);
      if (status >= 200 && status < 300) latencies.push(performance.now() - begin);
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, lane));
  const seconds = (performance.now() - started) / 1000;
  for (const target of targets) target.agent.destroy();
  return {
    completed: latencies.length,
    failed,
    startedAtMs,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: latencies.length ? percentile(latencies, 50) : NaN,
    p99Ms: latencies.length ? percentile(latencies, 99) : NaN,
  };
}
