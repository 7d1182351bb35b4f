import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

const TIME_BUCKETS = ['hour', 'day'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

export class DonationsOverTimeQuery {
  @ApiProperty({ enum: TIME_BUCKETS, description: 'Size of each bucket, in the time zone of ORG_TIMEZONE' })
  @IsIn(TIME_BUCKETS, { message: `by must be one of: ${TIME_BUCKETS.join(', ')}` })
  by: TimeBucket;
}

export class DonationBucket {
  @ApiProperty({ type: String, format: 'date-time', description: 'Start of the hour or day in the time zone of ORG_TIMEZONE, as an instant' })
  bucket: string;

  @ApiProperty({ description: 'Donations paid in it (any method)' })
  count: number;

  @ApiProperty({ description: "What they charged (gift and covered fee), in the minor unit of the campaign's currency" })
  amount: number;

  @ApiProperty({ description: 'Pledges (konbini vouchers, bank transfers) made in it that are still awaiting payment or were paid since; expired ones are left out' })
  pledgedCount: number;

  @ApiProperty({ description: "What those pledges ask for (gift and covered fee), in the minor unit of the campaign's currency" })
  pledgedAmount: number;
}
