import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { DomainError } from '../common/domain-error.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';

export interface UpdateProgress {
  id: string;
  campaignId: string;
  kind: 'update' | 'milestone';
  title: string;
  body: string;
  createdAt: Date;
  recipients: number;
  sent: number;
  skipped: number;
  fanOutDone: boolean;
}

const RECIPIENT_BATCH = 500;

/** Progress updates and milestone news: stored, then fanned out to opted-in donors through the outbox. */
@Injectable()
export class UpdatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly outbox: OutboxService,
  ) {}

  async post(campaignId: string, title: string, body: string): Promise<UpdateProgress> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status === 'draft') throw new DomainError('conflict', 'campaign_not_published', 'publish the campaign before posting updates to its donors');
    const id = await this.dataSource.transaction((tx) => this.create(tx, campaignId, 'update', title, body, null));
    return this.progress(campaignId, id);
  }

  /** Stores an update and the outbox row that fans it out, in the caller's transaction. */
  async create(tx: EntityManager, campaignId: string, kind: 'update' | 'milestone', title: string, body: string, percent: number | null): Promise<string> {
    const [{ id }] = await tx.query(
      `INSERT INTO campaign_updates (campaign_id, kind, title, body, milestone_percent) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [campaignId, kind, title, body, percent],
    );
    await this.outbox.add(tx, { name: JobName.FanOutUpdate, payload: { updateId: id } });
    return id;
  }

  async progress(campaignId: string, updateId: string): Promise<UpdateProgress> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.campaign_id, u.kind, u.title, u.body, u.created_at, u.fanout_done_at,
              count(d.id)::int AS recipients, count(d.sent_at)::int AS sent, count(d.skipped_at)::int AS skipped
         FROM campaign_updates u LEFT JOIN update_deliveries d ON d.update_id = u.id
        WHERE u.id = $1 AND u.campaign_id = $2 GROUP BY u.id`,
      [updateId, campaignId],
    );
    if (!row) throw new DomainError('not_found', 'update_not_found', `update ${updateId} was not found in campaign ${campaignId}`);
    return {
      id: row.id, campaignId: row.campaign_id, kind: row.kind, title: row.title, body: row.body, createdAt: row.created_at,
      recipients: row.recipients, sent: row.sent, skipped: row.skipped, fanOutDone: row.fanout_done_at !== null,
    };
  }

  async list(campaignId: string): Promise<Pick<UpdateProgress, 'id' | 'kind' | 'title' | 'body' | 'createdAt'>[]> {
    const rows = await this.dataSource.query(
      `SELECT id, kind, title, body, created_at FROM campaign_updates WHERE campaign_id = $1 ORDER BY created_at DESC LIMIT 100`,
      [campaignId],
    );
    return rows.map((r: { id: string; kind: 'update' | 'milestone'; title: string; body: string; created_at: Date }) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, createdAt: r.created_at }));
  }

  /**
   * Records the next batch of deliveries (one per opted-in, subscribed donor, in donor-id order from the
   * update's cursor) with an outbox row for each. Returns false once every donor has a delivery. A crash
   * between batches resumes from the cursor; the unique (update, donor) pair stops double deliveries.
   */
  fanOutBatch(updateId: string): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const [update] = await tx.query(`SELECT campaign_id, fanout_cursor, fanout_done_at FROM campaign_updates WHERE id = $1 FOR UPDATE`, [updateId]);
      if (!update || update.fanout_done_at) return false;
      const recipients: { donor_id: string }[] = await tx.query(
        `SELECT DISTINCT d.donor_id FROM donations d JOIN donors r ON r.id = d.donor_id
          WHERE d.campaign_id = $1 AND d.updates_opt_in AND d.status IN ('succeeded', 'partially_refunded')
            AND r.unsubscribed_at IS NULL AND ($2::uuid IS NULL OR d.donor_id > $2::uuid)
          ORDER BY d.donor_id LIMIT $3`,
        [update.campaign_id, update.fanout_cursor, RECIPIENT_BATCH],
      );
      const donorIds = recipients.map((r) => r.donor_id);
      const deliveries: { id: string }[] = await tx.query(
        `INSERT INTO update_deliveries (update_id, donor_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING id`,
        [updateId, donorIds],
      );
      await this.outbox.addMany(tx, JobName.SendUpdateEmail, deliveries.map((d) => ({ deliveryId: d.id })));
      const done = donorIds.length < RECIPIENT_BATCH;
      await tx.query(`UPDATE campaign_updates SET fanout_cursor = COALESCE($2, fanout_cursor), fanout_done_at = CASE WHEN $3 THEN now() END WHERE id = $1`, [
        updateId, donorIds.at(-1) ?? null, done,
      ]);
      return !done;
    });
  }
}
