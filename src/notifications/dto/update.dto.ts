import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class PostUpdateRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'First boats back on the water' })
  @MaxLength(200, { message: 'title must be between 1 and 200 characters' })
  @MinLength(1, { message: 'title must be between 1 and 200 characters' })
  @IsString({ message: 'title must be a string' })
  title: string;

  @ApiProperty({ minLength: 1, maxLength: 20000, description: 'Plain text; blank lines separate paragraphs' })
  @MaxLength(20000, { message: 'body must be at most 20000 characters' })
  @MinLength(1, { message: 'body must not be empty' })
  @IsString({ message: 'body must be a string' })
  body: string;
}

export class PublicUpdate {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['update', 'milestone'] })
  kind: 'update' | 'milestone';

  @ApiProperty()
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class UpdateResponse extends PublicUpdate {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ description: 'Deliveries recorded so far (one per opted-in donor once the fan-out is done)' })
  recipients: number;

  @ApiProperty({ description: 'Emails sent' })
  sent: number;

  @ApiProperty({ description: 'Donors who unsubscribed after the fan-out' })
  skipped: number;

  @ApiProperty()
  fanOutDone: boolean;
}
