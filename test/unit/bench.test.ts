import { cpuTicksOfStat } from '../../bench/cpu.js';
import { mailProblems, receiptsFor, sequenceProblems } from '../../bench/exactness.js';
import type { LoadResult } from '../../bench/load-types.js';
import { exactness, type Figures, summaryTable } from '../../bench/report.js';
import type { SinkMessage } from '../../bench/smtp-sink.js';
import { roundRobin } from '../../bench/spread.js';
import { median, percentile } from '../../bench/stats.js';

const mail = (donationId: string, number: string, pdf = true): SinkMessage => ({ id: `receipt.${donationId}`, subject: `Receipt ${number}: thank you`, pdf, at: 0 });
const result = (perSecond: number, p99Ms = 10): LoadResult => ({ completed: 100, failed: 0, startedAtMs: 0, seconds: 100 / perSecond, perSecond, p50Ms: 5, p99Ms });

describe('benchmark helpers', () => {
  it('spreads requests over the API processes in turn', () => {
    const next = roundRobin(['a', 'b']);
    expect(Array.from({ length: 5 }, next)).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(() => roundRobin([])).toThrow();
  });

  it('reads user + system ticks from /proc/<pid>/stat, even with spaces and parentheses in the command', () => {
    const stat = '4242 (node (api) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 11 0 123 456 789';
    expect(cpuTicksOfStat(stat)).toBe(325);
  });

  it('takes medians and nearest-rank percentiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 50)).toBe(50);
  });
});

describe('exactness checks', () => {
  it('accepts receipt numbers 1..n and names gaps and repeats', () => {
    expect(sequenceProblems([3, 1, 2])).toEqual([]);
    expect(sequenceProblems([1, 2, 4])).toEqual(['receipt numbers run to 4 but there are 3: 1 missing']);
    expect(sequenceProblems([1, 2, 2])).toEqual(['1 receipt numbers used twice']);
  });

  it('wants exactly one receipt email per donation, with the PDF and the issued number', () => {
    const numbers = new Map([
      ['d1', 'R-2026-000001'],
      ['d2', 'R-2026-000002'],
      ['d3', 'R-2026-000003'],
    ]);
    const donations = ['d1', 'd2', 'd3'];
    expect(mailProblems([mail('d1', 'R-2026-000001'), mail('d2', 'R-2026-000002'), mail('d3', 'R-2026-000003'), mail('other', 'R-2026-000009')], numbers, donations)).toEqual([]);
    expect(mailProblems([mail('d1', 'R-2026-000001'), mail('d1', 'R-2026-000001'), mail('d2', 'R-2026-000002', false), mail('d3', 'R-2026-000002')], numbers, donations)).toEqual([
      '1 donations got their receipt email more than once',
      '1 receipt emails without a PDF',
      '1 receipt emails whose subject lacks the issued number',
    ]);
    expect(mailProblems([mail('d1', 'R-2026-000001')], numbers, donations)).toEqual(['2 donations got no receipt email']);
  });

  it('counts the first receipt email of each wanted donation only', () => {
    const messages = [mail('d1', '1'), mail('x', '2'), mail('d1', '1'), mail('d2', '3')];
    expect(receiptsFor(messages, new Set(['d1', 'd2'])).map((m) => m.id)).toEqual(['receipt.d1', 'receipt.d2']);
  });
});

describe('results report', () => {
  const figures = (asyncApply: boolean): Figures => ({
    scale: 1,
    repeats: 1,
    ingestionDonations: 100,
    totalsConcurrency: 64,
    totalsSeconds: 5,
    receiptsCount: 100,
    receiptConcurrency: 16,
    surgeDonations: 100,
    surgeConcurrency: 32,
    sseWatchers: 10_000,
    fanOutDonors: 1000,
    asyncApply,
    applierInWorker: false,
    receiptsBaseline: [result(3000)],
    postgresVersion: '15',
    minutes: 1,
    modes: [1, 2].map((processes) => ({
      processes,
      ingestion: [
        {
          concurrency: 32,
          ack: result(1200 * processes, 40),
          settledPerSecond: 900 * processes,
          stalenessP99Ms: 300,
          apiCpuMsPerWebhook: 1.5,
          workerCpuMsPerWebhook: null,
          baseline: result(1500),
          baselineExact: true,
          problems: processes === 2 ? ['3 donations charged twice'] : [],
        },
      ],
      totals: { app: [result(4000 * processes)], baseline: [result(10_000 * processes)] },
      receipts: [{ result: result(100 * processes), problems: [] }],
      sse: { measured: false, note: 'not measured' },
      apiRssMb: 200,
      workerRssMb: 300,
    })),
  });

  it('puts 1×1 and 2×2 side by side, with the baseline, the target and whether each met it', () => {
    const table = summaryTable(figures(true)).join('\n');
    expect(table).toContain('| figure | 1×1 | 2×2 | baseline | target (reported, not asserted) | 1×1 target | 2×2 target |');
    expect(table).toContain(
      '| ingestion c=32: webhooks acknowledged/s (ack p50 / p99) | 1,200/s (5 ms / 40 ms) | 2,400/s (5 ms / 40 ms) | minimal transaction 1,500/s (5 ms / 10 ms) | ≥ 1,000/s, p99 < 100 ms | met | met |',
    );
    expect(table).toContain('| ingestion c=32: donations settled/s, app / baseline | 900/s, 60 % | 1,800/s, 120 % | 1,500/s | ≥ 1,000/s | **missed** | met |');
    expect(table).toContain('| 300 ms | 300 ms |');
    expect(table).toContain('| exact | **not exact**: 3 donations charged twice | exact | exact | met | **missed** |');
    expect(table).toContain('4,000/s (p99 10 ms), 40 %');
    expect(table).toContain('not measured');
  });

  it('says the staleness is none when events are applied before the answer', () => {
    expect(summaryTable(figures(false)).join('\n')).toContain('none: applied before the answer');
  });

  it('lists each problem once', () => {
    expect(exactness([])).toBe('exact');
    expect(exactness(['a', 'b', 'a'])).toBe('**not exact**: a; b');
  });
});
