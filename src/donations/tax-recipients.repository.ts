import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { TaxRecipient } from './tax-recipient.js';

/** The tax-receipt name and address on donations; reads notifications_receipts_v for whether a receipt was issued. */
@Injectable()
export class TaxRecipientsRepository {
  /** Sets the donation's tax-receipt details; false when there is no such donation. */
  async update(tx: EntityManager, donationId: string, recipient: TaxRecipient): Promise<boolean> {
    const rows = await updateReturning(tx, `UPDATE donations SET tax_receipt = $2::jsonb WHERE id = $1 RETURNING id`, [donationId, JSON.stringify(recipient)]);
    return rows.length > 0;
  }

  async hasReceipt(tx: EntityManager, donationId: string): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM notifications_receipts_v WHERE donation_id = $1 AND kind = 'receipt'`, [donationId]);
    return rows.length > 0;
  }
}
