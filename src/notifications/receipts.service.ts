import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { toMinorUnits } from '../database/money.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { type ReceiptRow, ReceiptsRepository } from './receipts.repository.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { sendOnce } from './send-once.js';
import type { ReceiptKind } from './templates/receipt-email.js';

export interface IssuedReceipt {
  id: string;
  kind: ReceiptKind;
  sourceRef: string;
  number: string;
  amount: number;
  refundedAmount: number;
  originalNumber: string | null;
  issuedAt: Date;
  sentAt: Date | null;
}

/** Issues receipts with gap-free numbers per year (see ReceiptsRepository.insertNumbered), and mails each once. */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly receipts: ReceiptsRepository,
    private readonly claims: SendClaimsRepository,
    private readonly ledger: LedgerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The receipt (or, after a refund, the correction or cancellation) for a donation in its currency; issued once. */
  async issue(donationId: string, currency: string, refundId?: string): Promise<IssuedReceipt> {
    const balances = await this.ledger.balancesOfDonation(donationId);
    if (balances.charged === 0) throw new Error(`donation ${donationId} has no charge yet`);
    const original = await this.receipts.find('receipt', donationId);
    const fullyRefunded = balances.refunded >= balances.charged;
    const [kind, sourceRef, amount]: [ReceiptKind, string, number] = !refundId
      ? ['receipt', donationId, balances.charged]
      : fullyRefunded
        ? ['cancellation', donationId, balances.charged]
        : ['correction', refundId, balances.charged - balances.refunded];
    if (kind !== 'receipt' && !original) throw new Error(`donation ${donationId}: the original receipt is not issued yet`);
    const existing: ReceiptRow | undefined = kind === 'receipt' ? original : await this.receipts.find(kind, sourceRef);
    const row = existing ?? (await this.receipts.insertNumbered({ donationId, kind, sourceRef, amount, currency, year: new Date().getUTCFullYear() }));
    return {
      id: row.id,
      kind,
      sourceRef,
      number: row.number,
      amount: toMinorUnits(row.amount),
      refundedAmount: balances.refunded,
      originalNumber: kind === 'receipt' ? null : original!.number,
      issuedAt: row.issued_at,
      sentAt: row.sent_at,
    };
  }

  /** Sends a receipt unless it was sent already; see sendOnce for why no connection is held meanwhile. */
  async sendOnce(receiptId: string, send: () => Promise<void>): Promise<void> {
    await sendOnce(this.claims.claimOf('receipts', receiptId), this.config.QUEUE_LOCK_MS, send);
  }
}
