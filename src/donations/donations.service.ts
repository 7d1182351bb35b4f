import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import Stripe from 'stripe';
import { DataSource, EntityManager, type FindOptionsWhere } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { DomainError } from '../common/domain-error.js';
import { isUniqueViolation } from '../database/errors.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { MAX_AMOUNT, MIN_CHARGE, type Currency } from '../stripe/currencies.js';
import { coveredFee } from '../stripe/fees.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { deriveStatus } from './donation-status.js';
import { Donation, type DonationStatus, type Language } from './donation.entity.js';
import { CreateDonationRequest, CreateDonationResponse, DonationStatusView } from './dto/donation.dto.js';
import { toMinorUnits } from '../database/money.js';
import { isUuid } from '../common/uuid.js';
import { isValidSignedToken, signedToken } from '../common/signed-token.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

/** The purpose of the token that lets a donor's browser follow its own donation (the thank-you page). */
const STATUS_TOKEN = 'donation-status';

export interface DonationRequestContext {
  idempotencyKey?: string;
  acceptLanguage?: string;
}

/** Which donation a Stripe object is about: our id from metadata first, then Stripe's ids. */
export interface StripeDonationRef {
  donationId?: string;
  paymentIntentId?: string | null;
  chargeId?: string | null;
}


export function languageFrom(acceptLanguage: string | undefined): Language {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('ja') ? 'ja' : 'en';
}

