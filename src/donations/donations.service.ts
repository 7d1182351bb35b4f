import type { FundKind } from '../campaigns/campaign.entity.js';
import type { TaxRecipient } from './tax-recipient.js';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { DonationError } from './donation.errors.js';
import { purposeKeys } from '../common/purpose-keys.js';
import { isValidSignedToken } from '../common/signed-token.js';
import { isUuid } from '../common/uuid.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { toMinorUnits } from '../database/money.js';
import { STATUS_TOKEN } from './donation-intents.service.js';
import type { Donation, DonationStatus, Language, PaymentInstructions } from './donation.entity.js';
import { nextActionOf } from './next-action.js';
import { type PledgeFilter, type PledgeRow, DonationsRepository } from './donations.repository.js';
import type { PaymentMethod } from '../stripe/currencies.js';
import type { DonationStatusView } from './dto/donation.dto.js';
import type { DonationBucket, TimeBucket } from './dto/donations-over-time.dto.js';

/** What a receipt says of its donation and donor. */
export interface DonationForReceipt {
  donorEmail: string;
  donorName: string | null;
  language: Language;
  currency: string;
  campaignId: string;
  /** In the donation's language, or the other when the campaign has none in it. */
  campaignTitle: string;
  fundKind: FundKind;
  fundRecipient: string | null;
  /** The name and address the donor gave for a tax receipt, if they asked for one. */
  taxRecipient: TaxRecipient | null;
  donorId: string;
  donatedAt: Date;
}

/** What an email about a pledge says of it; `charge` is the gift and any fee the donor chose to cover. */
export interface PledgeForEmail {
  id: string;
  status: DonationStatus;
  charge: number;
  currency: string;
  language: Language;
  instructions: PaymentInstructions | null;
  /** What a transfer still needs; null for a voucher. */
  amountRemaining: number | null;
  donorEmail: string;
  donorName: string | null;
  campaignTitle: string;
  campaignSlug: string;
  campaignActive: boolean;
}

export interface PledgeBalance {
  status: DonationStatus;
  amountRemaining: number | null;
}

/** A konbini voucher or bank transfer awaiting payment, or one that expired unpaid. */
export interface PledgeView {
  donationId: string;
  status: 'awaiting_payment' | 'expired';
  /** When it reached its status: made, or expired. */
  at: Date;
  pledgedAt: Date;
  /** A konbini voucher's deadline. */
  deadline: Date | null;
  campaignId: string;
  campaignTitle: string;
  /** Null when the donor gave anonymously. */
  donorName: string | null;
  anonymous: boolean;
  paymentMethod: PaymentMethod;
  /** What the donor was asked to pay (gift and covered fee). */
  amount: number;
  /** What is still to come: less than amount once part of a transfer arrived. */
  amountRemaining: number;
  currency: string;
}

export type { PledgeFilter } from './donations.repository.js';

const PLEDGE_PAGE = 5000;

function pledgeView(r: PledgeRow): PledgeView {
  return {
    donationId: r.id,
    status: r.status,
    at: r.at,
    pledgedAt: r.created_at,
    deadline: r.pledge_expires_at,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title,
    donorName: r.donor_name,
    anonymous: r.anonymous,
    paymentMethod: r.payment_method,
    amount: toMinorUnits(r.amount),
    amountRemaining: toMinorUnits(r.amount_remaining),
    currency: r.currency.trim(),
  };
}

export interface RecentGift {
  name: string | null;
  amount: number;
  message: string | null;
  at: Date;
}

/** A pledge still waiting shows what the donor must do; once paid or expired it shows nothing more. */
function withNextAction(row: { status: string; payment_instructions: PaymentInstructions | null; amount_remaining: string | null; amount: string; covered_fee_amount: string }) {
  if (row.status !== 'awaiting_payment') return {};
  const action = nextActionOf({
    paymentInstructions: row.payment_instructions,
    amountRemaining: row.amount_remaining === null ? null : toMinorUnits(row.amount_remaining),
    amount: toMinorUnits(row.amount),
    coveredFeeAmount: toMinorUnits(row.covered_fee_amount),
  });
  return action ? { nextAction: action } : {};
}

function notFound(id: string): DonationError {
  return new DonationError('not_found', 'donation_not_found', `donation ${id} was not found`);
}

/** Reads of donations, for staff, the donor's own browser and the modules above (receipts, updates, pages). */
@Injectable()
export class DonationsService {
  constructor(
    private readonly donations: DonationsRepository,
    private readonly campaigns: CampaignsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string): Promise<Donation & { email: string; receiptNumber?: string }> {
    const donation = isUuid(id) ? await this.donations.findWithDonor(id) : null;
    if (!donation) throw notFound(id);
    const row = await this.donations.withReceiptNumber(id);
    return Object.assign(donation, { email: donation.donor!.email, receiptNumber: row?.receipt_number ?? undefined });
  }

