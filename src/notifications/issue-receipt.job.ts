import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { type DonationForReceipt, DonationsService } from '../donations/donations.service.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { organisationFrom } from './organisation.provider.js';
import { renderReceiptPdf } from './receipt-pdf.js';
import { type IssuedReceipt, ReceiptsService } from './receipts.service.js';
import { type ReceiptDocument, renderReceiptEmail } from './templates/receipt-email.js';

/** Issues a receipt (or correction, or cancellation) and mails it once; a rerun after sending does nothing. */
@Injectable()
@HandlesJob(JobName.IssueReceipt)
export class IssueReceiptJob implements JobHandler<JobName.IssueReceipt> {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly donations: DonationsService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads[JobName.IssueReceipt]): Promise<void> {
    const donation = await this.donations.forReceipt(payload.donationId);
    const receipt = await this.receipts.issue(payload.donationId, donation.currency, payload.refundId);
    if (receipt.sentAt) return;
    const doc = this.document(donation, receipt);
    const email = renderReceiptEmail(doc);
    await this.receipts.sendOnce(receipt.id, () =>
      this.mail.send({
        to: doc.donorEmail,
        ...email,
        messageId: `<${receipt.kind}.${receipt.sourceRef}@${this.config.MAIL_FROM.split('@')[1]}>`,
        attachments: [{ filename: `${receipt.number}.pdf`, content: renderReceiptPdf(doc), contentType: 'application/pdf' }],
      }),
    );
  }

  private document(donation: DonationForReceipt, receipt: IssuedReceipt): ReceiptDocument {
    return {
      kind: receipt.kind,
      receiptNumber: receipt.number,
      originalReceiptNumber: receipt.originalNumber ?? undefined,
      language: donation.language,
      donorName: donation.donorName,
      donorEmail: donation.donorEmail,
      amount: receipt.amount,
      currency: donation.currency,
      refundedAmount: receipt.kind === 'receipt' ? undefined : receipt.refundedAmount,
      campaignTitle: donation.campaignTitle,
      donatedAt: donation.donatedAt,
      issuedAt: new Date(receipt.issuedAt),
      organisation: organisationFrom(this.config),
    };
  }
}
