import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { CSV_OK, sendCsv } from './csv-reply.js';
import { Pledge, PledgeListQuery, PledgesQuery } from './dto/pledges-cash.dto.js';
import { PledgesReportService, pledgeFilter } from './pledges-report.service.js';

@ApiTags('finance')
@Controller('api/finance')
@Staff('finance', 'admin')
export class FinancePledgesController {
  constructor(private readonly pledges: PledgesReportService) {}

  @Get('pledges')
  @ApiOperation({
    summary: 'Pledges (konbini vouchers, bank transfers) awaiting payment and expired ones, newest first; filter by status, by when they reached it, and campaign',
  })
  @ApiOkResponse({ type: Pledge, isArray: true })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed status, from, to, campaignId or limit' })
  list(@Query() query: PledgeListQuery): Promise<Pledge[]> {
    return this.pledges.list(pledgeFilter(query), query.limit ?? 200);
  }

  @Get('pledges.csv')
  @ApiOperation({ summary: 'The same pledges as CSV, all of them, oldest first, with a status column (awaiting_payment or expired)' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_OK)
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed status, from, to or campaignId' })
  csv(@Query() query: PledgesQuery, @Res() reply: FastifyReply): FastifyReply {
    return sendCsv(reply, 'kizuna-pledges.csv', Readable.from(this.pledges.csv(pledgeFilter(query))));
  }
}
