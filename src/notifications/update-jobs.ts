import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { TotalsService } from '../ledger/totals.service.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { organisationFrom } from './organisation.provider.js';
import { renderMilestoneEmail, renderUpdateEmail } from './templates/update-email.js';
import { unsubscribeUrl } from './unsubscribe-token.js';
import { UpdatesService } from './updates.service.js';

export const MILESTONES = [25, 50, 75, 100] as const;

/** Records each milestone once (its row is the guard, however many donations cross it together) and fans it out. */
@Injectable()
@HandlesJob(JobName.CheckMilestones)
export class CheckMilestonesJob implements JobHandler<JobName.CheckMilestones> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly totals: TotalsService,
    private readonly updates: UpdatesService,
  ) {}

  async handle({ campaignId }: JobPayloads[JobName.CheckMilestones]): Promise<void> {
    const campaign = await this.campaigns.get(campaignId);
    const { raisedAmount } = await this.totals.forCampaign(campaignId);
    const recorded: { percent: number }[] = await this.dataSource.query(`SELECT percent FROM campaign_milestones WHERE campaign_id = $1`, [campaignId]);
    // Once a campaign is past its milestones, every later donation's check stops here instead of trying each again.
    const due = MILESTONES.filter((p) => raisedAmount * 100 >= campaign.goalAmount * p && !recorded.some((r) => r.percent === p));
    for (const percent of due) {
      await this.dataSource.transaction(async (tx) => {
        const reached = await tx.query(
          `INSERT INTO campaign_milestones (campaign_id, percent, update_id) VALUES ($1, $2, gen_random_uuid()) ON CONFLICT DO NOTHING RETURNING percent`,
          [campaignId, percent],
        );
        if (!reached.length) return;
        const updateId = await this.updates.create(tx, campaignId, 'milestone', `${percent}%`, '', percent);
        await tx.query(`UPDATE campaign_milestones SET update_id = $3 WHERE campaign_id = $1 AND percent = $2`, [campaignId, percent, updateId]);
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

interface DeliveryRow {
  sent_at: Date | null;
  skipped_at: Date | null;
  donor_id: string;
  email: string;
  unsubscribed_at: Date | null;
  update_id: string;
  kind: 'update' | 'milestone';
  title: string;
  body: string;
  milestone_percent: number | null;
  campaign_id: string;
  campaign_title: string;
  currency: string;
  goal_amount: string;
  language: 'en' | 'ja' | null;
}

/** Sends one update to one donor, once; a donor who unsubscribed since the fan-out is skipped. */
@Injectable()
@HandlesJob(JobName.SendUpdateEmail)
export class SendUpdateEmailJob implements JobHandler<JobName.SendUpdateEmail> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly totals: TotalsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle({ deliveryId }: JobPayloads[JobName.SendUpdateEmail]): Promise<void> {
    // The delivery row stays locked while the mail goes out, so two runs of one job cannot both send it.
    await this.dataSource.transaction(async (tx) => {
      const [d]: DeliveryRow[] = await tx.query(
        `SELECT del.sent_at, del.skipped_at, del.donor_id, r.email, r.unsubscribed_at, u.id AS update_id, u.kind, u.title, u.body,
                u.milestone_percent, c.id AS campaign_id, c.title AS campaign_title, c.currency, c.goal_amount,
                (SELECT language FROM donations WHERE donor_id = r.id AND campaign_id = c.id ORDER BY created_at DESC LIMIT 1) AS language
           FROM update_deliveries del JOIN donors r ON r.id = del.donor_id JOIN campaign_updates u ON u.id = del.update_id
           JOIN campaigns c ON c.id = u.campaign_id WHERE del.id = $1 FOR UPDATE OF del`,
        [deliveryId],
      );
      if (!d || d.sent_at || d.skipped_at) return;
      if (d.unsubscribed_at) {
        await tx.query(`UPDATE update_deliveries SET skipped_at = now() WHERE id = $1`, [deliveryId]);
        return;
      }
      const link = unsubscribeUrl(this.config.PUBLIC_BASE_URL, this.config.JWT_SECRET, d.donor_id);
      const common = { language: d.language ?? 'en', campaignTitle: d.campaign_title, unsubscribeUrl: link, organisation: organisationFrom(this.config) } as const;
      const email =
        d.kind === 'milestone'
          ? renderMilestoneEmail({ ...common, percent: d.milestone_percent!, raisedAmount: (await this.totals.forCampaign(d.campaign_id)).raisedAmount, goalAmount: Number(d.goal_amount), currency: d.currency.trim() })
          : renderUpdateEmail({ ...common, title: d.title, body: d.body });
      await this.mail.send({
        to: d.email,
        ...email,
        messageId: `<update.${d.update_id}.${d.donor_id}@${this.config.MAIL_FROM.split('@')[1]}>`,
        headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      await tx.query(`UPDATE update_deliveries SET sent_at = now() WHERE id = $1`, [deliveryId]);
    });
  }
}
