import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { CampaignTotalsService } from '../campaigns/campaign-totals.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import { percentOfGoal } from '../common/money-format.js';
import type { AppConfig } from '../config/config.schema.js';
import { DonorsService } from '../donations/donors.service.js';
import { QueueProducer } from '../queue/queue-producer.service.js';
import { MailBatchSender, type PreparedMail } from './mail-batch.js';
import { UpdateEmailRate } from './update-rate.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { organisationFrom } from './organisation.provider.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { isLastAttempt, sendOnce } from './send-once.js';
import { renderMilestoneEmail, renderUpdateEmail } from './templates/update-email.js';
import { unsubscribeUrl } from './unsubscribe-token.js';
import { type DeliveryRow, UpdatesRepository } from './updates.repository.js';
import { UpdatesService } from './updates.service.js';
import { updateIn } from './update-text.js';
import { campaignText } from '../campaigns/campaign-text.js';
import type { Language } from '../common/money-format.js';

const MILESTONES = [25, 50, 75, 100] as const;

/** Records each milestone once (its row is the guard, however many donations cross it together) and fans it out. */
@Injectable()
@HandlesJob(JobName.CheckMilestones)
export class CheckMilestonesJob implements JobHandler<JobName.CheckMilestones> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: UpdatesRepository,
    private readonly campaigns: CampaignsService,
    private readonly totals: CampaignTotalsService,
    private readonly updates: UpdatesService,
  ) {}

  async handle({ campaignId }: JobPayloads[JobName.CheckMilestones]): Promise<void> {
    const campaign = await this.campaigns.get(campaignId);
    const { raisedAmount } = await this.totals.forCampaign(campaignId);
    const recorded = await this.repository.recordedMilestones(campaignId);
    // Once a campaign is past its milestones, every later donation's check stops here instead of trying each again.
    const reached = percentOfGoal(raisedAmount, campaign.goalAmount);
    const due = MILESTONES.filter((p) => reached >= p && !recorded.includes(p));
    for (const percent of due) {
      await this.dataSource.transaction(async (tx) => {
        if (!(await this.repository.insertMilestone(tx, campaignId, percent))) return;
        // The emails word a milestone themselves; its stored title is the same in both languages.
        const title = `${percent}%`;
        const updateId = await this.updates.create(tx, campaignId, 'milestone', { ja: { title, body: '' }, en: { title, body: '' } }, percent);
        await this.repository.setMilestoneUpdate(tx, campaignId, percent, updateId);
      });
    }
  }
}

/** Records one delivery per recipient, 500 per transaction; the batch sender starts on the first ones at once. */
@Injectable()
@HandlesJob(JobName.FanOutUpdate)
export class FanOutUpdateJob implements JobHandler<JobName.FanOutUpdate> {
  constructor(
    private readonly updates: UpdatesService,
    private readonly producer: QueueProducer,
  ) {}

  async handle({ updateId }: JobPayloads[JobName.FanOutUpdate]): Promise<void> {
    let more = await this.updates.fanOutBatch(updateId);
    await this.producer.enqueue(JobName.SendUpdateBatch, {});
    while (more) {
      // each batch commits on its own, so a restart resumes where it stopped
      more = await this.updates.fanOutBatch(updateId);
    }
  }
}

type Campaign = Awaited<ReturnType<CampaignsService['get']>>;

/** Refills of one run before it makes way for the next job of its queue (and adds itself again behind it). */
const BATCHES_PER_RUN = 20;

/**
 * Update emails in batches: claims up to MAIL_BATCH_SIZE due deliveries (within UPDATE_EMAILS_PER_SECOND, counted
 * across workers), skips those whose donor unsubscribed since the fan-out, renders each in its donor's language with
 * its own unsubscribe link, and sends them over the pooled transport, each on its own (see MailBatchSender). A failed
 * one waits out the mail retry schedule in its row; after the last attempt it is marked failed.
 */
