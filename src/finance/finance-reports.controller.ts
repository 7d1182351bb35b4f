import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { UTF8_BOM } from './csv.js';
import { CSV_OK, sendCsv } from './csv-reply.js';
import { UnmatchedEventsService } from '../payments/unmatched-events.service.js';
import { CampaignPeriodQuery, FinanceSummary, PayoutListItem, PayoutListQuery, PayoutReport, UnmatchedStripeEvent } from './dto/finance-reports.dto.js';
import { PAYOUT_REPORT_HEADER, payoutReportRows } from './finance-csv.js';
import { FinanceReportsService } from './finance-reports.service.js';
import { parsePeriod } from './period.js';

const runId = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

@ApiTags('finance')
@Controller('api/finance')
@Staff('finance', 'admin')
export class FinanceReportsController {
  constructor(
    private readonly reports: FinanceReportsService,
    private readonly unmatched: UnmatchedEventsService,
  ) {}

  @Get('ledger.csv')
  @ApiOperation({ summary: 'The ledger as CSV, one row per posting, streamed; filter by period (to exclusive) and campaign' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_OK)
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed from, to or campaignId' })
  ledger(@Query() query: CampaignPeriodQuery, @Res() reply: FastifyReply): FastifyReply {
    const filter = { ...parsePeriod(query), campaignId: query.campaignId ?? null };
    return sendCsv(reply, 'kizuna-ledger.csv', Readable.from(this.reports.ledgerCsv(filter)));
  }

  @Get('reconciliation/runs/:id/discrepancies.csv')
  @ApiOperation({ summary: 'The discrepancies of a reconciliation run as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_OK)
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Unknown run' })
  async discrepancies(@Param('id', runId) id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendCsv(reply, `kizuna-reconciliation-${id}.csv`, await this.reports.discrepanciesCsv(id));
  }

  @Get('payouts')
  @ApiOperation({ summary: 'Payouts, newest first, each with the net of what it paid out' })
  @ApiOkResponse({ type: PayoutListItem, isArray: true })
  @ApiBadRequestResponse({ type: ErrorResponse })
  listPayouts(@Query() query: PayoutListQuery): Promise<PayoutListItem[]> {
    return this.reports.listPayouts(parsePeriod(query), query.limit ?? 100);
  }

  @Get('payouts/:id')
  @ApiOperation({ summary: 'A payout with the balance transactions it paid out, grouped and totalled, and whether their net equals it' })
  @ApiOkResponse({ type: PayoutReport })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Unknown payout' })
  payout(@Param('id') id: string): Promise<PayoutReport> {
    return this.reports.payoutReport(id);
  }

  @Get('payouts/:id/report.csv')
  @ApiOperation({ summary: 'The payout report as CSV: the payout, its transactions by group, group totals and the grand total' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_OK)
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Unknown payout' })
  async payoutCsv(@Param('id') id: string, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const report = await this.reports.payoutReport(id);
    return sendCsv(reply, `kizuna-payout-${report.payout.id}.csv`, UTF8_BOM + PAYOUT_REPORT_HEADER + payoutReportRows(report));
  }

  @Get('unmatched-events')
  @ApiOperation({ summary: 'Stripe events about money no donation matched (PaymentIntents made outside Kizuna, lost metadata), newest first; at most 500' })
  @ApiOkResponse({ type: UnmatchedStripeEvent, isArray: true })
  unmatchedEvents(): Promise<UnmatchedStripeEvent[]> {
    return this.unmatched.list();
  }

  @Get('summary')
  @ApiOperation({ summary: 'Per campaign (one or all) for a period, in its currency: gross, fees, refunds, disputes, net and paid out' })
  @ApiOkResponse({ type: FinanceSummary })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed from, to or campaignId' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Unknown campaign' })
  async summary(@Query() query: CampaignPeriodQuery): Promise<FinanceSummary> {
    const period = parsePeriod(query);
    const campaigns = await this.reports.summary({ ...period, campaignId: query.campaignId ?? null });
    return { ...period, campaigns };
  }
}
