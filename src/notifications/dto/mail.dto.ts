import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsUUID, Matches } from 'class-validator';

/** The sending record every undelivered document shows. */
class MailAttempts {
  @ApiProperty({ description: 'Mail attempts that failed so far' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true, description: 'What the mail server (or its absence) answered last' })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set once every retry was spent; null while it still retries' })
  failedAt: Date | null;
}

export class UndeliveredReceiptItem extends MailAttempts {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['receipt', 'correction', 'cancellation', 'reissue'] })
  kind: string;

  @ApiProperty({ example: 'KZ-2026-000123' })
  number: string;

  @ApiProperty({ format: 'uuid' })
  donationId: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt: Date;
}

export class UndeliveredAnnualReceiptItem extends MailAttempts {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['annual', 'reissue'] })
  kind: string;

  @ApiProperty({ example: 'KZA-2026-000001' })
  number: string;

  @ApiProperty({ example: 2026, description: 'The calendar year it covers' })
  year: number;

  @ApiProperty({ description: 'In minor units of currency' })
  amount: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;

  @ApiProperty({ format: 'uuid' })
  donorId: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt: Date;
}

export class UndeliveredUpdateItem extends MailAttempts {
  @ApiProperty({ description: 'The delivery: one update to one donor', example: '42' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  updateId: string;

  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ enum: ['update', 'milestone'] })
  kind: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ format: 'uuid' })
  donorId: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class UndeliveredMailResponse {
  @ApiProperty({ description: 'Receipts whose retries are spent, waiting for the mail sweep or an admin' })
  failedReceipts: number;

  @ApiProperty({ description: 'Annual receipts whose retries are spent' })
  failedAnnualReceipts: number;

  @ApiProperty()
  failedUpdates: number;

  @ApiProperty({ type: UndeliveredReceiptItem, isArray: true, description: 'Failed first, then those still retrying or waiting over an hour; at most 200' })
  receipts: UndeliveredReceiptItem[];

  @ApiProperty({ type: UndeliveredAnnualReceiptItem, isArray: true, description: 'In the same order; at most 200' })
  annualReceipts: UndeliveredAnnualReceiptItem[];

  @ApiProperty({ type: UndeliveredUpdateItem, isArray: true })
  updates: UndeliveredUpdateItem[];
}

export class RetryMailRequest {
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: 500 })
  @IsOptional()
  @ArrayMaxSize(500, { message: 'receiptIds may hold at most 500 ids' })
  @IsUUID('all', { each: true, message: 'each of receiptIds must be a UUID' })
  @IsArray({ message: 'receiptIds must be an array' })
  receiptIds?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: 500 })
  @IsOptional()
  @ArrayMaxSize(500, { message: 'annualReceiptIds may hold at most 500 ids' })
  @IsUUID('all', { each: true, message: 'each of annualReceiptIds must be a UUID' })
  @IsArray({ message: 'annualReceiptIds must be an array' })
  annualReceiptIds?: string[];

  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 500, example: ['42'] })
  @IsOptional()
  @ArrayMaxSize(500, { message: 'deliveryIds may hold at most 500 ids' })
  @Matches(/^[1-9]\d{0,17}$/, { each: true, message: 'each of deliveryIds must be a delivery id (digits)' })
  @IsArray({ message: 'deliveryIds must be an array' })
  deliveryIds?: string[];
}

export class RetryMailResponse {
  @ApiProperty({ description: 'Receipts queued to be sent again (those sent or withdrawn meanwhile are left out)' })
  receipts: number;

  @ApiProperty()
  annualReceipts: number;

  @ApiProperty()
  updates: number;
}
