import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { type DonationForReceipt, DonationsService } from '../donations/donations.service.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import { MailService, type OutgoingMail } from './mail.service.js';
import { receiptDocument } from './receipt-documents.js';
import { renderReceiptPdf } from './receipt-pdf.js';
import { type IssuedReceipt, ReceiptsService } from './receipts.service.js';
import { isLastAttempt } from './send-once.js';
import { renderReceiptEmail } from './templates/receipt-email.js';

/** Renders an issued receipt and mails it once, with a Message-ID stable per document. */
@Injectable()
export class ReceiptMailer {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly mail: MailService,
    private readonly organisation: OrganisationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(receipt: IssuedReceipt, donation: DonationForReceipt, job: Job | undefined): Promise<void> {
    if (receipt.sentAt || receipt.withdrawnAt) return;
    const message = await this.message(receipt, donation);
    await this.receipts.sendOnce(receipt.id, () => this.mail.send(message), isLastAttempt(job));
  }

  /** The email of a receipt, with its PDF: the same for every sender, so a resend carries the same Message-ID. */
  async message(receipt: IssuedReceipt, donation: DonationForReceipt): Promise<OutgoingMail> {
    const doc = receiptDocument(receipt, donation, await this.organisation.version(receipt.organisationVersion));
    return {
      to: donation.donorEmail,
      ...renderReceiptEmail(doc),
      messageId: `<${receipt.kind}.${receipt.sourceRef}@${this.config.MAIL_FROM.split('@')[1]}>`,
      attachments: [{ filename: `${receipt.number}.pdf`, content: await renderReceiptPdf(doc), contentType: 'application/pdf' }],
    };
  }
}

/** Issues a receipt (or correction, or cancellation) and mails it once; a rerun after sending does nothing. */
@Injectable()
@HandlesJob(JobName.IssueReceipt)
export class IssueReceiptJob implements JobHandler<JobName.IssueReceipt> {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly donations: DonationsService,
    private readonly mailer: ReceiptMailer,
  ) {}

  async handle(payload: JobPayloads[JobName.IssueReceipt], job?: Job): Promise<void> {
    const donation = await this.donations.forReceipt(payload.donationId);
    const receipt = await this.receipts.issue(payload.donationId, donation.currency, payload.refundId);
    if (receipt) await this.mailer.send(receipt, donation, job);
  }
}

/** Mails an issued receipt that failed to go out, again: the mail sweep's and the admins' retry. */
@Injectable()
@HandlesJob(JobName.SendReceipt)
export class SendReceiptJob implements JobHandler<JobName.SendReceipt> {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly donations: DonationsService,
    private readonly mailer: ReceiptMailer,
  ) {}

  async handle({ receiptId }: JobPayloads[JobName.SendReceipt], job?: Job): Promise<void> {
    const receipt = await this.receipts.get(receiptId);
    if (!receipt || receipt.sentAt || receipt.withdrawnAt) return;
    await this.mailer.send(receipt, await this.donations.forReceipt(receipt.donationId), job);
  }
}

/** A refund failed: the correction or cancellation it brought is withdrawn or, once sent, followed by the receipt issued again. */
@Injectable()
@HandlesJob(JobName.ReissueAfterRefundFailure)
export class ReissueAfterRefundFailureJob implements JobHandler<JobName.ReissueAfterRefundFailure> {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly donations: DonationsService,
    private readonly mailer: ReceiptMailer,
  ) {}

  async handle({ donationId, refundId }: JobPayloads[JobName.ReissueAfterRefundFailure], job?: Job): Promise<void> {
    const donation = await this.donations.forReceipt(donationId);
    const reissue = await this.receipts.reissueAfterRefundFailure(donationId, refundId, donation.currency);
    if (reissue) await this.mailer.send(reissue, donation, job);
  }
}

/** Staff corrected the donor's tax-receipt details: the receipt in force is issued again with them and mailed, once per correction. */
@Injectable()
@HandlesJob(JobName.ReceiptDetailsCorrected)
export class ReissueForCorrectionJob implements JobHandler<JobName.ReceiptDetailsCorrected> {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly donations: DonationsService,
    private readonly mailer: ReceiptMailer,
  ) {}

  async handle({ donationId, correctionId }: JobPayloads[JobName.ReceiptDetailsCorrected], job?: Job): Promise<void> {
    const reissue = await this.receipts.reissueForCorrection(donationId, correctionId);
    if (reissue) await this.mailer.send(reissue, await this.donations.forReceipt(donationId), job);
  }
}
