import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { type DonorRecord, DonorMergeService } from '../donations/donor-merge.service.js';
import { DonorLookupQuery, DonorMergeRequest, DonorMergeResponse, DonorView } from './dto/donor-merge.dto.js';

function donorView(donor: DonorRecord): DonorView {
  const { id, email, name, donationCount, mergedInto, createdAt } = donor;
  return { id, email, name, donationCount, hasStripeCustomer: donor.stripeCustomerId !== null, mergedInto, createdAt };
}

/** Donor records: finding one by email, and merging two records of one person. */
@ApiTags('finance')
@Controller('api/finance/donors')
@Staff('finance', 'admin')
export class FinanceDonorsController {
  constructor(private readonly donors: DonorMergeService) {}

  @Get()
  @ApiOperation({ summary: 'The donor record of an email address, with how many donations it holds' })
  @ApiOkResponse({ type: DonorView })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'donor_not_found' })
  async find(@Query() query: DonorLookupQuery): Promise<DonorView> {
    return donorView(await this.donors.findByEmail(query.email));
  }

  @Post('merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Merge one donor record into another (one person, two email addresses), in one transaction: every donation, cash balance and cash return moves, the Stripe customer too when only `from` has one, the campaigns' donor counts follow, and it is audited. The merged-away record stays, marked merged, and gifts from its address go to the kept one",
  })
  @ApiOkResponse({ type: DonorMergeResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'same_donor: the same id twice; validation_failed: an id that is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'donor_not_found: an unknown id, or a record already merged' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'both_have_stripe_customers' })
  async merge(@Body() body: DonorMergeRequest, @CurrentStaff() staff: StaffPrincipal): Promise<DonorMergeResponse> {
    const { into, movedDonations } = await this.donors.merge(body.fromDonorId, body.intoDonorId, staff);
    return { donor: donorView(into), movedDonations };
  }
}
