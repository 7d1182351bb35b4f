import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DonationsService, type PledgeForEmail } from '../donations/donations.service.js';
import { PledgesService } from '../donations/pledges.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName, type JobPayloads, type PledgeEmailKind } from '../queue/queue.registry.js';
import type { OutgoingMail } from './mail.service.js';
import { organisationFrom } from './organisation.provider.js';
import { PledgeEmailsRepository } from './pledge-emails.repository.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { type SendOutcome, sendOnce } from './send-once.js';
import { renderPledgeEmail } from './templates/pledge-email.js';

const REMINDER_BATCH = 500;

/**
 * Whether an email still tells the truth when it is about to go: how to pay, a reminder and what remains only while
 * the pledge waits (and, for a transfer, still needs the figure the email states); the expiry only once expired.
 */
function stillTrue(kind: PledgeEmailKind, pledge: PledgeForEmail, amountRemaining: number): boolean {
  if (kind === 'expired') return pledge.status === 'expired';
  if (pledge.status !== 'awaiting_payment' || !pledge.instructions) return false;
  if (kind === 'instructions') return true;
  if (pledge.instructions.type === 'konbini') return kind === 'reminder' && new Date(pledge.instructions.expiresAt) > new Date();
  return pledge.amountRemaining === amountRemaining;
}

/**
 * The emails about pledges: each is a row of pledge_emails keyed by (donation, kind, amount remaining), so a job
 * run again, the mail sweep and a concurrent run all reach the same row, and the send claim mails it once.
 */
@Injectable()
export class PledgeEmailsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PledgeEmailsRepository,
    private readonly claims: SendClaimsRepository,
    private readonly donations: DonationsService,
    private readonly pledges: PledgesService,
    private readonly outbox: OutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The email a job asks for, ready to mail: null when it went out already, or is skipped now because it stopped
   * being true. Without a figure in the payload, the email states the whole amount (a voucher is paid in one go).
   */
  async prepare({ donationId, kind, amountRemaining }: JobPayloads[JobName.SendPledgeEmail]): Promise<{ id: string; mail: OutgoingMail } | null> {
    const pledge = await this.donations.forPledgeEmail(donationId);
    if (!pledge) return null;
    const stated = amountRemaining ?? pledge.charge;
    const row = await this.repository.ensure(donationId, kind, stated);
    if (row.sent_at || row.skipped_at) return null;
    if (!stillTrue(kind, pledge, stated)) {
      await this.repository.markSkipped(row.id);
      return null;
    }
    return { id: row.id, mail: this.message(pledge, kind, stated) };
  }

  /** Mails a prepared email unless another run did; see sendOnce for why no connection is held meanwhile. */
  sendOnce(id: string, send: () => Promise<void>, lastAttempt: boolean): Promise<SendOutcome> {
    return sendOnce(this.claims.claimOf('pledge_emails', id), this.config.QUEUE_LOCK_MS, send, lastAttempt);
  }

  /** Queues the reminder of each voucher due for one (each chosen once); how many. */
  remindVouchers(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due = await this.pledges.claimVoucherReminders(tx);
      await this.outbox.addMany(
        tx,
        JobName.SendPledgeEmail,
        due.map((donationId) => ({ donationId, kind: 'reminder' as const })),
      );
      return due.length;
    });
  }

  /**
   * Transfers told what remains more than PLEDGE_PARTIAL_REMINDER_AFTER_MS ago get one reminder of that figure,
   * if it is still what they owe; a figure since paid or lowered is recorded as skipped. How many were queued.
   */
  async remindPartialTransfers(): Promise<number> {
    let total = 0;
    for (;;) {
      const { chosen, queued } = await this.dataSource.transaction(async (tx) => {
        const due = await this.repository.partialsDueForReminder(tx, this.config.PLEDGE_PARTIAL_REMINDER_AFTER_MS, REMINDER_BATCH);
        const balances = await this.donations.pledgeBalances(due.map((figure) => figure.donationId));
        const owed = (figure: (typeof due)[number]) => {
          const balance = balances.get(figure.donationId);
          return balance?.status === 'awaiting_payment' && balance.amountRemaining === figure.amountRemaining;
        };
        const recorded = await this.repository.insertReminders(
          tx,
          due.map((figure) => ({ ...figure, owed: owed(figure) })),
        );
        await this.outbox.addMany(
          tx,
          JobName.SendPledgeEmail,
          recorded.map(({ donationId, amountRemaining }) => ({ donationId, kind: 'reminder' as const, amountRemaining })),
        );
        return { chosen: due.length, queued: recorded.length };
      });
      total += queued;
      if (chosen < REMINDER_BATCH) return total;
    }
  }

  /** The same for every run of the same email, so a resend carries the same Message-ID and says the same. */
  private message(pledge: PledgeForEmail, kind: PledgeEmailKind, amountRemaining: number): OutgoingMail {
    const email = renderPledgeEmail({
      kind,
      language: pledge.language,
      donorName: pledge.donorName,
      campaignTitle: pledge.campaignTitle,
      amount: pledge.charge,
      amountRemaining,
      currency: pledge.currency,
      instructions: pledge.instructions,
      giveAgainUrl: this.giveAgainUrl(pledge),
      organisation: organisationFrom(this.config),
    });
    return { to: pledge.donorEmail, ...email, messageId: `<pledge.${kind}.${pledge.id}.${amountRemaining}@${this.config.MAIL_FROM.split('@')[1]}>` };
  }

  /** The campaign's give page while it takes gifts, else its page. */
  private giveAgainUrl(pledge: PledgeForEmail): string {
    const url = new URL(`/campaigns/${encodeURIComponent(pledge.campaignSlug)}${pledge.campaignActive ? '/give' : ''}`, this.config.PUBLIC_BASE_URL);
    url.searchParams.set('lang', pledge.language);
    return url.toString();
  }
}
