/**
 * Loaded with `node --import` into an API process during benchmark setup: records every statement the
 * process sends to PostgreSQL, with its parameters and first result row, and writes them out shortly after
 * each one (at exit is too late: Nest ends the process by re-raising SIGTERM, which skips 'exit' listeners).
 * The ingestion baseline replays exactly these statements, so it measures the same database work.
 */
import { writeFileSync } from 'node:fs';
import pg from 'pg';

export interface CapturedStatement {
  connection: number;
  text: string;
  values: unknown[];
  firstRow: Record<string, unknown> | null;
}

const file = process.env.BENCH_CAPTURE_FILE;
if (!file) throw new Error('BENCH_CAPTURE_FILE is not set');

const captured: CapturedStatement[] = [];
const connections = new WeakMap<object, number>();
let lastConnection = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
let flush: NodeJS.Timeout | undefined;

function flushSoon(): void {
  clearTimeout(flush);
  flush = setTimeout(() => writeFileSync(file!, JSON.stringify(captured)), 100);
  flush.unref();
}

pg.Client.prototype.query = function capturingQuery(this: pg.Client, ...args: unknown[]) {
  const result = query.apply(this, args);
  if (typeof args[0] === 'string' && result instanceof Promise) {
    if (!connections.has(this)) connections.set(this, ++lastConnection);
    const statement: CapturedStatement = { connection: connections.get(this)!, text: args[0], values: (args[1] as unknown[]) ?? [], firstRow: null };
    captured.push(statement);
    result
      .then(
        (r: pg.QueryResult) => (statement.firstRow = r?.rows?.[0] ?? null),
        () => undefined,
      )
      .finally(flushSoon);
  }
  return result;
} as typeof pg.Client.prototype.query;
