import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import type { FanOutResult, LoadResult } from './load-types.js';
import { median, round } from './stats.js';

export interface Figures {
  scale: number;
  repeats: number;
  ingestionDonations: number;
  totalsConcurrency: number;
  totalsSeconds: number;
  receiptsCount: number;
  receiptConcurrency: number;
  fanOutDonors: number;
  ingestion: { concurrency: number; app: LoadResult; baseline: LoadResult; recorded: boolean }[];
  totals: { app: LoadResult[]; baseline: LoadResult[] };
  receipts: LoadResult[];
  receiptsBaseline: LoadResult[];
  fanOut: FanOutResult;
  apiRssMb: number;
  workerRssMb: number;
  postgresVersion: string;
  minutes: number;
}

const TARGETS = {
  ingestionPerSecond: 1000,
  ingestionP99Ms: 100,
  ingestionRatio: 0.6,
  totalsRatio: 0.6,
  receiptsPerSecond: 500,
  fanOutSeconds: 180,
  apiRssMb: 250,
};

const medianOf = (results: LoadResult[], key: keyof LoadResult) => median(results.map((r) => r[key] as number));
const mark = (met: boolean) => (met ? 'met' : '**missed**');
const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
}

function ingestionRows(figures: Figures): string[] {
  const levels = [...new Set(figures.ingestion.map((r) => r.concurrency))];
  return levels.map((concurrency) => {
    const runs = figures.ingestion.filter((r) => r.concurrency === concurrency);
    const app = runs.map((r) => r.app);
    const baseline = runs.map((r) => r.baseline);
    const rate = medianOf(app, 'perSecond');
    const p99 = medianOf(app, 'p99Ms');
    const baseRate = medianOf(baseline, 'perSecond');
    const met = rate >= TARGETS.ingestionPerSecond && p99 < TARGETS.ingestionP99Ms && rate / baseRate >= TARGETS.ingestionRatio;
    return `| ${concurrency} | ${round(rate, 0)} | ${medianOf(app, 'p50Ms')} | ${p99} | ${round(baseRate, 0)} | ${round(medianOf(baseline, 'p50Ms'))} | ${round(medianOf(baseline, 'p99Ms'))} | ${percent(rate / baseRate)} | ${runs.every((r) => r.recorded && r.app.failed === 0) ? 'yes' : '**no**'} | ${mark(met)} |`;
  });
}

function fanOutFigure(fanOut: FanOutResult, donors: number): string {
  const rate = `${round(fanOut.sent / fanOut.seconds, 0)} emails/s`;
  if (fanOut.finished) return `${round(fanOut.seconds)} s (${rate})`;
  return `unfinished: ${fanOut.sent.toLocaleString('en')} of ${donors.toLocaleString('en')} after ${fanOut.seconds} s (${rate})`;
}

