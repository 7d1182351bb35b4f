import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where each scenario appends its row; the global teardown prints them as a table (see global-teardown.js). */
const RESULTS_DIR = join(process.cwd(), '.data/faults');
const RESULTS_FILE = join(RESULTS_DIR, 'results.jsonl');

export interface ResultRow {
  /** Sorts the table in the order the scenarios are listed, whatever order jest ran them in. */
  order: number;
  scenario: string;
  done: string;
  found: string;
  invariants: string;
  ok: boolean;
  seconds: number;
}

function recordResult(row: ResultRow): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(RESULTS_FILE, `${JSON.stringify(row)}\n`);
}

export interface CheckLike {
  name: string;
  ok: boolean;
  detail: string;
}

/** `✓ ledger = totals · ✓ …`, with what was wrong after each failed check, for the invariants column. */
function summarize(checks: CheckLike[]): string {
  return checks.map((c) => (c.ok ? `✓ ${c.name}` : `✗ ${c.name}: ${c.detail}`)).join(' · ');
}

const reported = new Set<number>();

/** Records the scenario's row (also when a check failed, so the table shows it), then fails the test on any failed check. */
export function report(row: Omit<ResultRow, 'invariants' | 'ok' | 'seconds'>, checks: CheckLike[], startedAt: number): void {
  const ok = checks.every((c) => c.ok);
  reported.add(row.order);
  recordResult({ ...row, invariants: summarize(checks), ok, seconds: Math.round((Date.now() - startedAt) / 1000) });
  expect(checks.filter((c) => !c.ok)).toEqual([]);
}

/** Runs a scenario's body; one that throws before it reports still gets a row, saying where it broke. */
export async function scenario(order: number, name: string, body: (startedAt: number) => Promise<void>): Promise<void> {
  const startedAt = Date.now();
  try {
    await body(startedAt);
  } catch (error) {
    if (!reported.has(order)) {
      const message = (error as Error).message.split('\n').slice(0, 3).join(' ');
      recordResult({
        order,
        scenario: name,
        done: '(stopped early)',
        found: message,
        invariants: '✗ did not finish',
        ok: false,
        seconds: Math.round((Date.now() - startedAt) / 1000),
      });
    }
    throw error;
  }
}

/** `200×30012, 503×12`. */
export function statusList(statuses: Record<string, number> | Map<number, number>): string {
  const entries = statuses instanceof Map ? [...statuses].map(([k, v]) => [String(k), v] as const) : Object.entries(statuses);
  return entries.length
    ? entries
        .sort()
        .map(([status, n]) => `${status}×${n}`)
        .join(', ')
    : 'none';
}
