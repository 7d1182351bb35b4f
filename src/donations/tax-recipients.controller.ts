import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { DonationError } from './donation.errors.js';
import { TaxReceiptRequest } from './dto/tax-receipt.dto.js';
import { TaxRecipientsService } from './tax-recipients.service.js';

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
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'tax_receipt_name_required, tax_receipt_address_required, tax_receipt_postal_code_invalid, tax_receipt_country_invalid, tax_receipt_too_long: as on the donation form',
  })
  @ApiNotFoundResponse({ type: ErrorResponse })
  correct(@Param('id', donationId) id: string, @Body() body: TaxReceiptRequest, @CurrentStaff() staff: StaffPrincipal): Promise<TaxRecipientCorrected> {
    return this.recipients.correct(id, body, staff);
  }
}
