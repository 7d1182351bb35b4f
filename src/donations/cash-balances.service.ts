import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, type EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { type CashBalanceRow, CashBalancesRepository, type CustomerDonor, type LatestTransfer, type StripeCashBalance } from './cash-balances.repository.js';
import { DonationError } from './donation.errors.js';

/** Japanese bank transfers (jp_bank_transfer) fund cash balances in yen only. */
const CASH_CURRENCY = 'jpy';

export interface CashBalanceView {
  stripeCustomerId: string;
  donorId: string;
  donorName: string | null;
  email: string;
  availableAmount: number;
  currency: string;
  reconciliationMode: string;
  availableSince: Date | null;
  updatedAt: Date;
  /** The campaigns the donor's bank transfers went to, latest first. */
  campaigns: { id: string; title: string }[];
}

/** What an action on a cash balance works with: the donor, and the balance as Stripe has it at this moment. */
export interface FreshCashBalance {
  customerId: string;
  donor: CustomerDonor;
  balance: StripeCashBalance;
  mirrored: CashBalanceRow;
}

/** Refuses an action on a balance that is empty or no longer the amount finance saw. */
export function checkAvailable(fresh: FreshCashBalance, seen: number, action: 'refund' | 'apply'): void {
  const { available, currency } = fresh.balance;
  if (available === 0) {
    const code = action === 'refund' ? 'nothing_to_refund' : 'nothing_to_apply';
    throw new DonationError('conflict', code, `nothing to ${action}: the cash balance of ${fresh.customerId} is empty now`);
  }
  if (available !== seen) {
    throw new DonationError('conflict', 'cash_balance_changed', `the cash balance changed meanwhile: it holds ${available} ${currency} now, not ${seen}; check it and try again`);
  }
}

function toView(row: CashBalanceRow, donor: { email: string; name: string | null }, campaigns: { id: string; title: string }[] | null): CashBalanceView {
  return {
    stripeCustomerId: row.stripe_customer_id,
    donorId: row.donor_id,
    donorName: donor.name,
    email: donor.email,
    availableAmount: toMinorUnits(row.available_amount),
    currency: row.currency.trim(),
    reconciliationMode: row.reconciliation_mode,
    availableSince: row.available_since,
    updatedAt: row.updated_at,
    campaigns: campaigns ?? [],
  };
}

/** Where Stripe asks the donor for the rest of a bank transfer, or null when it waits for nothing. */
function amountRemaining(intent: Stripe.PaymentIntent): number | null {
  if (intent.status !== 'requires_action' || intent.next_action?.type !== 'display_bank_transfer_instructions') return null;
  return intent.next_action.display_bank_transfer_instructions?.amount_remaining ?? intent.amount;
}

/**
 * Donors' cash balances at Stripe: money sent to their virtual bank account beyond what their transfers asked for.
 * The mirror always takes Stripe's current figure (events may come in any order or twice), under a lock per customer
 * so that the last one written was also read last. In manual reconciliation Stripe leaves arriving money in the cash
 * balance: Kizuna then applies it to the donor's oldest transfers still awaiting money. In automatic reconciliation
 * Stripe does that itself and Kizuna applies nothing.
 */
@Injectable()
export class CashBalancesService {
  private readonly logger = new Logger('CashBalances');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly balances: CashBalancesRepository,
    private readonly outbox: OutboxService,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  /** In the webhook applier's transaction: each customer's balance is read again from Stripe, outside it. */
  async refreshLater(tx: EntityManager, customerIds: string[]): Promise<void> {
    const unique = [...new Set(customerIds)];
    if (unique.length)
      await this.outbox.addMany(
        tx,
        JobName.RefreshCashBalance,
        unique.map((customerId) => ({ customerId })),
      );
  }