@Injectable()
export class DonationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
    private readonly ledger: LedgerService,
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
    const requestHash = createHash('sha256').update(JSON.stringify([campaignId, body])).digest('hex');
    const existing = context.idempotencyKey ? await this.findByIdempotencyKey(context.idempotencyKey, requestHash) : null;
    const donation = existing ?? (await this.insert(campaign, body, coveredFeeAmount, requestHash, context));
    return this.createPaymentIntent(donation, campaign);
  }

  async get(id: string): Promise<Donation & { email: string; receiptNumber?: string }> {
    const donation = isUuid(id)
      ? await this.dataSource.getRepository(Donation).findOne({ where: { id }, relations: { donor: true } })
      : null;
    if (!donation) throw new DomainError('not_found', 'donation_not_found', `donation ${id} was not found`);
    // Receipts are issued by the notifications worker; the number is shown here once it exists.
    const [receipt] = await this.dataSource.query(`SELECT number FROM receipts WHERE donation_id = $1 AND kind = 'receipt'`, [id]);
    return Object.assign(donation, { email: donation.donor!.email, receiptNumber: receipt?.number });
  }

  /** What the donor's own browser may see of a donation, given the token it got when the donation was made. */
  async statusForDonor(id: string, token: string | undefined): Promise<DonationStatusView> {
    if (!isUuid(id) || typeof token !== 'string' || !isValidSignedToken(this.config.JWT_SECRET, STATUS_TOKEN, id, token)) {
      throw new DomainError('not_found', 'donation_not_found', `donation ${id} was not found`);
    }
    const [row] = await this.dataSource.query(
      `SELECT d.status, d.amount, d.covered_fee_amount, d.currency, c.slug, c.title, r.number AS receipt_number
         FROM donations d JOIN campaigns c ON c.id = d.campaign_id LEFT JOIN receipts r ON r.donation_id = d.id AND r.kind = 'receipt'
        WHERE d.id = $1`,
      [id],
    );
    return {
      status: row.status, amount: toMinorUnits(row.amount), coveredFeeAmount: toMinorUnits(row.covered_fee_amount), currency: row.currency.trim(),
      campaignSlug: row.slug, campaignTitle: row.title, receiptNumber: row.receipt_number ?? undefined,
    };
  }

  /** Locks the donation a Stripe object belongs to, so events about one donation apply one at a time. */
  async lockForStripe(tx: EntityManager, ref: StripeDonationRef): Promise<Donation | null> {
    const lookups: FindOptionsWhere<Donation>[] = [];
    if (ref.donationId && isUuid(ref.donationId)) lookups.push({ id: ref.donationId });
    if (ref.paymentIntentId) lookups.push({ paymentIntentId: ref.paymentIntentId });
    if (ref.chargeId) lookups.push({ chargeId: ref.chargeId });
    for (const where of lookups) {
      const donation = await tx.getRepository(Donation).findOne({ where, lock: { mode: 'pessimistic_write' } });
      if (donation) return donation;
    }
    return null;
  }

  /** Records the charge and the status it leads to, in one statement (a second UPDATE of the row would re-check its foreign keys). */
  async recordCharge(tx: EntityManager, donation: Donation, paymentIntentId: string, chargeId: string, at: Date): Promise<void> {
    const status = await this.derivedStatus(tx, donation);
    await tx.query(
      `UPDATE donations SET payment_intent_id = COALESCE(payment_intent_id, $2), charge_id = COALESCE(charge_id, $3),
              succeeded_at = COALESCE(succeeded_at, $4), status = $5, updated_at = CASE WHEN status = $5 THEN updated_at ELSE now() END
        WHERE id = $1`,
      [donation.id, paymentIntentId, chargeId, at, status],
    );
  }

  /** A failed payment attempt fails only a donation that never succeeded. */
  async markFailed(tx: EntityManager, donation: Donation): Promise<void> {
    if (donation.status === 'pending') await tx.query(`UPDATE donations SET status = 'failed' WHERE id = $1 AND status = 'pending'`, [donation.id]);
  }

  async refreshStatus(tx: EntityManager, donation: Donation): Promise<void> {
    const status = await this.derivedStatus(tx, donation);
    if (status !== donation.status) await tx.query(`UPDATE donations SET status = $2, updated_at = now() WHERE id = $1`, [donation.id, status]);
  }

  private async derivedStatus(tx: EntityManager, donation: Donation): Promise<DonationStatus> {
    return deriveStatus(await this.ledger.balancesOfDonation(tx, donation.id), donation.status);
  }

  /** Checks what needs the campaign; returns the fee the donor covers. */
  private validate(campaign: Campaign, body: CreateDonationRequest): number {
    if (campaign.status !== 'active') {
      throw new DomainError('conflict', 'campaign_not_active', `campaign ${campaign.slug} is ${campaign.status} and does not take donations`);
    }
    if (body.currency !== campaign.currency) {
      throw new DomainError('invalid', 'wrong_currency', `currency must be ${campaign.currency}, the campaign's currency`);
    }
    const currency = body.currency as Currency;
    if (body.amount < MIN_CHARGE[currency]) {
      throw new DomainError('invalid', 'amount_below_minimum', `amount must be at least ${MIN_CHARGE[currency]} ${currency} (Stripe's minimum charge)`);
    }
    const covered = body.coverFees ? coveredFee(body.amount, currency) : 0;
    if (body.amount + covered > MAX_AMOUNT) {
      throw new DomainError('invalid', 'amount_above_maximum', `amount with the covered fee must be at most ${MAX_AMOUNT} (Stripe's 8-digit maximum)`);
    }
    return covered;
  }

  private async findByIdempotencyKey(key: string, requestHash: string): Promise<Donation | null> {
    const donation = await this.dataSource.getRepository(Donation).findOneBy({ idempotencyKey: key });
    if (donation && donation.requestHash !== requestHash) {
      throw new DomainError('unprocessable', 'idempotency_key_reused', 'Idempotency-Key was already used with a different request; use a new key for a new donation');
    }
    return donation;
  }

  private async insert(campaign: Campaign, body: CreateDonationRequest, coveredFeeAmount: number, requestHash: string, context: DonationRequestContext): Promise<Donation> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const [donor]: { id: string }[] = await tx.query(
          `INSERT INTO donors (email, name) VALUES (lower($1), $2)
           ON CONFLICT (email) DO UPDATE SET name = COALESCE(EXCLUDED.name, donors.name) RETURNING id`,
          [body.email.trim(), body.name ?? null],
        );
        return tx.getRepository(Donation).save(
          tx.getRepository(Donation).create({
            campaignId: campaign.id,
            donorId: donor.id,
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
          }),
        );
      });
    } catch (error) {
      // Two requests with one Idempotency-Key at once: the loser answers with the winner's donation.
      if (isUniqueViolation(error) && context.idempotencyKey) return (await this.findByIdempotencyKey(context.idempotencyKey, requestHash))!;
      throw error;
    }
  }

  private async createPaymentIntent(donation: Donation, campaign: Campaign): Promise<CreateDonationResponse> {
    const chargeAmount = donation.amount + donation.coveredFeeAmount;
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: chargeAmount,
          currency: donation.currency,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          description: `Donation to ${campaign.title}`.slice(0, 1000),
          metadata: { donation_id: donation.id, campaign_id: campaign.id },
        },
        { idempotencyKey: `kizuna-donation-${donation.id}` },
      );
    } catch (error) {
      const stripeError = error as Stripe.errors.StripeError;
      throw new DomainError('upstream_failed', 'stripe_failed', `Stripe could not create the payment (${stripeError.type ?? 'error'}: ${stripeError.message}); retry with the same Idempotency-Key`);
    }
    if (!donation.paymentIntentId) {
      await this.dataSource.query(`UPDATE donations SET payment_intent_id = $2 WHERE id = $1 AND payment_intent_id IS NULL`, [donation.id, intent.id]);
    }
    return {
      donationId: donation.id,
      paymentIntentId: intent.id,
      clientSecret: intent.client_secret!,
      statusToken: signedToken(this.config.JWT_SECRET, STATUS_TOKEN, donation.id),
      status: 'pending',
      amount: donation.amount,
      coveredFeeAmount: donation.coveredFeeAmount,
      chargeAmount,
      currency: donation.currency,
    };
  }
}
