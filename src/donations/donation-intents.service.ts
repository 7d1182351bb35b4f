import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { campaignText } from '../campaigns/campaign-text.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { CardTestingService } from './card-testing.service.js';
import { DonationError } from './donation.errors.js';
import { purposeKeys } from '../common/purpose-keys.js';
import { signedToken } from '../common/signed-token.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { isUniqueViolation } from '../database/errors.js';
import { type Currency, MAX_CHARGE, METHOD_CURRENCIES, METHOD_MIN_CHARGE, MIN_CHARGE } from '../stripe/currencies.js';
import { coveredFee } from '../stripe/fees.js';
import { STRIPE } from '../stripe/stripe.module.js';
import type { Donation, Language } from './donation.entity.js';
import { DonationsRepository } from './donations.repository.js';
import { DonorsRepository } from './donors.repository.js';
import type { CreateDonationRequest, CreateDonationResponse, NextAction } from './dto/donation.dto.js';
import { taxRecipientFrom } from './dto/tax-receipt.dto.js';
import type { TaxRecipient } from './tax-recipient.js';
import { TotalsPublisher } from '../campaigns/totals-publisher.js';
import { DonationStateService } from './donation-state.service.js';
import { nextActionOf } from './next-action.js';
import { PledgesService } from './pledges.service.js';
import { StripeCustomersService } from './stripe-customers.service.js';

/** The purpose of the token that lets a donor's browser follow its own donation (the thank-you page). */
export const STATUS_TOKEN = 'donation-status';

export interface DonationRequestContext {
  idempotencyKey?: string;
  acceptLanguage?: string;
  /** The donor's address (TRUST_PROXY decides it): declines are counted per address. */
  clientIp?: string;
  /** Finance gives a donor's own cash balance as a gift: no card and no stranger at the form, so no card-testing check. */
  fromCashBalance?: boolean;
}

function languageFrom(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('ja') ? 'ja' : 'en';
}

/** The HTTP side of donations: validates a gift, records the donor and a pending donation, creates the PaymentIntent. */
@Injectable()
export class DonationIntentsService {
  private readonly logger = new Logger('DonationIntents');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly donations: DonationsRepository,
    private readonly donors: DonorsRepository,
    private readonly campaigns: CampaignsService,
    private readonly cardTesting: CardTestingService,
    private readonly customers: StripeCustomersService,
    private readonly state: DonationStateService,
    private readonly pledges: PledgesService,
    private readonly publisher: TotalsPublisher,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Records a pending donation, then creates its PaymentIntent with an idempotency key of our own,
   * so a retry (same Idempotency-Key from the caller) finds the donation and gets the same PaymentIntent.
   */
  async create(campaignId: string, body: CreateDonationRequest, context: DonationRequestContext): Promise<CreateDonationResponse> {
    const campaign = await this.campaigns.get(campaignId);
    const coveredFeeAmount = this.validate(campaign, body);
    const taxRecipient = taxRecipientFrom(body.taxReceipt);
    // The challenge is proof of work, not part of the gift: a retry may carry another one. The tax receipt's
    // details count as stored (123-4567 and 1234567 are one request); a gift without them hashes as it always did.
    const { challenge, taxReceipt, ...rest } = body;
    const gift = taxRecipient ? { ...rest, taxReceipt: taxRecipient } : rest;
    const requestHash = createHash('sha256')
      .update(JSON.stringify([campaignId, gift]))
      .digest('hex');
    const existing = context.idempotencyKey ? await this.findByIdempotencyKey(context.idempotencyKey, requestHash) : null;
    // A retry of a donation already recorded is not a new attempt: no limit or challenge again.
    if (!existing && !context.fromCashBalance) await this.cardTesting.admit(context.clientIp, body.email, challenge);
    const donation = existing ?? (await this.insert(campaign, body, { coveredFeeAmount, taxRecipient, requestHash }, context));
    return this.createPaymentIntent(donation, campaign, body);
  }

  /** Checks what needs the campaign and the payment method, before anything is created; returns the fee the donor covers. */
  private validate(campaign: Campaign, body: CreateDonationRequest): number {
    if (campaign.status !== 'active') {
      throw new DonationError('conflict', 'campaign_not_active', `campaign ${campaign.slug} is ${campaign.status} and does not take donations`);
    }
    if (body.currency !== campaign.currency) {
      throw new DonationError('invalid', 'wrong_currency', `currency must be ${campaign.currency}, the campaign's currency`);
    }
    const currency = body.currency as Currency;
    const method = body.paymentMethod ?? 'card';
    const currencies = METHOD_CURRENCIES[method];
    if (currencies && !currencies.includes(currency)) {
      throw new DonationError('invalid', 'payment_method_unavailable', `paymentMethod ${method} takes only ${currencies.join(', ')}; this campaign is in ${currency}`);
    }
    if (method === 'konbini' && !body.name?.trim()) {
      throw new DonationError('invalid', 'name_required', 'name is required for a konbini payment: the store voucher carries it');
    }
    const minimum = Math.max(MIN_CHARGE[currency], METHOD_MIN_CHARGE[method] ?? 0);
    const covered = body.coverFees ? coveredFee(body.amount, currency, method) : 0;
    if (body.amount + covered < minimum) {
      const why = method === 'card' ? "Stripe's minimum charge" : `Stripe's minimum for ${method}`;
      throw new DonationError('invalid', 'amount_below_minimum', `amount must be at least ${minimum} ${currency} (${why})`);
    }
    const maximum = MAX_CHARGE[method];
    if (body.amount + covered > maximum) {
      throw new DonationError(
        'invalid',
        'amount_above_maximum',
        `amount with the covered fee must be at most ${maximum} ${currency} (Stripe's ${method === 'card' ? '8-digit maximum' : `maximum for ${method}`})`,
      );
    }
    return covered;
  }