  /** The job: mirror the balance, after applying it to waiting transfers when the customer is in manual reconciliation. */
  async refresh(customerId: string): Promise<void> {
    const donor = await this.balances.donorOfCustomer(customerId);
    if (!donor) {
      this.logger.log({ customerId }, 'a cash balance of a Stripe customer that is no Kizuna donor: not mirrored');
      return;
    }
    await this.underLock(customerId, async (tx) => {
      let balance = await this.read(customerId);
      if (balance.reconciliationMode === 'manual' && balance.available > 0 && (await this.applyToTransfers(donor.id, balance))) {
        balance = await this.read(customerId);
      }
      await this.balances.upsert(tx, customerId, donor.id, balance);
    });
  }

  async list(): Promise<CashBalanceView[]> {
    const rows = await this.balances.forFinance();
    return rows.map((row) => toView(row, row, row.campaigns));
  }

  /**
   * Runs a finance action on a customer's cash balance: under the customer's lock, with the balance read from Stripe
   * just before and mirrored (kept even when the action refuses, so the page shows what changed), and mirrored again
   * after the action.
   */
  async act<T>(customerId: string, action: (fresh: FreshCashBalance) => Promise<T>): Promise<T> {
    const donor = await this.balances.donorOfCustomer(customerId);
    if (!donor) throw new DonationError('not_found', 'cash_balance_not_found', `no donor has the Stripe customer ${customerId}`);
    const outcome = await this.underLock(customerId, async (tx) => {
      try {
        const balance = await this.read(customerId);
        const mirrored = await this.balances.upsert(tx, customerId, donor.id, balance);
        const result = await action({ customerId, donor, balance, mirrored });
        await this.balances.upsert(tx, customerId, donor.id, await this.read(customerId));
        return { result };
      } catch (error) {
        const refusal = this.refusalOf(error, customerId);
        if (refusal) return { refusal };
        throw error;
      }
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return outcome.result;
  }

  /** A refusal to answer with, the balance as read kept: ours, or Stripe's words logged and a plain one answered. */
  private refusalOf(error: unknown, customerId: string): DonationError | null {
    if (error instanceof DonationError) return error;
    if (!(error instanceof Stripe.errors.StripeError)) return null;
    this.logger.warn({ customerId, type: error.type, code: error.code, stripeRequestId: error.requestId, error: error.message }, 'Stripe failed during a cash-balance action');
    return new DonationError('upstream_failed', 'stripe_failed', 'Stripe could not finish this right now; check the cash balance and ask again: nothing is done twice');
  }

  /** Applies the cash balance to one waiting bank transfer: as much as it still needs, at most what is available. */
  async applyTo(paymentIntentId: string, available: number): Promise<number> {
    const intent = await this.stripe.paymentIntents.retrieve(paymentIntentId);
    const remaining = amountRemaining(intent);
    if (remaining === null || available <= 0) return 0;
    const amount = Math.min(remaining, available);
    // Keyed by what the transfer still needed: a retry after a lost answer applies nothing twice.
    await this.stripe.paymentIntents.applyCustomerBalance(
      paymentIntentId,
      { amount, currency: intent.currency },
      { idempotencyKey: `kizuna-apply-${paymentIntentId}-${remaining}` },
    );
    return amount;
  }

  /** The donor's latest bank transfer: where a gift from their cash balance goes, and what it copies. */
  latestTransfer(donorId: string): Promise<LatestTransfer | null> {
    return this.balances.latestTransfer(donorId);
  }

  private async applyToTransfers(donorId: string, balance: StripeCashBalance): Promise<boolean> {
    let available = balance.available;
    for (const paymentIntentId of await this.balances.awaitingTransfers(donorId, balance.currency)) {
      if (available <= 0) break;
      available -= await this.applyTo(paymentIntentId, available);
    }
    return available !== balance.available;
  }

  private async read(customerId: string): Promise<StripeCashBalance> {
    const cash = await this.stripe.customers.retrieveCashBalance(customerId);
    return { available: cash.available?.[CASH_CURRENCY] ?? 0, currency: CASH_CURRENCY, reconciliationMode: cash.settings.reconciliation_mode };
  }

  private underLock<T>(customerId: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await this.balances.lockCustomer(tx, customerId);
      return work(tx);
    });
  }
}
