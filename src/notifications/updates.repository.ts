import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { UpdateTextColumns, UpdateTranslations } from './update-text.js';

export type UpdateKind = 'update' | 'milestone';

const TEXT = 'title_ja, body_ja, title_en, body_en';

export interface UpdateProgressRow extends UpdateTextColumns {
  id: string;
  campaign_id: string;
  kind: UpdateKind;
  created_at: Date;
  fanout_done_at: Date | null;
  recipients: number;
  sent: number;
  skipped: number;
}

export interface DeliveryRow extends UpdateTextColumns {
  sent_at: Date | null;
  skipped_at: Date | null;
  donor_id: string;
  update_id: string;
  kind: UpdateKind;
  milestone_percent: number | null;
  campaign_id: string;
}

/** campaign_updates, update_deliveries and campaign_milestones. */
@Injectable()
export class UpdatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertUpdate(tx: EntityManager, campaignId: string, kind: UpdateKind, text: UpdateTranslations, percent: number | null): Promise<string> {
    const [{ id }] = await tx.query(`INSERT INTO campaign_updates (campaign_id, kind, ${TEXT}, milestone_percent) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, [
      campaignId,
      kind,
      text.ja?.title ?? null,
      text.ja?.body ?? null,
      text.en?.title ?? null,
      text.en?.body ?? null,
      percent,
    ]);
    return id;
  }

  async progress(campaignId: string, updateId: string): Promise<UpdateProgressRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.campaign_id, u.kind, u.title_ja, u.body_ja, u.title_en, u.body_en, u.created_at, u.fanout_done_at,
              count(d.id)::int AS recipients, count(d.sent_at)::int AS sent, count(d.skipped_at)::int AS skipped
         FROM campaign_updates u LEFT JOIN update_deliveries d ON d.update_id = u.id
        WHERE u.id = $1 AND u.campaign_id = $2 GROUP BY u.id`,
      [updateId, campaignId],
    );
    return row;
  }

  list(campaignId: string, limit: number): Promise<(UpdateTextColumns & { id: string; kind: UpdateKind; created_at: Date })[]> {
    return this.dataSource.query(`SELECT id, kind, ${TEXT}, created_at FROM campaign_updates WHERE campaign_id = $1 ORDER BY created_at DESC LIMIT $2`, [campaignId, limit]);
  }

  async lockForFanOut(tx: EntityManager, updateId: string): Promise<{ campaign_id: string; fanout_cursor: string | null; fanout_done_at: Date | null } | undefined> {
    const [row] = await tx.query(`SELECT campaign_id, fanout_cursor, fanout_done_at FROM campaign_updates WHERE id = $1 FOR UPDATE`, [updateId]);
    return row;
  }

  async insertDeliveries(tx: EntityManager, updateId: string, donorIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO update_deliveries (update_id, donor_id, send_due_at) SELECT $1, unnest($2::uuid[]), now() ON CONFLICT DO NOTHING RETURNING id`,
      [updateId, donorIds],
    );
    return rows.map((r) => r.id);
  }

  async advanceFanOut(tx: EntityManager, updateId: string, cursor: string | null, done: boolean): Promise<void> {
    await tx.query(`UPDATE campaign_updates SET fanout_cursor = COALESCE($2, fanout_cursor), fanout_done_at = CASE WHEN $3 THEN now() END WHERE id = $1`, [updateId, cursor, done]);
  }

  async recordedMilestones(campaignId: string): Promise<number[]> {
    const rows: { percent: number }[] = await this.dataSource.query(`SELECT percent FROM campaign_milestones WHERE campaign_id = $1`, [campaignId]);
    return rows.map((r) => r.percent);
  }

  /** Records a milestone once; false when it was recorded before. */
  async insertMilestone(tx: EntityManager, campaignId: string, percent: number): Promise<boolean> {
    const reached = await tx.query(
      `INSERT INTO campaign_milestones (campaign_id, percent, update_id) VALUES ($1, $2, gen_random_uuid()) ON CONFLICT DO NOTHING RETURNING percent`,
      [campaignId, percent],
    );
    return reached.length > 0;
  }

  async setMilestoneUpdate(tx: EntityManager, campaignId: string, percent: number, updateId: string): Promise<void> {
    await tx.query(`UPDATE campaign_milestones SET update_id = $3 WHERE campaign_id = $1 AND percent = $2`, [campaignId, percent, updateId]);
  }

  async delivery(deliveryId: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT del.sent_at, del.skipped_at, del.donor_id, u.id AS update_id, u.kind, u.title_ja, u.body_ja, u.title_en, u.body_en, u.milestone_percent, u.campaign_id
         FROM update_deliveries del JOIN campaign_updates u ON u.id = del.update_id WHERE del.id = $1`,
      [deliveryId],
    );
    return row;
  }

  /** Claims up to `limit` deliveries due for the batch sender, for `leaseMs`, with their update; rows another sender holds, and `owed`, are skipped. */
  claimDue(limit: number, leaseMs: number, owed: string[]): Promise<(DeliveryRow & { id: string })[]> {
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE update_deliveries SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0)
          WHERE id IN (SELECT id FROM update_deliveries
                        WHERE send_due_at <= now() AND sent_at IS NULL AND skipped_at IS NULL AND failed_at IS NULL
                          AND (send_claimed_until IS NULL OR send_claimed_until < now()) AND id <> ALL($3::bigint[])
                        ORDER BY send_due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
            AND sent_at IS NULL
         RETURNING id, update_id, donor_id, sent_at, skipped_at)
       SELECT c.id::text AS id, c.sent_at, c.skipped_at, c.donor_id, u.id AS update_id, u.kind, u.title_ja, u.body_ja, u.title_en, u.body_en, u.milestone_percent, u.campaign_id
         FROM claimed c JOIN campaign_updates u ON u.id = c.update_id ORDER BY c.id`,
      [limit, leaseMs, owed],
    );
  }

  async markSkippedMany(deliveryIds: string[]): Promise<void> {
    if (!deliveryIds.length) return;
    await this.dataSource.query(
      `UPDATE update_deliveries SET skipped_at = now(), send_claimed_until = NULL WHERE id = ANY($1::bigint[]) AND sent_at IS NULL AND skipped_at IS NULL`,
      [deliveryIds],
    );
  }

  async markSkipped(deliveryId: string): Promise<void> {
    await this.dataSource.query(`UPDATE update_deliveries SET skipped_at = now() WHERE id = $1 AND sent_at IS NULL AND skipped_at IS NULL`, [deliveryId]);
  }
}
