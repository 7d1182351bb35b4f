import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface UnmatchedEventRow {
  id: string;
  type: string;
  stripe_created_at: Date;
  received_at: Date;
  unmatched_reason: string;
  object_id: string | null;
  payment_intent_id: string | null;
  charge_id: string | null;
  amount: string | null;
  currency: string | null;
  donation_ref: string | null;
}

export interface PendingEvent {
  id: string;
  type: string;
  payload: string;
  attempts: number;
}

/** The stripe_events inbox. */
@Injectable()
export class StripeEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a verified event once, committed when this resolves; false when its id was stored before. */
  async insertOnce(event: { id: string; type: string; created: number }, rawBody: string): Promise<boolean> {
    const stored = await this.dataSource.query(
      `INSERT INTO stripe_events (id, type, stripe_created_at, payload) VALUES ($1, $2, to_timestamp($3), $4)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.created, rawBody],
    );
    return stored.length > 0;
  }

  /**
   * Locks up to `limit` events waiting to be applied, oldest first; rows another applier holds are skipped, so
   * any number of appliers share the inbox without applying an event twice.
   */
  claimPending(tx: EntityManager, limit: number): Promise<PendingEvent[]> {
    return tx.query(
      `SELECT id, type, payload, apply_attempts AS attempts FROM stripe_events
        WHERE applied_at IS NULL AND (apply_after IS NULL OR apply_after <= now())
        ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markApplied(tx: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await tx.query(`UPDATE stripe_events SET applied_at = clock_timestamp(), apply_error = NULL WHERE id = ANY($1::text[])`, [ids]);
  }

  async markFailed(id: string, error: string, retryAfterSeconds: number): Promise<void> {
    await this.dataSource.query(`UPDATE stripe_events SET apply_attempts = apply_attempts + 1, apply_error = $2, apply_after = now() + make_interval(secs => $3) WHERE id = $1`, [
      id,
      error,
      retryAfterSeconds,
    ]);
  }

  /** In the transaction that applies the event: an event that is stored is either applied or shown to finance. */
  async markUnmatched(tx: EntityManager, eventId: string, reason: string): Promise<void> {
    await tx.query(`UPDATE stripe_events SET unmatched_reason = $2 WHERE id = $1`, [eventId, reason]);
  }

  /** Events about donations Kizuna does not know, newest first, with the money and ids they carry. */
  listUnmatched(limit: number): Promise<UnmatchedEventRow[]> {
    return this.dataSource.query(
      `SELECT id, type, stripe_created_at, received_at, unmatched_reason,
              payload #>> '{data,object,id}' AS object_id,
              COALESCE(payload #>> '{data,object,payment_intent}', CASE WHEN payload #>> '{data,object,object}' = 'payment_intent' THEN payload #>> '{data,object,id}' END) AS payment_intent_id,
              COALESCE(payload #>> '{data,object,charge}', payload #>> '{data,object,latest_charge}',
                       CASE WHEN payload #>> '{data,object,object}' = 'charge' THEN payload #>> '{data,object,id}' END) AS charge_id,
              COALESCE(payload #>> '{data,object,amount_received}', payload #>> '{data,object,amount}') AS amount,
              payload #>> '{data,object,currency}' AS currency,
              payload #>> '{data,object,metadata,donation_id}' AS donation_ref
         FROM (SELECT id, type, stripe_created_at, received_at, unmatched_reason, payload::jsonb AS payload
                 FROM stripe_events WHERE unmatched_reason IS NOT NULL) AS e
        ORDER BY received_at DESC, id LIMIT $1`,
      [limit],
    );
  }
}
