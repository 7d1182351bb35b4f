import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { atGiftRate, feeEntry, settlementEntry } from '../ledger/ledger-entries.js';
import type { LedgerEntry } from '../ledger/ledger.service.js';
import { MoneyPostingsService } from '../payments/money-postings.service.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { StripeMirrorRepository, type UnpostedSettlementRow } from './stripe-mirror.repository.js';

const BALANCE_CURSOR = 'balance_transactions';
const PAYOUT_CURSOR = 'payouts';
const PAGE_SIZE = 100;
const RATE_LIMIT_RETRIES = 8;

export interface SyncResult {
  fetched: number;
  payouts: number;
  feesPosted: number;
  settlementsPosted: number;
}

/** A period to re-read whatever the cursors say, as a reconciliation run does. */
export interface SyncPeriod {
  createdGte: number;
  createdLt?: number;
}

interface Page<T> {
  data: T[];
  has_more: boolean;
}

/**
 * Mirrors Stripe's balance transactions and payouts (pages of 100, from a cursor, upserted so a run can
 * repeat), links each paid payout to the transactions it paid out, and posts the fees the transactions carry
 * to the ledger. Fees come from here, never from the webhook path, which makes no Stripe call at all.
 * On Stripe's rate limit it backs off and goes on with the page it was reading.
 */
@Injectable()
export class StripeSyncService {
  private readonly logger = new Logger('StripeSyncService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly mirror: StripeMirrorRepository,
    private readonly money: MoneyPostingsService,
  ) {}

  async sync(period?: SyncPeriod): Promise<SyncResult> {
    const fetched = await this.mirrorBalanceTransactions(period);
    const payouts = await this.mirrorPayouts(period);
    return { fetched, payouts, ...(await this.postPending()) };
  }

  /** Posts what the mirror knows and the ledger lacks: settlements of gifts in other currencies, then fees. No Stripe call. */
  async postPending(): Promise<Pick<SyncResult, 'feesPosted' | 'settlementsPosted'>> {
    const settlementsPosted = await this.postUnpostedSettlements();
    const feesPosted = await this.postUnpostedFees();
    return { feesPosted, settlementsPosted };
  }

  private async mirrorBalanceTransactions(period?: SyncPeriod): Promise<number> {
    const created = period ? { gte: period.createdGte, ...(period.createdLt && { lt: period.createdLt }) } : { gte: await this.mirror.cursor(BALANCE_CURSOR) };
    let newest = 0;
    let fetched = 0;
    await this.eachPage(
      (startingAfter) => this.stripe.balanceTransactions.list({ created, limit: PAGE_SIZE, starting_after: startingAfter }),
      async (page) => {
        fetched += await this.upsertTransactions(page, null);
        newest = Math.max(newest, ...page.map((t) => t.created));
      },
    );
    if (!period) await this.mirror.advance(BALANCE_CURSOR, newest);
    return fetched;
  }

  private async mirrorPayouts(period?: SyncPeriod): Promise<number> {
    const created = period ? { gte: period.createdGte, ...(period.createdLt && { lt: period.createdLt }) } : { gte: await this.mirror.cursor(PAYOUT_CURSOR) };
    let newest = 0;
    let count = 0;
    await this.eachPage(
      (startingAfter) => this.stripe.payouts.list({ created, limit: PAGE_SIZE, starting_after: startingAfter }),
      async (page) => {
        for (const payout of page) {
          await this.mirror.upsertPayout(payout);
          if (payout.status === 'paid') await this.linkPayout(payout.id);
          newest = Math.max(newest, payout.created);
          count++;
        }
      },
    );
    if (!period) await this.mirror.advance(PAYOUT_CURSOR, newest);
    return count;
  }

  /** Records which balance transactions a payout paid out (`GET /v1/balance_transactions?payout=`). */
  private async linkPayout(payoutId: string): Promise<void> {
    await this.eachPage(
      (startingAfter) => this.stripe.balanceTransactions.list({ payout: payoutId, limit: PAGE_SIZE, starting_after: startingAfter }),
      async (page) => void (await this.upsertTransactions(page, payoutId)),
    );
  }

  /** Reads every page, retrying a page that hit Stripe's rate limit with a growing pause. */
  private async eachPage<T extends { id: string }>(fetch: (startingAfter?: string) => Promise<Page<T>>, onPage: (items: T[]) => Promise<void>): Promise<void> {
    let startingAfter: string | undefined;
    for (;;) {
      const page = await this.withRateLimitRetry(() => fetch(startingAfter));
      if (page.data.length) await onPage(page.data);
      if (!page.has_more || !page.data.length) return;
      startingAfter = page.data[page.data.length - 1].id;
    }
  }

  private async withRateLimitRetry<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (!(error instanceof Stripe.errors.StripeRateLimitError) || attempt >= RATE_LIMIT_RETRIES) throw error;
        const pause = Math.min(250 * 2 ** attempt, 10_000);
        this.logger.warn({ attempt, pause }, 'Stripe rate limit: backing off');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private async upsertTransactions(transactions: Stripe.BalanceTransaction[], payoutId: string | null): Promise<number> {
    if (transactions.length) await this.mirror.upsertTransactions(transactions, payoutId);
    return transactions.length;
  }

  /** Fees of mirrored charges whose charge is in the ledger and whose fee is not yet; each posted with its totals. */
  private async postUnpostedFees(): Promise<number> {
    let posted = 0;
    for (const row of await this.mirror.unpostedFees()) {
      const ref = { donationId: row.donation_id, campaignId: row.campaign_id, currency: row.currency.trim() };
      const entry = feeEntry(ref, row.id, toMinorUnits(row.fee), row.stripe_created_at, row.campaign_currency.trim());
      const done = await this.dataSource.transaction((tx) => this.money.post(tx, entry));
      if (done) posted++;
    }
    return posted;
  }

  /**
   * The settlement side of each gift posted in its own currency, once its balance transaction is mirrored: what Stripe
   * put on (or took from) the balance, at what rate. A refund or dispute movement waits for its charge's balance
   * transaction when it was converted, since the gift's rate values it.
   */
  private async postUnpostedSettlements(): Promise<number> {
    let posted = 0;
    for (const row of await this.mirror.unpostedSettlements()) {
      const entry = settlementOf(row);
      if (entry && (await this.dataSource.transaction((tx) => this.money.post(tx, entry)))) posted++;
    }
    return posted;
  }
}

function settlementOf(row: UnpostedSettlementRow): LedgerEntry | null {
  const ref = { donationId: row.donation_id, campaignId: row.campaign_id, currency: row.presentment_currency.trim() };
  const presentmentAmount = toMinorUnits(row.presentment_amount);
  const settledAmount = toMinorUnits(row.amount);
  const settlementCurrency = row.currency.trim();
  const converted = settlementCurrency !== ref.currency;
  let valueAtGiftRate = settledAmount;
  if (converted && row.ledger_kind !== 'charge') {
    if (row.charge_settled_amount === null || row.charge_presentment_amount === null) return null;
    valueAtGiftRate = atGiftRate(presentmentAmount, { presentmentAmount: toMinorUnits(row.charge_presentment_amount), settledAmount: toMinorUnits(row.charge_settled_amount) });
  }
  const exchangeRate = converted && row.exchange_rate !== null ? Number(row.exchange_rate) : null;
  return settlementEntry(ref, row.id, { presentmentAmount, settledAmount, settlementCurrency, exchangeRate, atGiftRate: valueAtGiftRate }, row.stripe_created_at);
}
