import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { DonationsService } from './donations.service.js';
import { DonationBucket, DonationsOverTimeQuery } from './dto/donations-over-time.dto.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

@ApiTags('campaigns')
@Controller('api/campaigns')
export class DonationStatsController {
  constructor(private readonly donations: DonationsService) {}

  @Get(':id/donations-over-time')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: "Paid donations and pledges made, per hour or per day of the organisation's time zone (ORG_TIMEZONE), for the coordinator's chart" })
  @ApiOkResponse({ type: DonationBucket, isArray: true })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  donationsOverTime(@Param('id', uuid) id: string, @Query() query: DonationsOverTimeQuery): Promise<DonationBucket[]> {
    return this.donations.overTime(id, query.by);
  }
}
