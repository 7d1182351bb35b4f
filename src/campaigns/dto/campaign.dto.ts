import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { LANGUAGES } from '../../common/language.js';
import type { Language } from '../../common/money-format.js';
import { SUPPORTED_CURRENCIES } from '../../stripe/currencies.js';
import { CAMPAIGN_STATUSES, DISASTER_TYPES, FUND_KINDS, MAX_GOAL } from '../campaign.entity.js';
import type { CampaignStatus, DisasterType, FundKind } from '../campaign.entity.js';
import { SLUG_HAS_LETTER, SLUG_PATTERN } from '../slug.util.js';

// Optional fields may be left out, not sent as null: IsOptional would let a null through to NOT NULL columns (a 500 on PATCH).
const absentOnlyWhenUndefined = (_: object, value: unknown) => value !== undefined;

const FLAT_FIELDS_NOTE = 'The text in one language, kept for older clients: see `language`. Send either these or `translations`.';

export class CampaignTranslationRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: '東日本大震災 復興支援' })
  @ValidateIf(absentOnlyWhenUndefined)
  @MinLength(1, { message: 'title must be between 1 and 200 characters' })
  @MaxLength(200, { message: 'title must be between 1 and 200 characters' })
  @IsString({ message: 'title must be a string' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Plain text; blank lines separate paragraphs' })
  @ValidateIf(absentOnlyWhenUndefined)
  @MaxLength(20000, { message: 'story must be at most 20000 characters' })
  @IsString({ message: 'story must be a string' })
  story?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: '東北' })
  @ValidateIf(absentOnlyWhenUndefined)
  @MinLength(1, { message: 'region must be between 1 and 200 characters' })
  @MaxLength(200, { message: 'region must be between 1 and 200 characters' })
  @IsString({ message: 'region must be a string' })
  region?: string;
}

const presentAndNotNull = (_: object, value: unknown) => value !== undefined && value !== null;

export class CampaignTranslationsRequest {
  @ApiPropertyOptional({
    type: CampaignTranslationRequest,
    nullable: true,
    description: 'Japanese. A new translation needs a title and a region; an edit may send only what changes; null removes it (PATCH)',
  })
  @ValidateIf(presentAndNotNull)
  @ValidateNested()
  @Type(() => CampaignTranslationRequest)
  @IsObject({ message: 'ja must be an object {title, story, region} or null' })
  ja?: CampaignTranslationRequest | null;

  @ApiPropertyOptional({ type: CampaignTranslationRequest, nullable: true, description: 'English, as ja' })
  @ValidateIf(presentAndNotNull)
  @ValidateNested()
  @Type(() => CampaignTranslationRequest)
  @IsObject({ message: 'en must be an object {title, story, region} or null' })
  en?: CampaignTranslationRequest | null;
}

