import { BadRequestException, Body, Controller, Get, HttpCode, Param, PipeTransform, Post, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { CashBalancesService } from '../donations/cash-balances.service.js';
import { CashGiftsService } from '../donations/cash-gifts.service.js';
import { CashReturnsService } from '../donations/cash-returns.service.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { UTF8_BOM } from './csv.js';
import { CSV_OK, sendCsv } from './csv-reply.js';
import { CashBalance, CashBalanceActionRequest, CashGift, CashReturn } from './dto/pledges-cash.dto.js';
import { CASH_BALANCES_HEADER, cashBalanceRow } from './finance-csv.js';

const customerId: PipeTransform<string, string> = {
  transform(value: string) {
    if (!/^cus_[A-Za-z0-9]+$/.test(value)) throw new BadRequestException('customerId must be a Stripe customer id (cus_…)');
    return value;
  },
};

const ACTION_REFUSALS = {
  conflict: 'nothing_to_refund / nothing_to_apply (the balance is empty), cash_balance_changed (it is not the amount sent), cash_return_in_progress',
};

/**
 * Donors' cash balances (money sent by bank transfer beyond what their gifts asked for) and what finance does with one:
 * return it to the donor's bank, or give it to the campaign of their latest transfer.
 */
@ApiTags('finance')
@Controller('api/finance')
@Staff('finance', 'admin')
export class FinanceCashBalancesController {
  constructor(
    private readonly balances: CashBalancesService,
    private readonly returns: CashReturnsService,
    private readonly gifts: CashGiftsService,
    private readonly auditLog: AuditLogService,
  ) {}

  @Get('cash-balances')
  @ApiOperation({ summary: "Donors' cash balances holding money, or with a return on its way; longest waiting first" })
  @ApiOkResponse({ type: CashBalance, isArray: true })
  list(): Promise<CashBalance[]> {
    return this.balances.list();
  }

  @Get('cash-balances.csv')
  @ApiOperation({ summary: 'The same cash balances as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_OK)
  async csv(@Res() reply: FastifyReply): Promise<FastifyReply> {
    const balances = await this.balances.list();
    return sendCsv(reply, 'kizuna-cash-balances.csv', UTF8_BOM + CASH_BALANCES_HEADER + balances.map(cashBalanceRow).join(''));
  }

  @Post('cash-balances/:customerId/refund')
  @HttpCode(201)
  @ApiOperation({
    summary:
      "Return the whole cash balance to the donor: a Stripe refund of the customer's balance, which emails the donor for their bank account; follow it in GET /api/finance/cash-returns",
  })
  @ApiCreatedResponse({ type: CashReturn })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed customerId or amount' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No donor has this Stripe customer (cash_balance_not_found)' })
  @ApiConflictResponse({ type: ErrorResponse, description: ACTION_REFUSALS.conflict })
  @ApiBadGatewayResponse({ type: ErrorResponse, description: 'Stripe unreachable or refusing (stripe_failed)' })
  async refund(@Param('customerId', customerId) id: string, @Body() body: CashBalanceActionRequest, @CurrentStaff() staff: StaffPrincipal): Promise<CashReturn> {
    const done = await this.returns.refund(id, body.amount, staff.email);
    await this.auditLog.record(staff, 'cash_balance.return_requested', { type: 'cash_balance', id }, { amount: done.amount, currency: done.currency, returnId: done.id });
    return done;
  }

  @Post('cash-balances/:customerId/apply')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Give the whole cash balance: a new bank-transfer donation by the same donor to the campaign of their latest transfer, paid from the balance (receipted once Stripe confirms it)',
  })
  @ApiCreatedResponse({ type: CashGift })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed customerId or amount, or an amount the payment method does not take' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No donor has this Stripe customer (cash_balance_not_found)' })
  @ApiConflictResponse({ type: ErrorResponse, description: `${ACTION_REFUSALS.conflict}, no_transfer_campaign, campaign_not_active` })
  @ApiBadGatewayResponse({ type: ErrorResponse, description: 'Stripe unreachable (stripe_failed)' })
  async apply(@Param('customerId', customerId) id: string, @Body() body: CashBalanceActionRequest, @CurrentStaff() staff: StaffPrincipal): Promise<CashGift> {
    const gift = await this.gifts.applyToGift(id, body.amount);
    await this.auditLog.record(
      staff,
      'cash_balance.given',
      { type: 'cash_balance', id },
      { amount: gift.amount, currency: gift.currency, donationId: gift.donationId, campaignId: gift.campaignId },
    );
    return gift;
  }

  @Get('cash-returns')
  @ApiOperation({ summary: 'Returns of cash balances to donors, newest first (the latest 100), with their status as Stripe reports it' })
  @ApiOkResponse({ type: CashReturn, isArray: true })
  listReturns(): Promise<CashReturn[]> {
    return this.returns.list();
  }
}
