import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

export class StartAnnualRunRequest {
  @ApiProperty({ example: 2026, description: 'The calendar year, in the organisation time zone' })
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000, { message: 'year must be 2000 or later' })
  @Max(9999, { message: 'year must have four digits' })
  year: number;
}

export class StartAnnualRunResponse {
  @ApiProperty({ format: 'uuid' })
  runId: string;
}

export class AnnualRunResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  year: number;

  @ApiProperty({ enum: ['running', 'completed', 'failed'] })
  status: 'running' | 'completed' | 'failed';

  @ApiProperty({ description: 'Annual receipts this run issued (each is mailed by a job of its own)' })
  issued: number;

  @ApiProperty({ description: 'Donors whose receipt for the year an earlier run issued: left as they were' })
  alreadyIssued: number;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  startedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;
}

export class ReissuedAnnualReceipt {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'KZA-2026-000042' })
  number: string;

  @ApiProperty({ enum: ['annual', 'reissue'] })
  kind: 'annual' | 'reissue';

  @ApiProperty({ type: String, nullable: true, description: 'The number of the receipt it replaces' })
  replacesNumber: string | null;

  @ApiProperty({ description: 'In minor units' })
  amount: number;

  @ApiProperty({ example: 'jpy' })
  currency: string;
}
