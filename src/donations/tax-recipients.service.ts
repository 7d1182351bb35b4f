import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/token.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { DonationError } from './donation.errors.js';
import { type TaxReceiptRequest, taxRecipientFrom } from './dto/tax-receipt.dto.js';
import { TaxRecipientsRepository } from './tax-recipients.repository.js';

/** Staff correcting the name and address a donor gave for a tax receipt. */
@Injectable()
export class TaxRecipientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recipients: TaxRecipientsRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * Stores the corrected details and, when the donation has a receipt already, queues its reissue with them (in the
   * same transaction). Without a receipt yet the details simply apply to the receipt when it is issued.
   */
  async correct(donationId: string, input: TaxReceiptRequest, staff: StaffPrincipal): Promise<{ reissued: boolean }> {
    const recipient = taxRecipientFrom(input)!;
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.recipients.update(tx, donationId, recipient))) {
        throw new DonationError('not_found', 'donation_not_found', `no donation ${donationId}`);
      }
      const correctionId = randomUUID();
      const reissued = await this.recipients.hasReceipt(tx, donationId);
      if (reissued) await this.outbox.add(tx, { name: JobName.ReceiptDetailsCorrected, payload: { donationId, correctionId } });
      await this.audit.record(staff, 'donation.tax_receipt_corrected', { type: 'donation', id: donationId }, { correctionId, reissued }, tx);
      return { reissued };
    });
  }
}