  /** What the donor's own browser may see of a donation, given the token it got when the donation was made. */
  async statusForDonor(id: string, token: string | undefined): Promise<DonationStatusView> {
    if (!isUuid(id) || typeof token !== 'string' || !isValidSignedToken(purposeKeys(this.config, STATUS_TOKEN), id, token)) throw notFound(id);
    const row = await this.donations.withReceiptNumber(id);
    if (!row) throw notFound(id);
    return {
      status: row.status,
      amount: toMinorUnits(row.amount),
      coveredFeeAmount: toMinorUnits(row.covered_fee_amount),
      currency: row.currency.trim(),
      campaignSlug: row.campaign_slug,
      campaignTitle: row.campaign_title,
      receiptNumber: row.receipt_number ?? undefined,
      paymentMethod: row.payment_method,
      ...withNextAction(row),
    };
  }

  async forReceipt(id: string): Promise<DonationForReceipt> {
    const donation = (await this.forReceipts([id])).get(id);
    if (!donation) throw notFound(id);
    return donation;
  }

  /** As forReceipt for many donations in one query; a donation that does not exist is missing from the map. */
  async forReceipts(ids: string[]): Promise<Map<string, DonationForReceipt>> {
    const rows = await this.donations.receiptFacts(ids);
    return new Map(
      rows.map((row) => [
        row.id,
        {
          donorEmail: row.email,
          donorName: row.donor_name,
          language: row.language,
          currency: row.currency.trim(),
          campaignId: row.campaign_id,
          campaignTitle: row.campaign_title,
          fundKind: row.fund_kind,
          fundRecipient: row.fund_recipient,
          taxRecipient: row.tax_receipt,
          donorId: row.donor_id,
          donatedAt: new Date(row.donated_at),
        },
      ]),
    );
  }

  async forPledgeEmail(id: string): Promise<PledgeForEmail | null> {
    const row = await this.donations.pledgeFacts(id);
    if (!row) return null;
    return {
      id: row.id,
      status: row.status,
      charge: toMinorUnits(row.charge),
      currency: row.currency.trim(),
      language: row.language,
      instructions: row.payment_instructions,
      amountRemaining: row.amount_remaining === null ? null : toMinorUnits(row.amount_remaining),
      donorEmail: row.email,
      donorName: row.donor_name,
      campaignTitle: row.campaign_title,
      campaignSlug: row.campaign_slug,
      campaignActive: row.campaign_status === 'active',
    };
  }

  /** Where each pledge stands now, by donation id; a donation that does not exist is missing. */
  async pledgeBalances(ids: string[]): Promise<Map<string, PledgeBalance>> {
    if (!ids.length) return new Map();
    const rows = await this.donations.pledgeBalances(ids);
    return new Map(rows.map((row) => [row.id, { status: row.status, amountRemaining: row.amount_remaining === null ? null : toMinorUnits(row.amount_remaining) }]));
  }

  /** The latest gifts to a campaign: never the name of a donor who asked to stay anonymous. */
  async recentGifts(campaignId: string, limit = 10): Promise<RecentGift[]> {
    const rows = await this.donations.recentGifts(campaignId, limit);
    return rows.map((r) => ({ name: r.name, amount: toMinorUnits(r.amount), message: r.message, at: r.at }));
  }

  /** Inside the caller's transaction when given one, so a fan-out batch holds one connection. */
  updateRecipients(campaignId: string, afterDonorId: string | null, limit: number, tx?: EntityManager): Promise<string[]> {
    return this.donations.updateRecipients(campaignId, afterDonorId, limit, tx);
  }

  /**
   * Donations by the hour or day of the organisation's time zone (ORG_TIMEZONE) they were paid, and pledges by the hour or day they were made, oldest first;
   * only buckets that have some. A donation refunded or disputed later still counts where it came in: this is the
   * flow of gifts, not the balance. An expired pledge is in neither.
   */
  async overTime(campaignId: string, by: TimeBucket): Promise<DonationBucket[]> {
    await this.campaigns.get(campaignId);
    const rows = await this.donations.overTime(campaignId, by, this.config.ORG_TIMEZONE);
    return rows.map((r) => ({
      bucket: r.bucket.toISOString(),
      count: r.count,
      amount: toMinorUnits(r.amount),
      pledgedCount: r.pledged_count,
      pledgedAmount: toMinorUnits(r.pledged_amount),
    }));
  }

  /** Pledges awaiting payment and expired ones, newest first, for finance. */
  async pledges(filter: PledgeFilter, limit: number): Promise<PledgeView[]> {
    return (await this.donations.pledges(filter, { limit, newestFirst: true })).map(pledgeView);
  }

  /** All pledges of the filter, oldest first, a page at a time: for an export of any size. */
  async *allPledges(filter: PledgeFilter): AsyncGenerator<PledgeView[]> {
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const rows = await this.donations.pledges(filter, { limit: PLEDGE_PAGE, newestFirst: false, after });
      if (rows.length) yield rows.map(pledgeView);
      if (rows.length < PLEDGE_PAGE) return;
      after = { at: rows[rows.length - 1].at, id: rows[rows.length - 1].id };
    }
  }

  /** Per campaign id: pledges that expired in the period, and what they were for. */
  async expiredByCampaign(filter: Omit<PledgeFilter, 'statuses'>): Promise<Map<string, { count: number; amount: number }>> {
    const rows = await this.donations.expiredTotals(filter);
    return new Map(rows.map((r) => [r.campaign_id, { count: r.count, amount: toMinorUnits(r.amount) }]));
  }
}
