import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { OutboxService } from '../queue/outbox.service.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JOBS, JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { pledgeEmail, type PledgeEmailFacts } from './templates/pledge-email.js';

/** Mails one email about a pledge, in the donor's language; a rerun sends the same Message-ID. */
@Injectable()
@HandlesJob(JobName.SendPledgeEmail)
export class SendPledgeEmailJob implements JobHandler<JobName.SendPledgeEmail> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads[JobName.SendPledgeEmail]): Promise<void> {
    const [row] = await this.dataSource.query(
      `SELECT d.id, d.amount + d.covered_fee_amount AS amount, d.currency, d.language, d.payment_method, d.payment_instructions,
              d.amount_remaining, d.pledge_expires_at, d.donor_name, r.email, c.title AS campaign_title, c.slug AS campaign_slug
         FROM donations d JOIN donors r ON r.id = d.donor_id JOIN campaigns_summary_v c ON c.id = d.campaign_id WHERE d.id = $1`,
      [payload.donationId],
    );
    if (!row) return;
    const facts: PledgeEmailFacts = {
      kind: payload.kind,
      language: row.language,
      amount: Number(row.amount),
      currency: row.currency.trim(),
      donorName: row.donor_name,
      campaignTitle: row.campaign_title,
      campaignUrl: `${this.config.PUBLIC_BASE_URL}/campaigns/${row.campaign_slug}`,
      instructions: row.payment_instructions,
      amountRemaining: payload.amountRemaining ?? (row.amount_remaining === null ? null : Number(row.amount_remaining)),
      expiresAt: row.pledge_expires_at,
    };
    const email = pledgeEmail(facts);
    const suffix = payload.kind === 'partial' ? `-${facts.amountRemaining}` : '';
    await this.mail.send({ to: row.email, ...email, messageId: `<pledge-${payload.kind}${suffix}-${row.id}@kizuna>` });
  }
}

/** Every PLEDGE_REMINDER_SWEEP_MS: vouchers whose deadline is less than a day away get their one reminder queued. */
@Injectable()
@HandlesJob(JobName.RemindPledges)
export class RemindPledgesJob implements JobHandler<JobName.RemindPledges>, OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly schedules: JobSchedules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({
      id: 'pledge-reminders',
      queue: JOBS[JobName.RemindPledges].queue,
      everyMs: this.config.PLEDGE_REMINDER_SWEEP_MS,
      job: JobName.RemindPledges,
      data: {},
      opts: { removeOnComplete: 10, removeOnFail: 100 },
    });
  }

  async handle(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [due]: [{ id: string }[], number] = await tx.query(
        `UPDATE donations SET reminded_at = now()
          WHERE status = 'awaiting_payment' AND payment_method = 'konbini' AND reminded_at IS NULL
            AND pledge_expires_at > now() AND pledge_expires_at <= now() + interval '1 day'
          RETURNING id`,
      );
      await this.outbox.addMany(
        tx,
        JobName.SendPledgeEmail,
        due.map((row) => ({ donationId: row.id, kind: 'reminder' as const })),
      );
    });
  }
}
