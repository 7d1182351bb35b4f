import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import type { FanOutResult, LoadResult } from './load-types.js';
import { median, round } from './stats.js';

export interface IngestionRun {
  concurrency: number;
  /** What Stripe sees: webhooks answered 2xx per second, and how long each answer took. */
  ack: LoadResult;
  /** Donations whose event is applied, per second, from the first webhook to the last apply. */
  settledPerSecond: number;
  /** p99 of applied_at − received_at; 0 when events are applied before the answer. */
  stalenessP99Ms: number;
  apiCpuMsPerWebhook: number;
  /** null when no worker ran during the ingestion (the API applied the events). */
  workerCpuMsPerWebhook: number | null;
  baseline: LoadResult;
  baselineExact: boolean;
  problems: string[];
}

export interface ReceiptsRun {
  result: LoadResult;
  problems: string[];
}

export interface SurgeFigures {
  /** The donors' side: donations started and paid per second, and how long one donor took. */
  donors: LoadResult;
  settledPerSecond: number;
  receiptsPerSecond: number;
  settledSeconds: number;
  receiptsSeconds: number;
  stalenessP99Ms: number;
  apiCpuMsPerDonation: number;
  workerCpuMsPerDonation: number;
  problems: string[];
}

export type SseFigures =
  | { measured: false; note: string }
  | {
      measured: true;
      watchers: number;
      connected: number;
      /** Watchers that got the new totals within the time allowed. */
      delivered: number;
      delayP50Ms: number;
      delayP99Ms: number;
      delayMaxMs: number;
      connectSeconds: number;
      /** The most any API process held resident during the run, sampled every 100 ms. */
      apiRssMb: number;
      problems: string[];
    };

/** Every figure of one mode: `processes` API processes and as many worker processes. */
export interface ModeFigures {
  processes: number;
  ingestion: IngestionRun[];
  totals: { app: LoadResult[]; baseline: LoadResult[] };
  receipts: ReceiptsRun[];
  surge?: SurgeFigures;
  sse?: SseFigures;
  fanOut?: FanOutResult;
  apiRssMb: number;
  workerRssMb: number;
}

export interface Figures {
  scale: number;
  repeats: number;
  ingestionDonations: number;
  totalsConcurrency: number;
  totalsSeconds: number;
  receiptsCount: number;
  receiptConcurrency: number;
  surgeDonations: number;
  surgeConcurrency: number;
  sseWatchers: number;
  fanOutDonors: number;
  asyncApply: boolean;
  applierInWorker: boolean;
  modes: ModeFigures[];
  receiptsBaseline: LoadResult[];
  postgresVersion: string;
  minutes: number;
}

const TARGETS = {
  ingestionPerSecond: 1000,
  ingestionP99Ms: 100,
  stalenessP99Ms: 1000,
  totalsRatio: 0.6,
  receiptsPerSecond: 500,
  fanOutSeconds: 180,
  sseDelayMs: 1000,
  sseRssMb: 250,
  apiRssMb: 250,
};

const NONE = '–';
const mark = (met: boolean) => (met ? 'met' : '**missed**');
const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : NONE);
const ms = (value: number) => (Number.isFinite(value) ? `${round(value)} ms` : NONE);
const medianBy = <T>(items: T[], value: (item: T) => number) => (items.length ? median(items.map(value)) : NaN);

const modeName = (processes: number) => `${processes}×${processes}`;

/** "exact", or what was wrong, for a table cell. */
export function exactness(problems: string[]): string {
  return problems.length === 0 ? 'exact' : `**not exact**: ${[...new Set(problems)].join('; ')}`;
}

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
}

/** A summary row: the figure, one cell per mode, the baseline, the target, and whether each mode met it. */
interface Row {
  figure: string;
  cells: string[];
  baseline: string;
  target: string;
  met: (boolean | undefined)[];
}

