import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

const PLEDGE_STATUSES = ['awaiting_payment', 'expired'] as const;
const MAX_PLEDGES_LISTED = 1000;

export class PledgesQuery {
  @ApiPropertyOptional({ enum: PLEDGE_STATUSES, description: 'Only pledges awaiting payment, or only expired ones; both by default' })
  @IsOptional()
  @IsIn(PLEDGE_STATUSES, { message: `status must be one of: ${PLEDGE_STATUSES.join(', ')}` })
  status?: (typeof PLEDGE_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Reached its status (made, or expired) at or after: ISO 8601 date or date-time with a zone', example: '2024-01-01' })
  @IsOptional()
  @IsString({ message: 'from must be a string' })
  from?: string;

  @ApiPropertyOptional({ description: 'Reached its status before (exclusive)', example: '2024-02-01' })
  @IsOptional()
  @IsString({ message: 'to must be a string' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this campaign' })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId?: string;
}

export class PledgeListQuery extends PledgesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PLEDGES_LISTED, default: 200, description: 'How many, newest first (the CSV has them all)' })
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_PLEDGES_LISTED, { message: `limit must be at most ${MAX_PLEDGES_LISTED}` })
  @Min(1, { message: 'limit must be at least 1' })
  @IsInt({ message: 'limit must be an integer' })
  limit?: number;
}

export class Pledge {
  @ApiProperty({ format: 'uuid' })
  donationId: string;

  @ApiProperty({ enum: PLEDGE_STATUSES })
  status: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When it reached its status: when it was made (awaiting payment), or when it expired' })
  at: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  pledgedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "A konbini voucher's deadline; null for a bank transfer" })
  deadline: Date | null;

  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  campaignTitle: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null when the donor gave anonymously' })
  donorName: string | null;

  @ApiProperty()
  anonymous: boolean;

  @ApiProperty({ enum: ['konbini', 'bank_transfer'] })
  paymentMethod: string;

  @ApiProperty({ description: 'What the donor was asked to pay (gift and covered fee), minor units' })
  amount: number;

  @ApiProperty({ description: 'What is still to come, minor units: less than amount once part of a transfer arrived' })
  amountRemaining: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;
}

export class CashBalanceCampaign {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;
}

export class CashReturn {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'cus_…' })
  stripeCustomerId: string;

  @ApiProperty({ format: 'uuid' })
  donorId: string;

  @ApiProperty({ type: String, nullable: true })
  donorName: string | null;

  @ApiProperty()
  email: string;

  @ApiProperty({ description: 'Minor units' })
  amount: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;

  @ApiProperty({
    enum: ['requested', 'requires_action', 'pending', 'succeeded', 'failed', 'canceled', 'refused'],
    description:
      '`requested` until Stripe answers; `requires_action`: Stripe emailed the donor for their bank account; `pending`: on its way; `succeeded`; `failed` or `canceled`: the money went back to the cash balance; `refused`: Stripe would not make it, nothing moved',
  })
  status: string;

  @ApiProperty({ type: String, nullable: true, example: 're_…' })
  stripeRefundId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Where Stripe asked the donor for their bank account' })
  instructionsEmail: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The staff member who asked for it; null for a refund made in Stripe' })
  requestedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}

export class CashBalance {
  @ApiProperty({ example: 'cus_…', description: "The donor's Stripe customer: the cash balance's key in the routes" })
  stripeCustomerId: string;

  @ApiProperty({ format: 'uuid' })
  donorId: string;

  @ApiProperty({ type: String, nullable: true })
  donorName: string | null;

  @ApiProperty()
  email: string;

  @ApiProperty({ description: 'What the cash balance holds now, minor units (0 while a return of all of it is on its way)' })
  availableAmount: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;

  @ApiProperty({ example: 'automatic', description: "Stripe's reconciliation mode for the customer" })
  reconciliationMode: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Since when money waits in it' })
  availableSince: Date | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'When Kizuna last read it from Stripe' })
  updatedAt: Date;

  @ApiProperty({ type: CashBalanceCampaign, isArray: true, description: "The campaigns of the donor's bank transfers, latest first" })
  campaigns: CashBalanceCampaign[];
}

export class CashBalanceActionRequest {
  @ApiProperty({ minimum: 1, description: 'The balance as finance saw it, minor units: refused with cash_balance_changed when Stripe now holds another amount' })
  @IsInt({ message: 'amount must be an integer (minor units)' })
  @Min(1, { message: 'amount must be at least 1' })
  amount: number;
}

export class CashGift {
  @ApiProperty({ format: 'uuid' })
  donationId: string;

  @ApiProperty({ example: 'pi_…' })
  paymentIntentId: string;

  @ApiProperty({ format: 'uuid', description: "The campaign of the donor's latest bank transfer" })
  campaignId: string;

  @ApiProperty({ description: 'Minor units: the whole cash balance' })
  amount: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;

  @ApiProperty({ description: '`pending` or `awaiting_payment` until Stripe says the balance paid it; then it succeeds and is receipted like any gift' })
  status: string;
}
