import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { RetryMailRequest, RetryMailResponse, UndeliveredMailResponse } from './dto/mail.dto.js';
import { MailRetryService } from './mail-retry.service.js';

@ApiTags('mail')
@Controller('api/mail')
@Staff('admin')
export class MailAdminController {
  constructor(private readonly retries: MailRetryService) {}

  @Get('undelivered')
  @ApiOperation({ summary: 'Receipts, annual receipts and update emails not delivered: failed for good (retries spent), or still retrying or waiting' })
  @ApiOkResponse({ type: UndeliveredMailResponse })
  undelivered(): Promise<UndeliveredMailResponse> {
    return this.retries.undelivered();
  }

  @Post('retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send chosen receipts, annual receipts and update emails again; each is still mailed at most once' })
  @ApiAcceptedResponse({ type: RetryMailResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  retry(@Body() body: RetryMailRequest): Promise<RetryMailResponse> {
    return this.retries.retry({ receiptIds: body.receiptIds ?? [], annualReceiptIds: body.annualReceiptIds ?? [], deliveryIds: body.deliveryIds ?? [] });
  }
}