function ingestionSummary(f: Figures): Row[] {
  const rows: Row[] = [];
  const levels = [...new Set(f.modes.flatMap((m) => m.ingestion.map((r) => r.concurrency)))];
  for (const concurrency of levels) {
    const runs = f.modes.map((m) => m.ingestion.filter((r) => r.concurrency === concurrency));
    const baselines = runs.flat().map((r) => r.baseline);
    const baseRate = medianBy(baselines, (b) => b.perSecond);
    const ackRate = runs.map((rs) => medianBy(rs, (r) => r.ack.perSecond));
    const ackP99 = runs.map((rs) => medianBy(rs, (r) => r.ack.p99Ms));
    const settled = runs.map((rs) => medianBy(rs, (r) => r.settledPerSecond));
    const stale = runs.map((rs) => medianBy(rs, (r) => r.stalenessP99Ms));
    rows.push(
      {
        figure: `ingestion c=${concurrency}: webhooks acknowledged/s (ack p50 / p99)`,
        cells: runs.map((rs, i) => `${whole(ackRate[i])}/s (${ms(medianBy(rs, (r) => r.ack.p50Ms))} / ${ms(ackP99[i])})`),
        baseline: `minimal transaction ${whole(baseRate)}/s (${ms(medianBy(baselines, (b) => b.p50Ms))} / ${ms(medianBy(baselines, (b) => b.p99Ms))})`,
        target: '≥ 1,000/s, p99 < 100 ms',
        met: runs.map((_, i) => ackRate[i] >= TARGETS.ingestionPerSecond && ackP99[i] < TARGETS.ingestionP99Ms),
      },
      {
        figure: `ingestion c=${concurrency}: donations settled/s, app / baseline`,
        cells: runs.map((_, i) => `${whole(settled[i])}/s, ${percent(settled[i] / baseRate)}`),
        baseline: `${whole(baseRate)}/s`,
        target: '≥ 1,000/s',
        met: runs.map((_, i) => settled[i] >= TARGETS.ingestionPerSecond),
      },
      {
        figure: `ingestion c=${concurrency}: staleness p99 (applied − received)`,
        cells: stale.map((s) => (f.asyncApply ? ms(s) : 'none: applied before the answer')),
        baseline: '',
        target: '< 1 s',
        met: stale.map((s) => s < TARGETS.stalenessP99Ms),
      },
      {
        figure: `ingestion c=${concurrency}: CPU ms per webhook, API${f.applierInWorker ? ' + worker' : ''}`,
        cells: runs.map((rs) => {
          const api = medianBy(rs, (r) => r.apiCpuMsPerWebhook);
          const workers = rs.map((r) => r.workerCpuMsPerWebhook).filter((w): w is number => w !== null);
          return workers.length ? `${round(api, 2)} + ${round(median(workers), 2)}` : `${round(api, 2)}`;
        }),
        baseline: '',
        target: '',
        met: runs.map(() => undefined),
      },
      {
        figure: `ingestion c=${concurrency}: exactness (ledger, totals)`,
        cells: runs.map((rs) => exactness(rs.flatMap((r) => r.problems))),
        baseline: runs.flat().every((r) => r.baselineExact) ? 'exact' : '**not exact**',
        target: 'exact',
        met: runs.map((rs) => rs.every((r) => r.problems.length === 0)),
      },
    );
  }
  return rows;
}

