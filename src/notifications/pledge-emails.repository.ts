import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import type { PledgeEmailKind } from '../queue/queue.registry.js';

export interface PledgeEmailRow {
  id: string;
  sent_at: Date | null;
  skipped_at: Date | null;
}

/** One figure of a transfer: a donation and what it still needed. */
export interface PledgeFigure {
  donationId: string;
  amountRemaining: number;
}

/** The pledge_emails table: one row per email about a pledge, the guard that each is mailed once. */
@Injectable()
export class PledgeEmailsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The row of one email, made the first time any run asks for it. Two statements, not one: an INSERT that meets a
   * row another transaction is committing waits for it, and only a new statement's snapshot sees that row.
   */
  async ensure(donationId: string, kind: PledgeEmailKind, amountRemaining: number): Promise<PledgeEmailRow> {
    const key = [donationId, kind, amountRemaining];
    await this.dataSource.query(`INSERT INTO pledge_emails (donation_id, kind, amount_remaining) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, key);
    const [row] = await this.dataSource.query(`SELECT id, sent_at, skipped_at FROM pledge_emails WHERE donation_id = $1 AND kind = $2 AND amount_remaining = $3`, key);
    return row;
  }

  /** Never to be sent; unless a sender holds it right now (that run decides). */
  async markSkipped(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE pledge_emails SET skipped_at = now() WHERE id = $1 AND sent_at IS NULL AND (send_claimed_until IS NULL OR send_claimed_until < now())`, [
      id,
    ]);
  }

  /** Up to `limit` figures of transfers told "this remains" more than `afterMs` ago and not reminded of it yet. */
  async partialsDueForReminder(tx: EntityManager, afterMs: number, limit: number): Promise<PledgeFigure[]> {
    const rows: { donation_id: string; amount_remaining: string }[] = await tx.query(
      `SELECT p.donation_id, p.amount_remaining FROM pledge_emails p
        WHERE p.kind = 'partial' AND p.sent_at < now() - make_interval(secs => $1 / 1000.0)
          AND NOT EXISTS (SELECT 1 FROM pledge_emails r WHERE r.donation_id = p.donation_id AND r.kind = 'reminder' AND r.amount_remaining = p.amount_remaining)
        ORDER BY p.sent_at LIMIT $2`,
      [afterMs, limit],
    );
    return rows.map((row) => ({ donationId: row.donation_id, amountRemaining: toMinorUnits(row.amount_remaining) }));
  }

  /**
   * Records the reminder of each figure once: those still owed to be sent, the others skipped at once so they are
   * not chosen again. Returns the figures this call recorded to be sent (a concurrent sweep gets the others).
   */
  async insertReminders(tx: EntityManager, figures: (PledgeFigure & { owed: boolean })[]): Promise<PledgeFigure[]> {
    if (!figures.length) return [];
    const rows: { donation_id: string; amount_remaining: string; owed: boolean }[] = await tx.query(
      `INSERT INTO pledge_emails (donation_id, kind, amount_remaining, skipped_at)
       SELECT v.donation_id, 'reminder', v.amount_remaining, CASE WHEN v.owed THEN NULL ELSE now() END
         FROM unnest($1::uuid[], $2::bigint[], $3::boolean[]) AS v(donation_id, amount_remaining, owed)
       ON CONFLICT DO NOTHING
       RETURNING donation_id, amount_remaining, skipped_at IS NULL AS owed`,
      [figures.map((f) => f.donationId), figures.map((f) => f.amountRemaining), figures.map((f) => f.owed)],
    );
    return rows.filter((row) => row.owed).map((row) => ({ donationId: row.donation_id, amountRemaining: toMinorUnits(row.amount_remaining) }));
  }
}
