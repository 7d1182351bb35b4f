import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

const PERIOD_FORMAT = 'ISO 8601 date (midnight UTC) or date-time with a zone';

export class PeriodQuery {
  @ApiPropertyOptional({ description: `Start of the period, inclusive: ${PERIOD_FORMAT}`, example: '2011-03-01' })
  @IsOptional()
  @IsString({ message: 'from must be a string' })
  from?: string;

  @ApiPropertyOptional({ description: `End of the period, exclusive: ${PERIOD_FORMAT}`, example: '2011-04-01' })
  @IsOptional()
  @IsString({ message: 'to must be a string' })
  to?: string;
}

export class CampaignPeriodQuery extends PeriodQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this campaign' })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId?: string;
}

const MAX_PAYOUTS_LISTED = 1000;

export class PayoutListQuery extends PeriodQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAYOUTS_LISTED, default: 100, description: 'How many payouts, newest first' })
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_PAYOUTS_LISTED, { message: `limit must be at most ${MAX_PAYOUTS_LISTED}` })
  @Min(1, { message: 'limit must be at least 1' })
  @IsInt({ message: 'limit must be an integer' })
  limit?: number;
}

export class PayoutView {
  @ApiProperty({ example: 'po_1Nx…' })
  id: string;

  @ApiProperty({ description: 'Minor units' })
  amount: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;

  @ApiProperty({ example: 'paid' })
  status: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  arrivalDate: Date | null;

  @ApiProperty({ description: 'Automatic payouts are itemised by Stripe and must equal the net of their items; a manual one must equal its payout in the ledger' })
  automatic: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'account_closed', description: "Stripe's failure code of a failed payout" })
  failureCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureMessage: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'What the ledger posted to the bank for it, minor units; null until Stripe says it was paid or failed' })
  ledgerAmount: number | null;
}

export class PayoutListItem extends PayoutView {
  @ApiProperty({ description: 'Balance transactions the payout paid out' })
  transactionCount: number;

  @ApiProperty({ description: 'Sum of their net, minor units' })
  net: number;

  @ApiProperty({ description: 'Whether the payout adds up: the sum of its items (automatic) or its ledger payout (manual) equals its amount' })
  netMatchesPayout: boolean;
}

export class PayoutTransaction {
  @ApiProperty({ example: 'txn_1Nx…' })
  id: string;

  @ApiProperty({ example: 'charge' })
  type: string;

  @ApiProperty({ example: 'charge' })
  reportingCategory: string;

  @ApiProperty({ type: String, nullable: true, description: 'The charge, refund or dispute it moved money for' })
  source: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  created: Date;

  @ApiProperty({ description: 'Minor units, signed' })
  amount: number;

  @ApiProperty({ description: "Stripe's fee, minor units" })
  fee: number;

  @ApiProperty({ description: 'amount − fee, minor units' })
  net: number;

  @ApiProperty()
  currency: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 150.12,
    description: "Stripe's exchange rate when it converted the gift (amount = presentment amount × rate, in major units)",
  })
  exchangeRate: number | null;

  @ApiProperty({ type: Number, nullable: true, description: "The same movement in the gift's currency when Stripe converted it, minor units" })
  presentmentAmount: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'usd' })
  presentmentCurrency: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The donation, when Kizuna knows it' })
  donationId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  campaignId: string | null;

  @ApiProperty({ type: String, nullable: true })
  campaignTitle: string | null;
}

export class AmountTotals {
  @ApiProperty()
  count: number;

  @ApiProperty({ description: 'Minor units' })
  amount: number;

  @ApiProperty({ description: 'Minor units' })
  fee: number;

  @ApiProperty({ description: 'Minor units' })
  net: number;
}

export class PayoutGroup extends AmountTotals {
  @ApiProperty({ type: PayoutTransaction, isArray: true })
  transactions: PayoutTransaction[];
}

export const PAYOUT_GROUPS = ['donations', 'refunds', 'disputes', 'fees', 'other'] as const;
export type PayoutGroupName = (typeof PAYOUT_GROUPS)[number];

export class PayoutGroups implements Record<PayoutGroupName, PayoutGroup> {
  @ApiProperty({ type: PayoutGroup, description: 'Charges: the donations' })
  donations: PayoutGroup;

  @ApiProperty({ type: PayoutGroup, description: 'Refunds and failed refunds' })
  refunds: PayoutGroup;

