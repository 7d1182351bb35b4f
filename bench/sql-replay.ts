/**
 * The ingestion baseline: the statements one payment_intent.succeeded webhook sends to PostgreSQL,
 * as captured from the API, replayed straight through `pg` for each donation with the same concurrency.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { slotOf } from '../src/campaigns/campaign-totals.repository.js';
import type { BenchDonation, LoadResult, ReplayLoad } from './load-types.js';
import { percentile } from './stats.js';
import { idSwaps, swapIds } from './substitute.js';

function swapValue(value: unknown, swaps: Map<string, string>): unknown {
  if (typeof value === 'string') return swapIds(value, swaps);
  if (Array.isArray(value)) return value.map((item) => swapValue(item, swaps));
  return value;
}

/** Ids the database made in the capture (a new row's id) map to what it makes now, for the statements after. */
function learnSwaps(captured: Record<string, unknown> | null, fresh: Record<string, unknown> | undefined, swaps: Map<string, string>): void {
  if (!captured || !fresh) return;
  for (const [column, value] of Object.entries(captured)) {
    const now = fresh[column];
    // Only id-like values: swapping a short value such as '5' would rewrite unrelated text.
    if (typeof value === 'string' && value.length >= 16 && typeof now === 'string' && value !== now) swaps.set(value, now);
  }
}

async function replayOne(pool: pg.Pool, spec: ReplayLoad, donation: BenchDonation): Promise<void> {
  const swaps = idSwaps(spec.templateIds, donation);
  const client = await pool.connect();
  try {
    for (const statement of spec.statements) {
      const values = statement.values.map((value) => swapValue(value, swaps));
      // The counter slot is computed in the API from the donation id, so it is computed here the same way.
      if (statement.text.includes('campaign_total_slots')) values[1] = slotOf(donation.donationId);
      const result = await client.query(statement.text, values);
      learnSwaps(statement.firstRow, result.rows?.[0], swaps);
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function replay(spec: ReplayLoad): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: spec.databaseUrl, max: spec.poolSize });
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < spec.donations.length) {
      const donation = spec.donations[next++];
      const begin = performance.now();
      try {
        await replayOne(pool, spec, donation);
        latencies.push(performance.now() - begin);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { completed: latencies.length, failed, seconds, perSecond: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