function otherSummary(f: Figures): Row[] {
  const rows: Row[] = [];
  const has = (pick: (m: ModeFigures) => unknown) =>
    f.modes.some((m) => {
      const v = pick(m);
      return Array.isArray(v) ? v.length > 0 : v !== undefined;
    });
  if (has((m) => m.totals.app)) {
    const app = f.modes.map((m) => medianBy(m.totals.app, (r) => r.perSecond));
    const bare = f.modes.map((m) => medianBy(m.totals.baseline, (r) => r.perSecond));
    rows.push({
      figure: `totals read, \`GET /api/campaigns/:id/totals\`, ${f.totalsConcurrency} connections: req/s, share of bare Fastify`,
      cells: f.modes.map((m, i) => `${whole(app[i])}/s (p99 ${ms(medianBy(m.totals.app, (r) => r.p99Ms))}), ${percent(app[i] / bare[i])}`),
      baseline: `bare Fastify, as many processes: ${f.modes.map((m, i) => `${modeName(m.processes)} ${whole(bare[i])}/s`).join(', ')}`,
      target: '≥ 60 % of bare Fastify',
      met: app.map((a, i) => a / bare[i] >= TARGETS.totalsRatio),
    });
  }
  if (has((m) => m.receipts)) {
    const rates = f.modes.map((m) => medianBy(m.receipts, (r) => r.result.perSecond));
    rows.push({
      figure: `receipts: a backlog of ${f.receiptsCount.toLocaleString('en')} donations → receipt emails with the PDF, receipts/s`,
      cells: f.modes.map((m, i) => `${whole(rates[i])}/s, ${exactness(m.receipts.flatMap((r) => r.problems))}`),
      baseline: `bare BullMQ, concurrency ${f.receiptConcurrency}: ${whole(medianBy(f.receiptsBaseline, (r) => r.perSecond))} jobs/s`,
      target: '≥ 500/s',
      met: rates.map((r) => r >= TARGETS.receiptsPerSecond),
    });
  }
  if (has((m) => m.surge)) {
    const surge = f.modes.map((m) => m.surge);
    const cell = (pick: (s: SurgeFigures) => string) => surge.map((s) => (s ? pick(s) : NONE));
    rows.push(
      {
        figure: `whole-path surge, ${f.surgeDonations.toLocaleString('en')} donors ${f.surgeConcurrency} at a time: donations settled/s`,
        cells: cell((s) => `${whole(s.settledPerSecond)}/s (all in ${round(s.settledSeconds)} s)`),
        baseline: '',
        target: '',
        met: surge.map(() => undefined),
      },
      {
        figure: 'whole-path surge: receipts mailed/s',
        cells: cell((s) => `${whole(s.receiptsPerSecond)}/s (all in ${round(s.receiptsSeconds)} s)`),
        baseline: '',
        target: '≥ 500/s',
        met: surge.map((s) => (s ? s.receiptsPerSecond >= TARGETS.receiptsPerSecond : undefined)),
      },
      {
        figure: "whole-path surge: one donor's create + pay, p50 / p99",
        cells: cell((s) => `${ms(s.donors.p50Ms)} / ${ms(s.donors.p99Ms)}`),
        baseline: '',
        target: '',
        met: surge.map(() => undefined),
      },
      {
        figure: 'whole-path surge: staleness p99; CPU ms per donation, API + worker',
        cells: cell((s) => `${f.asyncApply ? ms(s.stalenessP99Ms) : 'none'}; ${round(s.apiCpuMsPerDonation, 2)} + ${round(s.workerCpuMsPerDonation, 2)}`),
        baseline: '',
        target: 'staleness < 1 s',
        met: surge.map((s) => (s ? s.stalenessP99Ms < TARGETS.stalenessP99Ms : undefined)),
      },
      {
        figure: 'whole-path surge: exactness (ledger once, totals = sum, one receipt email each, gap-free numbers)',
        cells: cell((s) => exactness(s.problems)),
        baseline: '',
        target: 'exact',
        met: surge.map((s) => (s ? s.problems.length === 0 : undefined)),
      },
    );
  }
  if (has((m) => m.sse)) {
    const sse = f.modes.map((m) => m.sse);
    rows.push({
      figure: `live watchers: ${f.sseWatchers.toLocaleString('en')} SSE connections to one campaign, then a burst of donations: delay p50 / p99 to the new totals, API peak RSS`,
      cells: sse.map((s) =>
        !s
          ? NONE
          : s.measured
            ? `${ms(s.delayP50Ms)} / ${ms(s.delayP99Ms)} (max ${ms(s.delayMaxMs)}), ${whole(s.apiRssMb)} MB; ${s.delivered.toLocaleString('en')} of ${s.watchers.toLocaleString('en')} updated${s.problems.length ? `; ${exactness(s.problems).replace('not exact', 'not valid')}` : ''}`
            : s.note,
      ),
      baseline: '',
      target: 'all within 1 s, API < 250 MB',
      met: sse.map((s) => (s?.measured ? s.problems.length === 0 && s.delivered === s.watchers && s.delayMaxMs < TARGETS.sseDelayMs && s.apiRssMb < TARGETS.sseRssMb : undefined)),
    });
  }
  if (has((m) => m.fanOut)) {
    rows.push({
      figure: `fan-out: one update to ${f.fanOutDonors.toLocaleString('en')} opted-in donors, until every email is accepted`,
      cells: f.modes.map((m) => (m.fanOut ? fanOutCell(m.fanOut, f.fanOutDonors) : NONE)),
      baseline: '',
      target: '< 180 s',
      met: f.modes.map((m) => (m.fanOut ? m.fanOut.finished && m.fanOut.seconds < TARGETS.fanOutSeconds : undefined)),
    });
  }
  rows.push(
    {
      figure: 'memory: peak RSS of an API process (all its runs)',
      cells: f.modes.map((m) => `${whole(m.apiRssMb)} MB`),
      baseline: '',
      target: '< 250 MB',
      met: f.modes.map((m) => m.apiRssMb < TARGETS.apiRssMb),
    },
    {
      figure: 'memory: peak RSS of a worker process',
      cells: f.modes.map((m) => (Number.isFinite(m.workerRssMb) ? `${whole(m.workerRssMb)} MB` : NONE)),
      baseline: '',
      target: '',
      met: f.modes.map(() => undefined),
    },
  );
  return rows;
}

