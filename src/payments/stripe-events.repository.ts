import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The stripe_events inbox. */
@Injectable()
export class StripeEventsRepository {
  /** Stores a verified event once; false when its id was stored before. */
  async insertOnce(tx: EntityManager, event: { id: string; type: string; created: number }, rawBody: string): Promise<boolean> {
    const stored = await tx.query(
      `INSERT INTO stripe_events (id, type, stripe_created_at, payload) VALUES ($1, $2, to_timestamp($3), $4)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.created, rawBody],
    );
    return stored.length > 0;
  }
}
