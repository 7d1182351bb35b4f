import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { DonationError } from './donation.errors.js';
import { TaxRecipientsService } from './tax-recipients.service.js';

export class TaxRecipientCorrection {
  @ApiProperty({ example: '山田花子' })
  @IsString({ message: 'name must be a string' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name: string;

  @ApiProperty({ example: '100-0001', description: 'For Japan seven digits: 1234567, 123-4567 or full-width digits, stored as 123-4567' })
  @IsString({ message: 'postalCode must be a string' })
  @MaxLength(20, { message: 'postalCode must be at most 20 characters' })
  postalCode: string;

  @ApiProperty({ example: '東京都千代田区千代田1-1' })
  @IsString({ message: 'address must be a string' })
  @MaxLength(500, { message: 'address must be at most 500 characters' })
  address: string;

  @ApiPropertyOptional({ example: 'JP', default: 'JP', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsString({ message: 'country must be a string' })
  country?: string;
}

export class TaxRecipientCorrected {
  @ApiProperty({
    description: 'Whether the receipt already issued is issued again with the new details (mailed by the worker); false when no receipt was issued yet: it will carry them',
  })
  reissued: boolean;
}

const donationId = new ParseUUIDPipe({ exceptionFactory: () => new DonationError('not_found', 'donation_not_found', 'no such donation') });

@ApiTags('donations')
@Controller('api/donations')
export class TaxRecipientsController {
  constructor(private readonly recipients: TaxRecipientsService) {}

  @Put(':id/tax-receipt')
  @Staff('finance', 'admin')
  @ApiOperation({ summary: 'Correct the name and address a donor gave for a tax receipt; a receipt already issued is issued again with them, naming the one it replaces' })
  @ApiOkResponse({ type: TaxRecipientCorrected })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'bad_tax_receipt: a name or address missing, a postal code that is not one' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  correct(@Param('id', donationId) id: string, @Body() body: TaxRecipientCorrection, @CurrentStaff() staff: StaffPrincipal): Promise<TaxRecipientCorrected> {
    return this.recipients.correct(id, body, staff);
  }
}