function fanOutCell(fanOut: FanOutResult, donors: number): string {
  const rate = `${whole(fanOut.sent / fanOut.seconds)} emails/s`;
  if (fanOut.finished) return `${round(fanOut.seconds)} s (${rate})`;
  return `unfinished: ${fanOut.sent.toLocaleString('en')} of ${donors.toLocaleString('en')} after ${fanOut.seconds} s (${rate})`;
}

/** The summary table: 1×1 and 2×2 side by side, each figure with its baseline and target. */
export function summaryTable(f: Figures): string[] {
  const modes = f.modes.map((m) => modeName(m.processes));
  const rows = [...ingestionSummary(f), ...otherSummary(f)];
  return [
    `| figure | ${modes.join(' | ')} | baseline | target (reported, not asserted) | ${modes.map((m) => `${m} target`).join(' | ')} |`,
    `| --- | ${modes.map(() => '---:').join(' | ')} | --- | --- | ${modes.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.figure} | ${r.cells.join(' | ')} | ${r.baseline} | ${r.target} | ${r.met.map((met) => (met === undefined ? '' : mark(met))).join(' | ')} |`),
  ];
}

function everyRun(f: Figures): string[] {
  const lines = [
    '| mode | benchmark | run | app /s | p50 ms | p99 ms | settled /s | staleness p99 ms | CPU ms/webhook API (worker) | baseline /s | baseline p50 / p99 ms | exact |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const m of f.modes) {
    const mode = modeName(m.processes);
    m.ingestion.forEach((r, i) => {
      const cpu = `${round(r.apiCpuMsPerWebhook, 2)}${r.workerCpuMsPerWebhook === null ? '' : ` (${round(r.workerCpuMsPerWebhook, 2)})`}`;
      lines.push(
        `| ${mode} | ingestion c=${r.concurrency} | ${(i % f.repeats) + 1} | ${whole(r.ack.perSecond)} | ${round(r.ack.p50Ms)} | ${round(r.ack.p99Ms)} | ${whole(r.settledPerSecond)} | ${round(r.stalenessP99Ms)} | ${cpu} | ${whole(r.baseline.perSecond)} | ${round(r.baseline.p50Ms)} / ${round(r.baseline.p99Ms)} | ${r.problems.length ? '**no**' : 'yes'} |`,
      );
    });
    m.totals.app.forEach((r, i) => {
      const bare = m.totals.baseline[i];
      lines.push(
        `| ${mode} | totals read | ${i + 1} | ${whole(r.perSecond)} | ${r.p50Ms} | ${r.p99Ms} | | | | ${whole(bare.perSecond)} | ${bare.p50Ms} / ${bare.p99Ms} | ${r.failed ? '**no**' : 'yes'} |`,
      );
    });
    m.receipts.forEach((r, i) => {
      const bare = f.receiptsBaseline[i];
      lines.push(`| ${mode} | receipts | ${i + 1} | ${whole(r.result.perSecond)} | | | | | | ${bare ? whole(bare.perSecond) : NONE} | | ${r.problems.length ? '**no**' : 'yes'} |`);
    });
    if (m.surge) {
      const s = m.surge;
      lines.push(
        `| ${mode} | surge (donors) | 1 | ${whole(s.donors.perSecond)} | ${round(s.donors.p50Ms)} | ${round(s.donors.p99Ms)} | ${whole(s.settledPerSecond)} | ${round(s.stalenessP99Ms)} | ${round(s.apiCpuMsPerDonation, 2)} (${round(s.workerCpuMsPerDonation, 2)}) | | | ${s.problems.length ? '**no**' : 'yes'} |`,
      );
    }
  }
  return lines;
}

