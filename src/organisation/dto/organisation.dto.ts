import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TAX_STATUSES, type TaxStatus } from '../organisation-profile.entity.js';

const TAX_STATUS_NOTE = 'certified_npo (認定NPO法人), public_interest (公益法人) or none: what a receipt must carry follows from it';

export class OrganisationProfileRequest {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '特定非営利活動法人 きずな災害支援' })
  @Matches(/\S/, { message: 'legalName must not be empty' })
  @MaxLength(200, { message: 'legalName must be at most 200 characters' })
  @IsString({ message: 'legalName must be a string' })
  legalName: string;

  @ApiProperty({ minLength: 1, maxLength: 500, example: '〒100-0005\n東京都千代田区丸の内1-1-1', description: 'As written on an envelope; lines separated by newlines' })
  @Matches(/\S/, { message: 'address must not be empty' })
  @MaxLength(500, { message: 'address must be at most 500 characters' })
  @IsString({ message: 'address must be a string' })
  address: string;

  @ApiPropertyOptional({ maxLength: 200, example: '理事長 山田太郎', description: 'Required unless taxStatus is none' })
  @IsOptional()
  @MaxLength(200, { message: 'representative must be at most 200 characters' })
  @IsString({ message: 'representative must be a string' })
  representative?: string;

  @ApiProperty({ enum: TAX_STATUSES, description: TAX_STATUS_NOTE })
  @IsIn(TAX_STATUSES, { message: `taxStatus must be one of: ${TAX_STATUSES.join(', ')}` })
  taxStatus: TaxStatus;

  @ApiPropertyOptional({
    maxLength: 100,
    example: '東京都指令生活第123号',
    description: 'Required unless taxStatus is none: the certification (認定) or certificate (証明) number',
  })
  @IsOptional()
  @MaxLength(100, { message: 'certificationNumber must be at most 100 characters' })
  @IsString({ message: 'certificationNumber must be a string' })
  certificationNumber?: string;

  @ApiPropertyOptional({ format: 'date', example: '2020-04-01', description: 'Required unless taxStatus is none: YYYY-MM-DD, a real date, not in the future' })
  @IsOptional()
  @MaxLength(10, { message: 'certificationDate must be a date YYYY-MM-DD' })
  @IsString({ message: 'certificationDate must be a date YYYY-MM-DD' })
  certificationDate?: string;

  @ApiProperty({ example: 'Asia/Tokyo', description: 'An IANA time zone: receipts show dates in it' })
  @MaxLength(100, { message: 'timezone must be an IANA time zone such as Asia/Tokyo' })
  @IsString({ message: 'timezone must be an IANA time zone such as Asia/Tokyo' })
  timezone: string;
}

export class OrganisationProfileResponse {
  @ApiProperty({ description: 'The version in force; each save adds one' })
  version: number;

  @ApiProperty({ type: String, format: 'date-time', description: 'When this version was saved' })
  savedAt: Date;

  @ApiProperty()
  legalName: string;

  @ApiProperty()
  address: string;

  @ApiProperty({ description: 'Empty until one is saved' })
  representative: string;

  @ApiProperty({ enum: TAX_STATUSES, description: TAX_STATUS_NOTE })
  taxStatus: TaxStatus;

  @ApiProperty({ type: String, nullable: true })
  certificationNumber: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  certificationDate: string | null;

  @ApiProperty()
  timezone: string;
}
