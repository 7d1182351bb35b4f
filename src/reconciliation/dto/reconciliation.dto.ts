import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class StartRunRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the period (inclusive); the beginning when absent' })
  @IsOptional()
  @IsISO8601({}, { message: 'from must be an ISO 8601 date' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the period (exclusive); now when absent' })
  @IsOptional()
  @IsISO8601({}, { message: 'to must be an ISO 8601 date' })
  to?: string;
}

export class StartRunResponse {
  @ApiProperty({ format: 'uuid' })
  runId: string;
}

export class DiscrepancyView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['missing_in_ledger', 'missing_in_stripe', 'amount_mismatch', 'fee_mismatch', 'currency_mismatch', 'payout_sum_mismatch'] })
  kind: string;

  @ApiProperty({ type: String, nullable: true, description: 'The charge, refund, dispute movement or payout in Stripe' })
  stripeObjectId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The ledger transaction id' })
  ledgerReference: string | null;

  @ApiProperty({ type: String, nullable: true })
  currency: string | null;

  @ApiProperty({ description: 'What Stripe (or the ledger, for missing_in_stripe) says' })
  expected: string;

  @ApiProperty({ description: 'What was found' })
  actual: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: Date | null;

  @ApiProperty({ type: String, nullable: true })
  resolutionNote: string | null;
}

export class RunResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] })
  status: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  from: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  to: Date | null;

  @ApiProperty({ description: 'Stripe balance transactions matched to the ledger without a discrepancy' })
  matchedCount: number;

  @ApiProperty()
  discrepancyCount: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: DiscrepancyView, isArray: true })
  discrepancies: DiscrepancyView[];
}

export class ResolveRequest {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: 'Charge made by hand in the dashboard; booked manually' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  @MinLength(1, { message: 'note must not be empty' })
  @IsString({ message: 'note must be a string' })
  note: string;
}

export class AuditEntry {
  @ApiProperty()
  actorEmail: string;

  @ApiProperty()
  action: string;

  @ApiProperty()
  note: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;
}