@Injectable()
@HandlesJob(JobName.SendUpdateBatch)
export class SendUpdateBatchJob implements JobHandler<JobName.SendUpdateBatch> {
  constructor(
    private readonly repository: UpdatesRepository,
    private readonly campaigns: CampaignsService,
    private readonly totals: CampaignTotalsService,
    private readonly donors: DonorsService,
    private readonly sender: MailBatchSender,
    private readonly rate: UpdateEmailRate,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(): Promise<void> {
    const { more } = await this.sender.drain({
      table: 'update_deliveries',
      maxBatches: BATCHES_PER_RUN,
      next: async (limit, leaseMs, owed) => this.prepare(await this.repository.claimDue(await this.rate.take(limit), leaseMs, owed)),
    });
    if (more) await this.producer.enqueue(JobName.SendUpdateBatch, {});
  }

  private async prepare(deliveries: (DeliveryRow & { id: string })[]): Promise<PreparedMail[]> {
    const campaigns = new Map<string, { campaign: Campaign; raisedAmount?: number }>();
    for (const campaignId of new Set(deliveries.map((d) => d.campaign_id))) {
      const campaign = await this.campaigns.get(campaignId);
      const milestone = deliveries.some((d) => d.campaign_id === campaignId && d.kind === 'milestone');
      campaigns.set(campaignId, { campaign, raisedAmount: milestone ? (await this.totals.forCampaign(campaignId)).raisedAmount : undefined });
    }
    const byPair = await this.donors.contacts(deliveries.map((d) => ({ donorId: d.donor_id, campaignId: d.campaign_id })));
    const contacts = new Map(deliveries.map((d) => [d.id, byPair.get(`${d.donor_id}:${d.campaign_id}`)]));
    const skipped = deliveries.filter((d) => !contacts.get(d.id) || contacts.get(d.id)!.unsubscribedAt);
    await this.repository.markSkippedMany(skipped.map((d) => d.id));
    const organisation = organisationFrom(this.config);
    return deliveries.map((d) => {
      const donor = contacts.get(d.id);
      if (!donor || donor.unsubscribedAt) return { id: d.id, mail: null };
      const { campaign, raisedAmount } = campaigns.get(d.campaign_id)!;
      const language = donor.language ?? 'en';
      const link = unsubscribeUrl(this.config.PUBLIC_BASE_URL, this.config, d.donor_id, language);
      const common = { language, campaignTitle: campaignText(campaign, language).title, unsubscribeUrl: link, organisation } as const;
      const email =
        d.kind === 'milestone'
          ? renderMilestoneEmail({ ...common, percent: d.milestone_percent!, raisedAmount: raisedAmount!, goalAmount: campaign.goalAmount, currency: campaign.currency.trim() })
          : renderUpdateEmail({ ...common, ...updateText(d, language) });
      return {
        id: d.id,
        mail: {
          to: donor.email,
          ...email,
          messageId: updateMessageId(d, this.config),
          headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        },
      };
    });
  }
}

/** The update's words in the donor's language, or in the one it was written in, marked as such. */
function updateText(d: DeliveryRow, language: Language): { title: string; body: string; textLanguage: Language } {
  const { language: textLanguage, title, body } = updateIn(d, language);
  return { title, body, textLanguage };
}

function updateMessageId(d: Pick<DeliveryRow, 'update_id' | 'donor_id'>, config: AppConfig): string {
  return `<update.${d.update_id}.${d.donor_id}@${config.MAIL_FROM.split('@')[1]}>`;
}

/** Sends one update to one donor, once; a donor who unsubscribed since the fan-out is skipped. */
@Injectable()
@HandlesJob(JobName.SendUpdateEmail)
export class SendUpdateEmailJob implements JobHandler<JobName.SendUpdateEmail> {
  constructor(
    private readonly repository: UpdatesRepository,
    private readonly claims: SendClaimsRepository,
    private readonly campaigns: CampaignsService,
    private readonly totals: CampaignTotalsService,
    private readonly donors: DonorsService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle({ deliveryId }: JobPayloads[JobName.SendUpdateEmail], job?: Job): Promise<void> {
    const d = await this.repository.delivery(deliveryId);
    if (!d || d.sent_at || d.skipped_at) return;
    const donor = await this.donors.contact(d.donor_id, d.campaign_id);
    if (!donor || donor.unsubscribedAt) {
      await this.repository.markSkipped(deliveryId);
      return;
    }
    const campaign = await this.campaigns.get(d.campaign_id);
    const language = donor.language ?? 'en';
    const link = unsubscribeUrl(this.config.PUBLIC_BASE_URL, this.config, d.donor_id, language);
    const common = { language, campaignTitle: campaignText(campaign, language).title, unsubscribeUrl: link, organisation: organisationFrom(this.config) } as const;
    const email =
      d.kind === 'milestone'
        ? renderMilestoneEmail({
            ...common,
            percent: d.milestone_percent!,
            raisedAmount: (await this.totals.forCampaign(d.campaign_id)).raisedAmount,
            goalAmount: campaign.goalAmount,
            currency: campaign.currency.trim(),
          })
        : renderUpdateEmail({ ...common, ...updateText(d, language) });
    await sendOnce(
      this.claims.claimOf('update_deliveries', deliveryId),
      this.config.QUEUE_LOCK_MS,
      () =>
        this.mail.send({
          to: donor.email,
          ...email,
          messageId: updateMessageId(d, this.config),
          headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        }),
      isLastAttempt(job),
    );
  }
}
