import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { CampaignTotalsService } from '../campaigns/campaign-totals.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DonorsService } from '../donations/donors.service.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { organisationFrom } from './organisation.provider.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { isLastAttempt, sendOnce } from './send-once.js';
import { renderMilestoneEmail, renderUpdateEmail } from './templates/update-email.js';
import { unsubscribeUrl } from './unsubscribe-token.js';
import { UpdatesRepository } from './updates.repository.js';
import { UpdatesService } from './updates.service.js';

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
    const due = MILESTONES.filter((p) => raisedAmount * 100 >= campaign.goalAmount * p && !recorded.includes(p));
    for (const percent of due) {
      await this.dataSource.transaction(async (tx) => {
        if (!(await this.repository.insertMilestone(tx, campaignId, percent))) return;
        const updateId = await this.updates.create(tx, campaignId, 'milestone', `${percent}%`, '', percent);
        await this.repository.setMilestoneUpdate(tx, campaignId, percent, updateId);
      });
    }
  }
}

@Injectable()
@HandlesJob(JobName.FanOutUpdate)
export class FanOutUpdateJob implements JobHandler<JobName.FanOutUpdate> {
  constructor(private readonly updates: UpdatesService) {}

  async handle({ updateId }: JobPayloads[JobName.FanOutUpdate]): Promise<void> {
    while (await this.updates.fanOutBatch(updateId)) {
      // each batch commits on its own, so a restart resumes where it stopped
    }
  }
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
    const link = unsubscribeUrl(this.config.PUBLIC_BASE_URL, this.config, d.donor_id);
    const common = { language, campaignTitle: campaign.title, unsubscribeUrl: link, organisation: organisationFrom(this.config) } as const;
    const email =
      d.kind === 'milestone'
        ? renderMilestoneEmail({
            ...common,
            percent: d.milestone_percent!,
            raisedAmount: (await this.totals.forCampaign(d.campaign_id)).raisedAmount,
            goalAmount: campaign.goalAmount,
            currency: campaign.currency.trim(),
          })
        : renderUpdateEmail({ ...common, title: d.title, body: d.body });
    await sendOnce(
      this.claims.claimOf('update_deliveries', deliveryId),
      this.config.QUEUE_LOCK_MS,
      () =>
        this.mail.send({
          to: donor.email,
          ...email,
          messageId: `<update.${d.update_id}.${d.donor_id}@${this.config.MAIL_FROM.split('@')[1]}>`,
          headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        }),
      isLastAttempt(job),
    );
  }
}
