import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { LANGUAGES } from '../../common/language.js';
import type { Language } from '../../common/money-format.js';

// Optional fields may be left out, not sent as null.
const absentOnlyWhenUndefined = (_: object, value: unknown) => value !== undefined;

export class UpdateTranslationRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '漁船が海に戻りました' })
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

export class UpdateTranslationsRequest {
  @ApiPropertyOptional({ type: UpdateTranslationRequest })
  @ValidateIf(absentOnlyWhenUndefined)
  @ValidateNested()
  @Type(() => UpdateTranslationRequest)
  @IsObject({ message: 'ja must be an object {title, body}' })
  ja?: UpdateTranslationRequest;

  @ApiPropertyOptional({ type: UpdateTranslationRequest })
  @ValidateIf(absentOnlyWhenUndefined)
  @ValidateNested()
  @Type(() => UpdateTranslationRequest)
  @IsObject({ message: 'en must be an object {title, body}' })
  en?: UpdateTranslationRequest;
}

const ONE_LANGUAGE = 'An update in one language (see `language`); send either title and body or `translations`.';

export class PostUpdateRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'First boats back on the water', description: ONE_LANGUAGE })
  @ValidateIf(absentOnlyWhenUndefined)
  @MaxLength(200, { message: 'title must be between 1 and 200 characters' })
  @MinLength(1, { message: 'title must be between 1 and 200 characters' })
  @IsString({ message: 'title must be a string' })
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 20000, description: `Plain text; blank lines separate paragraphs. ${ONE_LANGUAGE}` })
  @ValidateIf(absentOnlyWhenUndefined)
  @MaxLength(20000, { message: 'body must be at most 20000 characters' })
  @MinLength(1, { message: 'body must not be empty' })
  @IsString({ message: 'body must be a string' })
  body?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'The language of title and body: when absent, ja if they have a Japanese character, else en' })
  @ValidateIf(absentOnlyWhenUndefined)
  @IsIn(LANGUAGES, { message: `language must be one of: ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({
    type: UpdateTranslationsRequest,
    description: 'The update in Japanese, English or both: each donor gets it in the language they gave in, or in the other one',
  })
  @ValidateIf(absentOnlyWhenUndefined)
  @ValidateNested()
  @Type(() => UpdateTranslationsRequest)
  @IsObject({ message: 'translations must be an object {ja?: {title, body}, en?: {title, body}}' })
  translations?: UpdateTranslationsRequest;
}

export class UpdateTranslationResponse {
  @ApiProperty()
  title: string;

  @ApiProperty()
  body: string;
}

export class UpdateTranslationsResponse {
  @ApiPropertyOptional({ type: UpdateTranslationResponse })
  ja?: UpdateTranslationResponse;

  @ApiPropertyOptional({ type: UpdateTranslationResponse })
  en?: UpdateTranslationResponse;
}

export class PublicUpdate {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['update', 'milestone'] })
  kind: 'update' | 'milestone';

  @ApiProperty({ description: "In `language`: the reader's (?lang=, then Accept-Language, then en), or the other one when the update has none in it" })
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ enum: LANGUAGES, description: 'The language of title and body' })
  language: Language;

  @ApiProperty({ type: UpdateTranslationsResponse })
  translations: UpdateTranslationsResponse;

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
