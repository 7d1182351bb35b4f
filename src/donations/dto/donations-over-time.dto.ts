import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

const TIME_BUCKETS = ['hour', 'day'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

export class DonationsOverTimeQuery {
  @ApiProperty({ enum: TIME_BUCKETS, description: 'Size of each bucket, in UTC' })
  @IsIn(TIME_BUCKETS, { message: `by must be one of: ${TIME_BUCKETS.join(', ')}` })
  by: TimeBucket;
}

export class DonationBucket {
  @ApiProperty({ type: String, format: 'date-time', description: 'Start of the hour or day (UTC)' })
  bucket: string;

  @ApiProperty({ description: 'Donations that succeeded in it' })
  count: number;

  @ApiProperty({ description: "What they charged (gift and covered fee), in the minor unit of the campaign's currency" })
  amount: number;
}