export class CreateCampaignRequest {
  @ApiPropertyOptional({ type: CampaignTranslationsRequest, description: 'Title, story and region in Japanese and English; at least one language with a title and a region' })
  @ValidateIf(absentOnlyWhenUndefined)
  @ValidateNested()
  @Type(() => CampaignTranslationsRequest)
  @IsObject({ message: 'translations must be an object {ja?, en?}' })
  translations?: CampaignTranslationsRequest;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Great East Japan Earthquake relief', description: FLAT_FIELDS_NOTE })
  @ValidateIf(absentOnlyWhenUndefined)
  @MinLength(1, { message: 'title must be between 1 and 200 characters' })
  @MaxLength(200, { message: 'title must be between 1 and 200 characters' })
  @IsString({ message: 'title must be a string' })
  title?: string;

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'The language of the flat title, story and region: when absent, ja if any of them has a Japanese character, else en',
  })
  @ValidateIf(absentOnlyWhenUndefined)
  @IsIn(LANGUAGES, { message: `language must be one of: ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiProperty({ enum: DISASTER_TYPES })
  @IsIn(DISASTER_TYPES, { message: `disasterType must be one of: ${DISASTER_TYPES.join(', ')}` })
  disasterType: DisasterType;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200, example: 'Tōhoku, Japan', description: FLAT_FIELDS_NOTE })
  @ValidateIf(absentOnlyWhenUndefined)
  @MinLength(1, { message: 'region must be between 1 and 200 characters' })
  @MaxLength(200, { message: 'region must be between 1 and 200 characters' })
  @IsString({ message: 'region must be a string' })
  region?: string;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, description: 'Lowercase ISO code; jpy and krw have no minor unit' })
  @IsIn(SUPPORTED_CURRENCIES, { message: `currency must be one of: ${SUPPORTED_CURRENCIES.join(', ')}` })
  currency: string;

  // The cap is checked by CampaignsService, which answers goal_above_maximum rather than validation_failed.
  @ApiProperty({
    description:
      'Integer in the minor unit of the currency (¥1,000,000 = 1000000; $10,000.00 = 1000000). A goal is not a charge: it may be ' +
      'up to 1000000000000 minor units in every currency (¥1,000,000,000,000; $10,000,000,000.00); above that the answer is a 400 ' +
      "with code goal_above_maximum. Only a single gift is held to Stripe's maximum for its payment method.",
    minimum: 1,
    maximum: MAX_GOAL,
  })
  @Min(1, { message: 'goalAmount must be positive' })
  @IsInt({ message: 'goalAmount must be an integer in the minor unit of the currency' })
  goalAmount: number;

  @ApiPropertyOptional({ maxLength: 20000, description: FLAT_FIELDS_NOTE })
  @ValidateIf(absentOnlyWhenUndefined)
  @MaxLength(20000, { message: 'story must be at most 20000 characters' })
  @IsString({ message: 'story must be a string' })
  story?: string;

  @ApiPropertyOptional({
    pattern: SLUG_PATTERN.source,
    maxLength: 60,
    example: 'noto-hanto-jishin-2024-kinkyu-shien',
    description:
      'The public address /campaigns/{slug}; made from the English title, else the title read in romaji, when absent. ' +
      'Digits alone are refused. A changed slug keeps leading to the campaign (a 301 on the page, the campaign itself ' +
      'on GET /api/campaigns/{slug}), and a slug a campaign once had is never given to another one (409 slug_taken).',
  })
  @ValidateIf(absentOnlyWhenUndefined)
  @ValidateBy(
    { name: 'slugHasLetter', validator: { validate: (value) => typeof value === 'string' && SLUG_HAS_LETTER.test(value) } },
    { message: 'slug must contain a letter: digits alone are not a readable address' },
  )
  @MaxLength(60, { message: 'slug must be at most 60 characters' })
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters and digits separated by single hyphens' })
  @IsString({ message: 'slug must be a string' })
  slug?: string;

  @ApiPropertyOptional({
    enum: FUND_KINDS,
    default: 'shienkin',
    description:
      "shienkin (支援金): the gifts fund the organisation's own relief work. gienkin (義援金): they are passed on in full to fundRecipient, and donors get a custody receipt (預り証)",
  })
  @ValidateIf(absentOnlyWhenUndefined)
  @IsIn(FUND_KINDS, { message: `fundKind must be one of: ${FUND_KINDS.join(', ')}` })
  fundKind?: FundKind;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    example: '石川県',
    description: 'The local government a 義援金 campaign passes its gifts on to; required with gienkin (400 fund_recipient_required), dropped with shienkin',
  })
  @ValidateIf(presentAndNotNull)
  @MaxLength(200, { message: 'fundRecipient must be at most 200 characters' })
  @IsString({ message: 'fundRecipient must be a string' })
  fundRecipient?: string | null;
}

// skipNullProperties: false, for the same reason: a PATCH may leave a field out but not send it as null.
export class UpdateCampaignRequest extends PartialType(CreateCampaignRequest, { skipNullProperties: false }) {}

export class PublicTotals {
  @ApiProperty({ example: 'jpy' })
  currency: string;

  @ApiProperty({ description: 'Minor units' })
  goalAmount: number;

  @ApiProperty({ description: 'Succeeded donations less refunds and lost disputes, minor units' })
  raisedAmount: number;

  @ApiProperty()
  donationCount: number;

  @ApiProperty()
  donorCount: number;

  @ApiProperty({ description: 'Pledges not yet paid (konbini vouchers, bank transfers), minor units: never part of raisedAmount' })
  pendingAmount: number;

  @ApiProperty({ description: 'How many pledges are not yet paid' })
  pendingCount: number;
}

export class StaffTotals extends PublicTotals {
  @ApiProperty()
  grossAmount: number;

  @ApiProperty()
  feeAmount: number;

  @ApiProperty()
  refundedAmount: number;

  @ApiProperty()
  disputedAmount: number;

  @ApiProperty()
  netAmount: number;

  @ApiProperty({ description: 'Fees that donors chose to cover' })
  coveredFeeAmount: number;
}

export class CampaignTranslationResponse {
  @ApiProperty()
  title: string;

  @ApiProperty()
  story: string;

  @ApiProperty()
  region: string;
}

export class CampaignTranslationsResponse {
  @ApiPropertyOptional({ type: CampaignTranslationResponse })
  ja?: CampaignTranslationResponse;

  @ApiPropertyOptional({ type: CampaignTranslationResponse })
  en?: CampaignTranslationResponse;
}

export class CampaignResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  slug: string;

  @ApiProperty({ description: "In `language`: the reader's (?lang=, then Accept-Language, then en), or the other one when the campaign has no text in it" })
  title: string;

  @ApiProperty({ enum: LANGUAGES, description: 'The language of title, story and region' })
  language: Language;

  @ApiProperty({ type: CampaignTranslationsResponse, description: 'Every translation the campaign has' })
  translations: CampaignTranslationsResponse;

  @ApiProperty({ enum: DISASTER_TYPES })
  disasterType: DisasterType;

  @ApiProperty()
  region: string;

  @ApiProperty()
  currency: string;

  @ApiProperty()
  goalAmount: number;

  @ApiProperty()
  story: string;

  @ApiProperty({ enum: CAMPAIGN_STATUSES })
  status: CampaignStatus;

  @ApiProperty({ enum: FUND_KINDS, description: "shienkin (支援金, the organisation's relief work) or gienkin (義援金, passed on in full to fundRecipient)" })
  fundKind: FundKind;

  @ApiProperty({ type: String, nullable: true, description: 'For gienkin: the local government the gifts go to' })
  fundRecipient: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: StaffTotals, description: 'Staff see the staff fields too' })
  totals: PublicTotals | StaffTotals;
}

export class CampaignCoordinator {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;
}

export class CampaignCoordinatorsResponse {
  @ApiProperty({ type: CampaignCoordinator, isArray: true })
  coordinators: CampaignCoordinator[];

  @ApiProperty({ description: 'Whether the caller may edit, publish, close and mail donors of this campaign' })
  youManage: boolean;
}

export class AssignCoordinatorsRequest {
  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Every coordinator of the campaign, replacing the current ones' })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'userIds must be a list of account ids' })
  @IsArray({ message: 'userIds must be a list of account ids' })
  userIds: string[];
}