export function writeResults(file: string, f: Figures): void {
  const totalsApp = medianOf(f.totals.app, 'perSecond');
  const totalsBare = medianOf(f.totals.baseline, 'perSecond');
  const receipts = medianOf(f.receipts, 'perSecond');
  const receiptsBare = medianOf(f.receiptsBaseline, 'perSecond');
  const cpu = cpus();
  const analysis = existsSync('bench/ANALYSIS.md') ? readFileSync('bench/ANALYSIS.md', 'utf8') : '';
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${round(f.minutes)} minutes${f.scale === 1 ? '' : ` (BENCH_SCALE=${f.scale}: not a full run)`}. Every figure is the median of ${f.repeats} runs, except the fan-out (one run of ${f.fanOutDonors.toLocaleString('en')} donors).`,
    '',
    '## Machine and versions',
    '',
    `- ${cpu.length} × ${cpu[0]?.model.trim()}, ${round(totalmem() / 2 ** 30)} GiB memory, Linux ${release()}; everything below (database, Redis, emulator, API, worker, load generator) shares these cores.`,
    `- Node ${process.versions.node}, PostgreSQL ${f.postgresVersion} (fsync and synchronous_commit on), Redis from Debian, NestJS ${versionOf('@nestjs/core')}, Fastify ${versionOf('fastify')}, TypeORM ${versionOf('typeorm')}, pg ${versionOf('pg')}, BullMQ ${versionOf('bullmq')}, stripe ${versionOf('stripe')}, autocannon ${versionOf('autocannon')}.`,
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm ci',
    `npm run bench        # about ${Math.ceil(f.minutes)} minutes; writes bench/RESULTS.md`,
    'BENCH_SCALE=0.1 npm run bench   # a quick try at a tenth of the sizes; writes under .data/bench/',
    '```',
    '',
    '## Ingestion: signed payment_intent.succeeded webhooks for one campaign',
    '',
    `${f.ingestionDonations} donations per run, each webhook answered 200 only once its donation is in the ledger, the campaign totals and the outbox (one transaction). Baseline: the same SQL statements, captured from the API, replayed through \`pg\` with the same concurrency and the API's pool size.`,
    '',
    '| concurrency | app donations/s | app p50 ms | app p99 ms | baseline/s | baseline p50 ms | baseline p99 ms | app / baseline | all recorded | target (≥ 1,000/s, p99 < 100 ms, ≥ 60 %) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...ingestionRows(f),
    '',
    '## The other benchmarks',
    '',
    '| benchmark | app | baseline | app / baseline | target | |',
    '| --- | ---: | ---: | ---: | --- | --- |',
    `| totals read, \`GET /api/campaigns/:id/totals\`, ${f.totalsConcurrency} connections, ${f.totalsSeconds} s | ${round(totalsApp, 0)} req/s (p99 ${medianOf(f.totals.app, 'p99Ms')} ms) | ${round(totalsBare, 0)} req/s bare Fastify | ${percent(totalsApp / totalsBare)} | ≥ 60 % of bare Fastify | ${mark(totalsApp / totalsBare >= TARGETS.totalsRatio)} |`,
    `| receipts: ${f.receiptsCount} donations → receipt emails (PDF attached) accepted by the SMTP sink | ${round(receipts, 0)} receipts/s | ${round(receiptsBare, 0)} jobs/s bare BullMQ, concurrency ${f.receiptConcurrency} | ${percent(receipts / receiptsBare)} | ≥ 500/s | ${mark(receipts >= TARGETS.receiptsPerSecond)} |`,
    `| fan-out: one update to ${f.fanOutDonors.toLocaleString('en')} opted-in donors, until every email is accepted | ${fanOutFigure(f.fanOut, f.fanOutDonors)} | | | < 180 s | ${mark(f.fanOut.finished && f.fanOut.seconds < TARGETS.fanOutSeconds)} |`,
    `| memory: peak RSS of the API (all runs) | ${round(f.apiRssMb, 0)} MB | | | < 250 MB | ${mark(f.apiRssMb < TARGETS.apiRssMb)} |`,
    `| memory: peak RSS of the worker (receipts and fan-out) | ${round(f.workerRssMb, 0)} MB | | | | |`,
    '',
    '## Every run',
    '',
    '| benchmark | run | app /s | p50 ms | p99 ms | failed | baseline /s | baseline p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...f.ingestion.map(
      (r, i) =>
        `| ingestion c=${r.concurrency} | ${(i % f.repeats) + 1} | ${round(r.app.perSecond, 0)} | ${r.app.p50Ms} | ${r.app.p99Ms} | ${r.app.failed} | ${round(r.baseline.perSecond, 0)} | ${round(r.baseline.p99Ms)} |`,
    ),
    ...f.totals.app.map(
      (r, i) =>
        `| totals read | ${i + 1} | ${round(r.perSecond, 0)} | ${r.p50Ms} | ${r.p99Ms} | ${r.failed} | ${round(f.totals.baseline[i].perSecond, 0)} | ${f.totals.baseline[i].p99Ms} |`,
    ),
    ...f.receipts.map((r, i) => `| receipts | ${i + 1} | ${round(r.perSecond, 0)} | | | | ${round(f.receiptsBaseline[i].perSecond, 0)} | |`),
    '',
    analysis,
  ];
  writeFileSync(file, lines.join('\n'));
}