export function writeResults(file: string, f: Figures): void {
  const cpu = cpus();
  const analysis = existsSync('bench/ANALYSIS.md') ? readFileSync('bench/ANALYSIS.md', 'utf8') : '';
  const applied = f.asyncApply
    ? `The API answers a webhook once the event is stored; an applier in the ${f.applierInWorker ? 'worker' : 'API'} applies it later, so *settled* (from the first webhook to the last \`applied_at\`) can trail *acknowledged*, and staleness is \`applied_at − received_at\`.`
    : 'The API answers a webhook only once it is applied (one transaction), so settled = acknowledged and staleness is none.';
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${round(f.minutes)} minutes${f.scale === 1 ? '' : ` (BENCH_SCALE=${f.scale}: not a full run)`}. Modes: ${f.modes.map((m) => `${modeName(m.processes)} = ${m.processes} API and ${m.processes} worker process${m.processes === 1 ? '' : 'es'}`).join('; ')}. The ingestion, totals and receipts figures are medians of ${f.repeats} runs; the surge, the watchers and the fan-out run once per mode, to keep the whole run near 20 minutes.`,
    '',
    '## Machine and versions',
    '',
    `- ${cpu.length} × ${cpu[0]?.model.trim()}, ${round(totalmem() / 2 ** 30)} GiB memory, Linux ${release()}; everything below (database, Redis, emulator, SMTP sink, APIs, workers, load generator) shares these cores.`,
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
    '## Every figure, 1×1 and 2×2 side by side',
    '',
    `Ingestion: ${f.ingestionDonations.toLocaleString('en')} signed \`payment_intent.succeeded\` webhooks per run for one campaign, spread over the API processes. ${applied} Its baseline is the minimal donation transaction (store the event, two balanced postings, bump one of 16 counter rows, commit) on the bench's own tables in the same database, through \`pg\` at the same concurrency: what one transaction per donation costs on this machine, whatever the mode. CPU ms per webhook is the API processes' user + system time (from /proc) over the run and until every event is applied, divided by the webhooks${f.applierInWorker ? '; the workers, which apply the events, also issue and mail the receipts meanwhile' : ''}.`,
    '',
    `Whole-path surge: donors start their donation through the API (spread over the API processes in turn) and pay it at the Stripe emulator; the emulator posts its webhooks to the first API process (it has one endpoint); the workers mail the receipts to the SMTP sink. Rates run from the first donor to the last ledger entry, and to the last receipt email.`,
    '',
    ...summaryTable(f),
    '',
    '## Every run',
    '',
    ...everyRun(f),
    '',
    analysis,
  ];
  writeFileSync(file, lines.join('\n'));
}