  @ApiProperty({ type: PayoutGroup, description: 'Dispute withdrawals and reinstatements' })
  disputes: PayoutGroup;

  @ApiProperty({ type: PayoutGroup, description: 'Fees Stripe charged on their own' })
  fees: PayoutGroup;

  @ApiProperty({ type: PayoutGroup, description: 'Anything else Stripe moved' })
  other: PayoutGroup;
}

export class PayoutReport {
  @ApiProperty({ type: PayoutView })
  payout: PayoutView;

  @ApiProperty({ type: PayoutGroups })
  groups: PayoutGroups;

  @ApiProperty({ type: AmountTotals, description: 'All groups together' })
  totals: AmountTotals;

  @ApiProperty({ description: 'Whether the payout adds up: the sum of net (automatic) or its ledger payout (manual, which Stripe does not itemise) equals its amount' })
  netMatchesPayout: boolean;

  @ApiProperty({ description: 'Sum of net (automatic) or ledger payout (manual) − payout amount, minor units (0 when they match)' })
  difference: number;
}

export class SettlementSummary {
  @ApiProperty({ example: 'jpy', description: 'The settlement currency (STRIPE_SETTLEMENT_CURRENCY); every amount below is in its minor unit' })
  currency: string;

  @ApiProperty({ description: "What the campaign's gifts, refunds, disputes and fees moved on the Stripe balance" })
  balanceAmount: number;

  @ApiProperty({ description: "Stripe's fees in the settlement currency" })
  feeAmount: number;

  @ApiProperty({ description: "Refunds and disputes converted at a better (positive) or worse (negative) rate than their gift's" })
  fxGainAmount: number;

  @ApiProperty({ description: 'Paid out in the settlement currency by payouts created in the period' })
  paidOutAmount: number;

  @ApiProperty({ description: "In the campaign's currency: money Stripe has not yet reported converted (its balance transaction not yet synced)" })
  unsettledAmount: number;
}

export class PledgeSummary {
  @ApiProperty({ description: 'Konbini vouchers and bank transfers awaiting payment now (whatever the period): never part of gross' })
  pendingAmount: number;

  @ApiProperty()
  pendingCount: number;

  @ApiProperty({ description: 'Pledges that expired unpaid in the period' })
  expiredAmount: number;

  @ApiProperty()
  expiredCount: number;
}

export class CampaignSummary {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: "The campaign's currency; every amount below is in its minor unit" })
  currency: string;

  @ApiProperty({ description: 'Donations received' })
  grossAmount: number;

  @ApiProperty({ description: "Stripe's processing and dispute fees" })
  feeAmount: number;

  @ApiProperty({ description: 'Refunded to donors' })
  refundedAmount: number;

  @ApiProperty({ description: 'Withdrawn by disputes, net of reinstatements' })
  disputedAmount: number;

  @ApiProperty({ description: 'gross − fees − refunds − disputes' })
  netAmount: number;

  @ApiProperty({ description: "Net of the campaign's balance transactions paid out by payouts created in the period, in the campaign's currency" })
  paidOutAmount: number;

  @ApiProperty({ type: SettlementSummary, description: "The same money in the account's settlement currency, as Stripe converted it" })
  settlement: SettlementSummary;

  @ApiProperty({ type: PledgeSummary, description: "Pledges, apart from the money raised, in the campaign's currency" })
  pledges: PledgeSummary;
}

export class FinanceSummary {
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  from: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Exclusive' })
  to: Date | null;

  @ApiProperty({ type: CampaignSummary, isArray: true })
  campaigns: CampaignSummary[];
}

export class UnmatchedStripeEvent {
  @ApiProperty({ example: 'evt_1PqR…' })
  eventId: string;

  @ApiProperty({ example: 'payment_intent.succeeded' })
  type: string;

  @ApiProperty({ description: 'Why no donation matched' })
  reason: string;

  @ApiProperty({ type: String, nullable: true, description: 'The object the event is about (PaymentIntent, refund, charge or dispute)' })
  stripeObjectId: string | null;

  @ApiProperty({ type: String, nullable: true })
  paymentIntentId: string | null;

  @ApiProperty({ type: String, nullable: true })
  chargeId: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'In the minor unit of currency' })
  amount: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'jpy' })
  currency: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'metadata.donation_id as the event carried it, if any' })
  donationRef: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  stripeCreatedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt: Date;
}
