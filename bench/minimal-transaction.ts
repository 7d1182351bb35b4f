/**
 * The ingestion baseline: the least a donation can cost in PostgreSQL if each one is its own transaction.
 * Store the event, post two balanced entries, bump one of 16 counter rows, commit. It runs on tables of its own
 * (created here, in the same database), so it measures this machine and not the API's schema or statements.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { LoadResult, MinimalLoad } from './load-types.js';
import { percentile } from './stats.js';
import { idSwaps, swapIds } from './substitute.js';

const COUNTER_ROWS = 16;

export async function createMinimalTables(client: pg.Client): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS bench_events (id text PRIMARY KEY, payload text NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS bench_postings (
      id bigserial PRIMARY KEY, event_id text NOT NULL REFERENCES bench_events (id), account text NOT NULL, amount bigint NOT NULL);
    CREATE TABLE IF NOT EXISTS bench_counters (slot integer PRIMARY KEY, amount bigint NOT NULL, donations bigint NOT NULL);
    INSERT INTO bench_counters (slot, amount, donations) SELECT s, 0, 0 FROM generate_series(0, ${COUNTER_ROWS - 1}) AS s ON CONFLICT DO NOTHING`);
}

/** What the baseline recorded for some events: every event once, balanced postings, the counters' total. */
export async function minimalRecorded(client: pg.Client, eventIds: string[]): Promise<{ events: number; unbalanced: number }> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*)::int FROM bench_events WHERE id = ANY($1)) AS events,
            (SELECT count(*)::int FROM (SELECT event_id FROM bench_postings WHERE event_id = ANY($1) GROUP BY event_id HAVING sum(amount) <> 0 OR count(*) <> 2) AS u) AS unbalanced`,
    [eventIds],
  );
  return rows[0];
}

export async function minimalCounterTotal(client: pg.Client): Promise<{ amount: number; donations: number }> {
  const { rows } = await client.query(`SELECT sum(amount)::bigint AS amount, sum(donations)::bigint AS donations FROM bench_counters`);
  return { amount: Number(rows[0].amount), donations: Number(rows[0].donations) };
}

async function oneDonation(pool: pg.Pool, eventId: string, payload: string, amount: number, slot: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO bench_events (id, payload) VALUES ($1, $2)`, [eventId, payload]);
    await client.query(`INSERT INTO bench_postings (event_id, account, amount) VALUES ($1, 'stripe_receivable', $2), ($1, 'campaign', -$2::bigint)`, [eventId, amount]);
    await client.query(`UPDATE bench_counters SET amount = amount + $2, donations = donations + 1 WHERE slot = $1`, [slot, amount]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function runMinimal(spec: MinimalLoad): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: spec.databaseUrl, max: spec.poolSize });
  // Connections are opened before the clock starts, as the API's pool is warm when webhooks arrive.
  const warm = await Promise.all(Array.from({ length: spec.poolSize }, () => pool.connect()));
  for (const client of warm) client.release();
  const payloads = spec.donations.map((donation) => swapIds(spec.eventTemplate, idSwaps(spec.templateIds, donation)));
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const startedAtMs = Date.now();
  const started = performance.now();
  const lane = async () => {
    while (next < spec.donations.length) {
      const index = next++;
      const begin = performance.now();
      try {
        await oneDonation(pool, spec.donations[index].eventId, payloads[index], spec.amount, index % COUNTER_ROWS);
        latencies.push(performance.now() - begin);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { completed: latencies.length, failed, startedAtMs, seconds, perSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
