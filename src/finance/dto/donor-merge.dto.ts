import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsUUID, MaxLength } from 'class-validator';

export class DonorLookupQuery {
  @ApiProperty({ example: 'hanako@example.jp', description: 'Any case: donors are kept by their lowercased address' })
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;
}

export class DonorMergeRequest {
  @ApiProperty({ format: 'uuid', description: 'The record merged away: its gifts move, and it is marked merged' })
  @IsUUID('all', { message: 'fromDonorId must be a donor id (UUID)' })
  fromDonorId: string;

  @ApiProperty({ format: 'uuid', description: 'The record kept' })
  @IsUUID('all', { message: 'intoDonorId must be a donor id (UUID)' })
  intoDonorId: string;
}

export class DonorView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ description: 'Donations of every status that belong to this record' })
  donationCount: number;

  @ApiProperty({ description: 'Whether the donor has a Stripe customer (a bank-transfer account of their own)' })
  hasStripeCustomer: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Set when this record was merged into another: gifts from its address go there' })
  mergedInto: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class DonorMergeResponse {
  @ApiProperty({ type: DonorView, description: 'The record kept, after the merge' })
  donor: DonorView;

  @ApiProperty({ description: 'How many donations moved' })
  movedDonations: number;
}
