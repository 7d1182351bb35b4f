import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { AuditEntry, ResolveRequest, RunResponse, StartRunRequest, StartRunResponse } from './dto/reconciliation.dto.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { ReconciliationService } from './reconciliation.service.js';

@ApiTags('finance')
@Controller('api/finance/reconciliation')
export class ReconciliationController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly auditLog: AuditLogService,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @Staff('finance', 'admin')
  @ApiOperation({ summary: 'Start a reconciliation run over a period: sync from Stripe, then match every balance transaction and payout with the ledger' })
  @ApiAcceptedResponse({ type: StartRunResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async start(@Body() body: StartRunRequest, @CurrentStaff() staff: StaffPrincipal): Promise<StartRunResponse> {
    const runId = await this.reconciliation.start(body.from ? new Date(body.from) : undefined, body.to ? new Date(body.to) : undefined, staff);
    await this.auditLog.record(staff, 'reconciliation.run_started', { type: 'reconciliation_run', id: runId }, { from: body.from ?? null, to: body.to ?? null });
    return { runId };
  }

  @Get('runs/:id')
  @Staff('finance', 'admin')
  @ApiOperation({ summary: 'A run: its status, counts and discrepancies' })
  @ApiOkResponse({ type: RunResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  run(@Param('id') id: string): Promise<RunResponse> {
    return this.reconciliation.view(id);
  }

  @Post('discrepancies/:id/resolve')
  @HttpCode(200)
  @Staff('finance', 'admin')
  @ApiOperation({ summary: 'Mark a discrepancy resolved with a note; the audit log keeps who, when and what' })
  @ApiOkResponse({ type: AuditEntry, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Already resolved' })
  async resolve(@Param('id') id: string, @Body() body: ResolveRequest, @CurrentStaff() staff: StaffPrincipal): Promise<AuditEntry[]> {
    await this.reconciliation.resolve(id, body.note, staff);
    await this.auditLog.record(staff, 'reconciliation.discrepancy_resolved', { type: 'discrepancy', id }, { note: body.note });
    return this.reconciliation.auditLog(id);
  }

  @Get('discrepancies/:id/audit')
  @Staff('finance', 'admin')
  @ApiOperation({ summary: 'The audit log of a discrepancy' })
  @ApiOkResponse({ type: AuditEntry, isArray: true })
  audit(@Param('id') id: string): Promise<AuditEntry[]> {
    return this.reconciliation.auditLog(id);
  }
}
