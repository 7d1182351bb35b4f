import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';

/**
 * Campaign totals as slotted counters: each money event adds to one of 16 rows, chosen by its donation,
 * so concurrent webhooks for one campaign rarely wait on the same row lock; a read sums the slots.
 * The ledger stays the source of truth and these rows can be rebuilt from it.
 */
@Entity({ name: 'campaign_total_slots' })
export class CampaignTotalSlot {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ type: 'smallint' })
  slot: number;

  @Column({ name: 'gross_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  grossAmount: number;

  @Column({ name: 'fee_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  feeAmount: number;

  @Column({ name: 'refunded_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  refundedAmount: number;

  @Column({ name: 'disputed_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  disputedAmount: number;

  @Column({ name: 'covered_fee_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  coveredFeeAmount: number;

  @Column({ name: 'donation_count', type: 'integer', default: 0 })
  donationCount: number;

  @Column({ name: 'donor_count', type: 'integer', default: 0 })
  donorCount: number;

  /** Pledges (konbini vouchers, bank transfers) not yet paid: never part of the amounts above. */
  @Column({ name: 'pending_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  pendingAmount: number;

  @Column({ name: 'pending_count', type: 'integer', default: 0 })
  pendingCount: number;
}
