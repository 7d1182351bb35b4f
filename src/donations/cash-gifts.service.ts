import { Injectable } from '@nestjs/common';
import { CashBalancesService, type FreshCashBalance, checkAvailable } from './cash-balances.service.js';
import { CashReturnsRepository } from './cash-returns.repository.js';
import { DonationIntentsService } from './donation-intents.service.js';
import { DonationError } from './donation.errors.js';

export interface CashGiftView {
  donationId: string;
  paymentIntentId: string;
  campaignId: string;
  amount: number;
  currency: string;
  /** `pending` until Stripe's webhook says the balance paid it (`succeeded`, with a receipt). */
  status: string;
}

/**
 * A donor's cash balance given as a gift: a new bank-transfer donation by the same donor, to the campaign of their
 * latest transfer, for exactly the balance, made through the normal donation path. Stripe pays it from the cash
 * balance: at once in automatic reconciliation (a new transfer takes what the balance holds), and in manual
 * reconciliation when Kizuna applies the balance to it, here.
 */
@Injectable()
export class CashGiftsService {
  constructor(
    private readonly balances: CashBalancesService,
    private readonly returns: CashReturnsRepository,
    private readonly intents: DonationIntentsService,
  ) {}

  applyToGift(customerId: string, seen: number): Promise<CashGiftView> {
    return this.balances.act(customerId, async (fresh) => {
      const open = await this.returns.open(customerId);
      if (open) throw new DonationError('conflict', 'cash_return_in_progress', `this cash balance is being returned to the donor (${open.status})`);
      checkAvailable(fresh, seen, 'apply');
      return this.give(fresh);
    });
  }

  private async give(fresh: FreshCashBalance): Promise<CashGiftView> {
    const transfer = await this.balances.latestTransfer(fresh.donor.id);
    if (!transfer) throw new DonationError('conflict', 'no_transfer_campaign', 'the donor made no bank transfer, so there is no campaign to give this balance to');
    const { available, currency } = fresh.balance;
    const created = await this.intents.create(
      transfer.campaign_id,
      {
        amount: available,
        currency,
        email: fresh.donor.email,
        name: fresh.donor.name ?? transfer.donor_name ?? undefined,
        anonymous: transfer.anonymous,
        language: transfer.language,
        subscribeToUpdates: transfer.updates_opt_in,
        paymentMethod: 'bank_transfer',
      },
      // The same balance (amount, and since when it waits) makes the same gift, however often finance asks.
      { idempotencyKey: `kizuna-cash-gift-${fresh.customerId}-${fresh.mirrored.available_since!.getTime()}-${available}`, fromCashBalance: true },
    );
    if (fresh.balance.reconciliationMode === 'manual') await this.balances.applyTo(created.paymentIntentId, available);
    return { donationId: created.donationId, paymentIntentId: created.paymentIntentId, campaignId: transfer.campaign_id, amount: available, currency, status: created.status };
  }
}
