import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { AnnualReceiptsService } from './annual-receipts.service.js';
import { AnnualRunResponse, ReissuedAnnualReceipt, StartAnnualRunRequest, StartAnnualRunResponse } from './dto/annual-receipts.dto.js';

@ApiTags('finance')
@Controller('api/finance/annual-receipts')
@Staff('finance', 'admin')
export class AnnualReceiptsController {
  constructor(
    private readonly annual: AnnualReceiptsService,
    private readonly auditLog: AuditLogService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Issue and mail the annual receipts of a year: one per donor and currency, gifts less refunds; donors who have theirs get nothing again' })
  @ApiAcceptedResponse({ type: StartAnnualRunResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async start(@Body() body: StartAnnualRunRequest, @CurrentStaff() staff: StaffPrincipal): Promise<StartAnnualRunResponse> {
    const runId = await this.annual.start(body.year, staff.id);
    await this.auditLog.record(staff, 'annual_receipts.run_started', { type: 'annual_receipt_run', id: runId }, { year: body.year });
    return { runId };
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'An annual receipt run: its status and counts' })
  @ApiOkResponse({ type: AnnualRunResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  run(@Param('id') id: string): Promise<AnnualRunResponse> {
    return this.annual.run(id);
  }

  @Post(':id/reissue')
  @ApiOperation({ summary: 'Issue an annual receipt again with a new number, printed as reissued and naming the one it replaces, with the donor details as they are now' })
  @ApiCreatedResponse({ type: ReissuedAnnualReceipt })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiUnprocessableEntityResponse({ type: ErrorResponse, description: 'Nothing remains given by the donor that year' })
  async reissue(@Param('id') id: string, @CurrentStaff() staff: StaffPrincipal): Promise<ReissuedAnnualReceipt> {
    const reissued = await this.annual.reissue(id);
    await this.auditLog.record(staff, 'annual_receipt.reissued', { type: 'annual_receipt', id: reissued.id }, { replaces: reissued.replacesNumber, number: reissued.number });
    return reissued;
  }
}
