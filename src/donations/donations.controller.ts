import { Body, Controller, Get, Headers, Ip, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Staff } from '../auth/staff.decorator.js';
import { DonationError } from './donation.errors.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { DonationIntentsService } from './donation-intents.service.js';
import { DonationRateLimiter } from './donation-rate-limiter.js';
import { DonationsService } from './donations.service.js';
import { nextActionOf } from './next-action.js';
import { isSupportedCurrency, MAX_CHARGE, METHOD_CURRENCIES, PAYMENT_METHODS, type PaymentMethod, SUPPORTED_CURRENCIES } from '../stripe/currencies.js';
import { coveredFee } from '../stripe/fees.js';
import { CreateDonationRequest, CreateDonationResponse, DonationResponse, DonationStatusView } from './dto/donation.dto.js';

@ApiTags('donations')
@Controller('api')
export class DonationsController {
  constructor(
    private readonly intents: DonationIntentsService,
    private readonly donations: DonationsService,
    private readonly limiter: DonationRateLimiter,
  ) {}

  @Post('campaigns/:id/donations')
  @ApiOperation({ summary: 'Start a donation: records it as pending and creates its Stripe PaymentIntent' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the same donation; the same key with another body is refused (422)' })
  @ApiCreatedResponse({ type: CreateDonationResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: "Amount outside Stripe's limits, wrong currency, bad email…" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Unknown campaign' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is not active' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponse, description: 'Idempotency-Key reused with a different body' })
  @ApiBadGatewayResponse({ type: ErrorResponse, description: 'Stripe failed; retry with the same Idempotency-Key' })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description:
      'challenge_required: the card-testing alarm is on and the body has no solved challenge (GET /api/donations/challenge); challenge_invalid: a wrong, expired or already used one',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description:
      'too_many_donations: too many donations from this address or for this email in the last minute (a retry with the same Idempotency-Key is not counted again); too_many_declines: too many declined cards from this address or for this email in the card-testing window. Retry-After says how many seconds to wait',
  })
  async create(
    @Param('id') campaignId: string,
    @Body() body: CreateDonationRequest,
    @Ip() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<CreateDonationResponse> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      throw new DonationError('invalid', 'bad_idempotency_key', 'Idempotency-Key must be 1 to 255 printable ASCII characters');
    }
    const refusal = await this.limiter.consume(ip, body.email, idempotencyKey);
    if (refusal) {
      void reply.header('retry-after', String(refusal.retryAfterSeconds));
      throw new DonationError(
        'rate_limited',
        'too_many_donations',
        `Too many donations from this address or for this email; wait ${refusal.retryAfterSeconds} seconds and try again`,
      );
    }
    try {
      return await this.intents.create(campaignId, body, { idempotencyKey, acceptLanguage, clientIp: ip });
    } catch (error) {
      if (error instanceof DonationError && error.retryAfterSeconds) void reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Get('fees')
  @ApiOperation({ summary: 'What a donor adds to a gift to cover the fee of the way of paying (card by default; the donation form shows it)' })
  @ApiQuery({ name: 'paymentMethod', required: false, enum: PAYMENT_METHODS })
  @ApiOkResponse({ schema: { properties: { amount: { type: 'integer' }, currency: { type: 'string' }, coveredFee: { type: 'integer' } } } })
  @ApiBadRequestResponse({ type: ErrorResponse })
  fee(
    @Query('amount') amount: string | undefined,
    @Query('currency') currency: string | undefined,
    @Query('paymentMethod') paymentMethod: string | undefined,
  ): { amount: number; currency: string; coveredFee: number } {
    const value = Number(amount);
    if (typeof currency !== 'string' || !isSupportedCurrency(currency))
      throw new DonationError('invalid', 'bad_currency', `currency must be one of ${SUPPORTED_CURRENCIES.join(', ')}`);
    if (!/^\d{1,8}$/.test(amount ?? '') || value < 1 || value > MAX_CHARGE.card)
      throw new DonationError('invalid', 'bad_amount', `amount must be an integer from 1 to ${MAX_CHARGE.card}, in minor units`);
    const method = paymentMethod ?? 'card';
    if (!(PAYMENT_METHODS as readonly string[]).includes(method) || METHOD_CURRENCIES[method as PaymentMethod]?.includes(currency) === false)
      throw new DonationError('invalid', 'payment_method_unavailable', `paymentMethod must be one of ${PAYMENT_METHODS.join(', ')}, in a currency it takes`);
    return { amount: value, currency, coveredFee: coveredFee(value, currency, method as PaymentMethod) };
  }

  @Get('donations/:id/status')
  @ApiOperation({ summary: "The donor's own view of a donation (the thank-you page), with the statusToken from its creation" })
  @ApiOkResponse({ type: DonationStatusView })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'Unknown donation, or a token that is not its own' })
  status(@Param('id') id: string, @Query('token') token?: string): Promise<DonationStatusView> {
    return this.donations.statusForDonor(id, token);
  }

  @Get('donations/:id')
  @Staff('admin', 'coordinator', 'finance')
  @ApiOperation({ summary: 'One donation with its status' })
  @ApiOkResponse({ type: DonationResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async get(@Param('id') id: string): Promise<DonationResponse> {
    const d = await this.donations.get(id);
    return {
      id: d.id,
      campaignId: d.campaignId,
      amount: d.amount,
      coveredFeeAmount: d.coveredFeeAmount,
      currency: d.currency,
      status: d.status,
      email: d.email,
      name: d.donorName,
      anonymous: d.anonymous,
      message: d.message,
      language: d.language,
      paymentIntentId: d.paymentIntentId,
      paymentMethod: d.paymentMethod,
      ...(d.paymentInstructions && { nextAction: nextActionOf(d)! }),
      receiptNumber: d.receiptNumber,
      taxReceipt: d.taxReceipt,
      createdAt: d.createdAt,
    };
  }
}
