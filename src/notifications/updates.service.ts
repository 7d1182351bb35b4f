import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { NotificationError } from './notification.errors.js';
import { DonationsService } from '../donations/donations.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { type UpdateKind, UpdatesRepository } from './updates.repository.js';
import type { Language } from '../common/money-format.js';
import { type UpdateTextColumns, type UpdateTranslations, updateIn, updateTranslationsOf } from './update-text.js';

/** An update as a reader sees it: title and body in `language`, and every translation it was written in. */
export interface UpdateView {
  id: string;
  kind: UpdateKind;
  title: string;
  body: string;
  language: Language;
  translations: UpdateTranslations;
  createdAt: Date;
}

export interface UpdateProgress extends UpdateView {
  campaignId: string;
  recipients: number;
  sent: number;
  skipped: number;
  fanOutDone: boolean;
}

const RECIPIENT_BATCH = 500;

function updateView(row: UpdateTextColumns & { id: string; kind: UpdateKind; created_at: Date }, reader: Language): UpdateView {
  return { id: row.id, kind: row.kind, ...updateIn(row, reader), translations: updateTranslationsOf(row), createdAt: row.created_at };
}

/** Progress updates and milestone news: stored, then fanned out to opted-in donors through the outbox. */
@Injectable()
export class UpdatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly updates: UpdatesRepository,
    private readonly campaigns: CampaignsService,
    private readonly donations: DonationsService,
    private readonly outbox: OutboxService,
  ) {}

  async post(campaignId: string, text: UpdateTranslations, reader: Language): Promise<UpdateProgress> {
    const campaign = await this.campaigns.get(campaignId);
    if (campaign.status === 'draft') throw new NotificationError('conflict', 'campaign_not_published', 'publish the campaign before posting updates to its donors');
    const id = await this.dataSource.transaction((tx) => this.create(tx, campaignId, 'update', text, null));
    return this.progress(campaignId, id, reader);
  }

  /** Stores an update and the outbox row that fans it out, in the caller's transaction. */
  async create(tx: EntityManager, campaignId: string, kind: UpdateKind, text: UpdateTranslations, percent: number | null): Promise<string> {
    const id = await this.updates.insertUpdate(tx, campaignId, kind, text, percent);
    await this.outbox.add(tx, { name: JobName.FanOutUpdate, payload: { updateId: id } });
    return id;
  }

  async progress(campaignId: string, updateId: string, reader: Language): Promise<UpdateProgress> {
    const row = await this.updates.progress(campaignId, updateId);
    if (!row) throw new NotificationError('not_found', 'update_not_found', `update ${updateId} was not found in campaign ${campaignId}`);
    return {
      ...updateView(row, reader),
      campaignId: row.campaign_id,
      recipients: row.recipients,
      sent: row.sent,
      skipped: row.skipped,
      fanOutDone: row.fanout_done_at !== null,
    };
  }

  async list(campaignId: string, reader: Language): Promise<UpdateView[]> {
    const rows = await this.updates.list(campaignId, 100);
    return rows.map((row) => updateView(row, reader));
  }

  /**
   * Records the next batch of deliveries (one per opted-in, subscribed donor, in donor-id order from the
   * update's cursor), due at once for the batch sender (SendUpdateBatchJob). Returns false once every donor has a
   * delivery. A crash between batches resumes from the cursor; the unique (update, donor) pair stops double deliveries.
   */
  fanOutBatch(updateId: string): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const update = await this.updates.lockForFanOut(tx, updateId);
      if (!update || update.fanout_done_at) return false;
      const donorIds = await this.donations.updateRecipients(update.campaign_id, update.fanout_cursor, RECIPIENT_BATCH, tx);
      await this.updates.insertDeliveries(tx, updateId, donorIds);
      const done = donorIds.length < RECIPIENT_BATCH;
      await this.updates.advanceFanOut(tx, updateId, donorIds.at(-1) ?? null, done);
      return !done;
    });
  }
}
