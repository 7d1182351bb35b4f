/**
 * When a webhook's effect is in: with the asynchronous applier the API answers 200 once the event is stored,
 * and an applier sets stripe_events.applied_at later. Without that column (the synchronous path) an
 * acknowledged event is an applied one.
 */
import type { ChildProcess } from 'node:child_process';
import type pg from 'pg';

export async function hasAppliedAt(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'stripe_events' AND column_name = 'applied_at'`);
  return rows.length > 0;
}

/** Stored events not applied yet: among `eventIds`, or all of them. */
export async function unappliedCount(client: pg.Client, eventIds?: string[]): Promise<number> {
  const { rows } = eventIds
    ? await client.query(`SELECT count(*)::int AS n FROM stripe_events WHERE applied_at IS NULL AND id = ANY($1)`, [eventIds])
    : await client.query(`SELECT count(*)::int AS n FROM stripe_events WHERE applied_at IS NULL`);
  return rows[0].n;
}

/**
 * Polls until the events are applied (every stored one without `eventIds`); false after timeoutMs. A benchmark
 * waits for its own events only, so that an event type the applier leaves alone elsewhere cannot stall it.
 */
export async function waitUntilApplied(client: pg.Client, timeoutMs: number, processes: ChildProcess[] = [], eventIds?: string[]): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await unappliedCount(client, eventIds)) === 0) return true;
    const exited = processes.find((p) => p.exitCode !== null);
    if (exited) throw new Error(`${exited.spawnargs.join(' ')} exited while events were being applied`);
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface ApplyTimes {
  /** Wall clock (ms since the epoch) when the last of the events was applied. */
  lastAppliedMs: number;
  /** p99 of applied_at − received_at over the events. */
  stalenessP99Ms: number;
  applied: number;
}

export async function applyTimes(client: pg.Client, eventIds: string[]): Promise<ApplyTimes> {
  const { rows } = await client.query(
    `SELECT count(applied_at)::int AS applied, extract(epoch FROM max(applied_at)) * 1000 AS last,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM applied_at - received_at) * 1000) AS p99
       FROM stripe_events WHERE id = ANY($1)`,
    [eventIds],
  );
  return { lastAppliedMs: Number(rows[0].last), stalenessP99Ms: Number(rows[0].p99), applied: rows[0].applied };
}

/** The ids of the payment_intent.succeeded events of some donations, as the emulator sent them. */
export async function succeededEventIds(client: pg.Client, donationIds: string[]): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT id FROM stripe_events WHERE type = 'payment_intent.succeeded' AND payload::jsonb #>> '{data,object,metadata,donation_id}' = ANY($1)`,
    [donationIds],
  );
  return rows.map((r: { id: string }) => r.id);
}
