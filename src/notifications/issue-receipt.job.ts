import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { organisationFrom } from './organisation.provider.js';
import { renderReceiptPdf } from './receipt-pdf.js';
import { ReceiptsService, type IssuedReceipt } from './receipts.service.js';
import { renderReceiptEmail, type ReceiptDocument } from './templates/receipt-email.js';

interface DonationForReceipt {
  email: string;
  donor_name: string | null;
  language: 'en' | 'ja';
  currency: string;
  campaign_title: string;
  donated_at: Date;
}

/** Issues a receipt (or correction, or cancellation) and mails it once; a rerun after sending does nothing. */
@Injectable()
@HandlesJob(JobName.IssueReceipt)
export class IssueReceiptJob implements JobHandler<JobName.IssueReceipt> {
  constructor(
    private readonly receipts: ReceiptsService,
    private readonly mail: MailService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayloads[JobName.IssueReceipt]): Promise<void> {
    const receipt = await this.receipts.issue(payload.donationId, payload.refundId);
    if (receipt.sentAt) return;
    const doc = await this.document(payload.donationId, receipt);
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

  private async document(donationId: string, receipt: IssuedReceipt): Promise<ReceiptDocument> {
    const [d]: DonationForReceipt[] = await this.dataSource.query(
      `SELECT r.email, d.donor_name, d.language, d.currency, c.title AS campaign_title, COALESCE(d.succeeded_at, d.created_at) AS donated_at
         FROM donations d JOIN donors r ON r.id = d.donor_id JOIN campaigns c ON c.id = d.campaign_id WHERE d.id = $1`,
      [donationId],
    );
    return {
      kind: receipt.kind,
      receiptNumber: receipt.number,
      originalReceiptNumber: receipt.originalNumber ?? undefined,
      language: d.language,
      donorName: d.donor_name,
      donorEmail: d.email,
      amount: receipt.amount,
      currency: d.currency.trim(),
      refundedAmount: receipt.kind === 'receipt' ? undefined : receipt.refundedAmount,
      campaignTitle: d.campaign_title,
      donatedAt: new Date(d.donated_at),
      issuedAt: new Date(receipt.issuedAt),
      organisation: organisationFrom(this.config),
    };
  }
}