  private async findByIdempotencyKey(key: string, requestHash: string): Promise<Donation | null> {
    const donation = await this.donations.findByIdempotencyKey(key);
    if (donation && donation.requestHash !== requestHash) {
      throw new DonationError('unprocessable', 'idempotency_key_reused', 'Idempotency-Key was already used with a different request; use a new key for a new donation');
    }
    return donation;
  }

  private async insert(
    campaign: Campaign,
    body: CreateDonationRequest,
    { coveredFeeAmount, taxRecipient, requestHash }: { coveredFeeAmount: number; taxRecipient: TaxRecipient | null; requestHash: string },
    context: DonationRequestContext,
  ): Promise<Donation> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const donorId = await this.donors.upsert(tx, body.email.trim(), body.name ?? null);
        return this.donations.insert(tx, {
          campaignId: campaign.id,
          donorId,
          amount: body.amount,
          coveredFeeAmount,
          currency: campaign.currency,
          status: 'pending',
          donorName: body.name ?? null,
          anonymous: body.anonymous ?? false,
          message: body.message ?? null,
          language: body.language ?? languageFrom(context.acceptLanguage),
          updatesOptIn: body.subscribeToUpdates ?? true,
          idempotencyKey: context.idempotencyKey ?? null,
          requestHash,
          clientIp: context.clientIp ?? null,
          paymentMethod: body.paymentMethod ?? 'card',
          taxReceipt: taxRecipient,
        });
      });
    } catch (error) {
      // Two requests with one Idempotency-Key at once: the loser answers with the winner's donation.
      if (isUniqueViolation(error) && context.idempotencyKey) return (await this.findByIdempotencyKey(context.idempotencyKey, requestHash))!;
      throw error;
    }
  }

  /** The PaymentIntent's parameters for each way of paying: a card is confirmed by the donor's browser, the others at once. */
  private async methodParams(donation: Donation, body: CreateDonationRequest): Promise<Partial<Stripe.PaymentIntentCreateParams>> {
    if (donation.paymentMethod === 'konbini') {
      return {
        allowed_payment_method_types: ['konbini'],
        payment_method_data: { type: 'konbini', billing_details: { name: body.name!.trim(), email: body.email.trim() } },
        payment_method_options: { konbini: { expires_after_days: this.config.KONBINI_EXPIRES_AFTER_DAYS } },
        confirm: true,
      };
    }
    if (donation.paymentMethod === 'bank_transfer') {
      return {
        customer: await this.customers.customerOf(donation.donorId),
        allowed_payment_method_types: ['customer_balance'],
        payment_method_data: { type: 'customer_balance' },
        payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'jp_bank_transfer' } } },
        confirm: true,
      };
    }
    return { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } };
  }

  private async createPaymentIntent(donation: Donation, campaign: Campaign, body: CreateDonationRequest): Promise<CreateDonationResponse> {
    const chargeAmount = donation.amount + donation.coveredFeeAmount;
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: chargeAmount,
          currency: donation.currency,
          ...(await this.methodParams(donation, body)),
          description: `Donation to ${campaignText(campaign, donation.language).title}`.slice(0, 1000),
          metadata: { donation_id: donation.id, campaign_id: campaign.id },
        },
        { idempotencyKey: `kizuna-donation-${donation.id}` },
      );
    } catch (error) {
      // Stripe's own words stay in the log (they can name our account, keys or request): the donor gets a plain message.
      const stripeError = error as Stripe.errors.StripeError;
      this.logger.warn(
        { donationId: donation.id, type: stripeError.type, code: stripeError.code, stripeRequestId: stripeError.requestId, error: stripeError.message },
        'Stripe could not create a PaymentIntent',
      );
      throw new DonationError('upstream_failed', 'stripe_failed', 'Stripe could not create the payment right now; retry with the same Idempotency-Key');
    }
    if (!donation.paymentIntentId) await this.donations.setPaymentIntent(donation.id, intent.id);
    const pledge = donation.paymentMethod !== 'card' ? await this.recordPledge(donation, intent) : null;
    return {
      donationId: donation.id,
      paymentIntentId: intent.id,
      clientSecret: intent.client_secret!,
      statusToken: signedToken(purposeKeys(this.config, STATUS_TOKEN), donation.id),
      status: pledge ? 'awaiting_payment' : 'pending',
      amount: donation.amount,
      coveredFeeAmount: donation.coveredFeeAmount,
      chargeAmount,
      currency: donation.currency,
      paymentMethod: donation.paymentMethod,
      ...(pledge && { nextAction: pledge }),
    };
  }

  /**
   * A voucher or transfer to wait for: the donation becomes a pledge now (unless a webhook got there first) and the
   * answer says what the donor must do. A retry answers the same, from the instructions kept the first time.
   */
  private async recordPledge(donation: Donation, intent: Stripe.PaymentIntent): Promise<NextAction | null> {
    const changed = await this.dataSource.transaction(async (tx) => {
      const locked = await this.state.lockForStripe(tx, { donationId: donation.id });
      return locked ? this.pledges.awaitPayment(tx, locked, intent) : false;
    });
    if (changed) void this.publisher.changed([donation.campaignId]);
    const kept = await this.donations.findWithDonor(donation.id);
    return kept ? nextActionOf(kept) : null;
  }
}
