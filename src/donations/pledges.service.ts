import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { CampaignTotalsService, pledgeChanges } from '../campaigns/campaign-totals.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import type { Donation } from './donation.entity.js';
import { DonationsRepository } from './donations.repository.js';
import { instructionsOf } from './payment-instructions.js';

const chargeOf = (donation: Donation) => donation.amount + donation.coveredFeeAmount;

/** A pledge made (+ its charge amount) or paid or expired (−). */
interface PledgeMove {
  campaignId: string;
  donationId: string;
  amount: number;
}

/**
 * Moves the pending counters in the caller's transaction. The webhook applier passes its own (payments'
 * MoneyPostingsService.movePledges), which writes them with the batch's other totals, in slot order.
 */
export type PledgeCounter = (tx: EntityManager, moves: PledgeMove[]) => Promise<void>;

/**
 * Pledges: a konbini voucher or a bank transfer the donor has yet to pay. Each status change runs on a locked
 * donation and moves the campaign's pending counters exactly once: + when a pending donation starts awaiting
 * payment, − when an awaiting one is paid or expires. Money reaches the ledger only through the charge, when paid.
 */
@Injectable()
export class PledgesService {
  constructor(
    private readonly donations: DonationsRepository,
    private readonly totals: CampaignTotalsService,
    private readonly outbox: OutboxService,
  ) {}

  /** Outside a webhook batch: the counters move at once, in the caller's transaction. */
  private readonly countAtOnce: PledgeCounter = (tx, moves) => this.totals.applyMany(tx, pledgeChanges(moves));

  /**
   * Stripe asks the donor to pay at a store or by transfer: the instructions are kept (first ones win), and a
   * donation still `pending` becomes a pledge, with an email saying how to pay. True when it became one now.
   */
  async awaitPayment(tx: EntityManager, donation: Donation, intent: Stripe.PaymentIntent, count: PledgeCounter = this.countAtOnce): Promise<boolean> {
    const found = instructionsOf(intent);
    if (!found) return false;
    await this.donations.keepInstructions(tx, donation.id, found.instructions, found.expiresAt, found.amountRemaining);
    if (donation.status !== 'pending') return false;
    await this.donations.setStatus(tx, donation.id, 'awaiting_payment');
    donation.status = 'awaiting_payment';
    await count(tx, [{ campaignId: donation.campaignId, donationId: donation.id, amount: chargeOf(donation) }]);
    await this.outbox.add(tx, { name: JobName.SendPledgeEmail, payload: { donationId: donation.id, kind: 'instructions' } });
    return true;
  }

  /** Paid pledges leave the pending counters; call it with the donations as locked, before their status changes. */
  async paid(tx: EntityManager, donations: Donation[], count: PledgeCounter = this.countAtOnce): Promise<void> {
    const pledges = donations.filter((donation) => donation.status === 'awaiting_payment');
    await count(
      tx,
      pledges.map((donation) => ({ campaignId: donation.campaignId, donationId: donation.id, amount: -chargeOf(donation) })),
    );
    if (pledges.length)
      await this.donations.clearRemaining(
        tx,
        pledges.map((donation) => donation.id),
      );
  }

  /** A voucher not paid by its deadline: the donation is `expired` (never receipted) and the donor is told kindly. */
  async expire(tx: EntityManager, donation: Donation, count: PledgeCounter = this.countAtOnce): Promise<void> {
    if (donation.status !== 'pending' && donation.status !== 'awaiting_payment') return;
    await this.donations.setStatus(tx, donation.id, 'expired');
    if (donation.status === 'awaiting_payment') {
      await count(tx, [{ campaignId: donation.campaignId, donationId: donation.id, amount: -chargeOf(donation) }]);
    }
    await this.outbox.add(tx, { name: JobName.SendPledgeEmail, payload: { donationId: donation.id, kind: 'expired' } });
    donation.status = 'expired';
  }

  /**
   * Unpaid vouchers whose reminder is due (from 18:00 Japan time the day before the deadline), each chosen once: the
   * caller queues their emails in the same transaction.
   */
  claimVoucherReminders(tx: EntityManager, at = new Date()): Promise<string[]> {
    return this.donations.claimVoucherReminders(tx, at);
  }

  /**
   * Part of a transfer arrived: the amount still to send only ever goes down (events may come in any order), and
   * each new figure is emailed once.
   */
  async partiallyFunded(tx: EntityManager, donation: Donation, intent: Stripe.PaymentIntent, count: PledgeCounter = this.countAtOnce): Promise<void> {
    await this.awaitPayment(tx, donation, intent, count);
    if (donation.status !== 'awaiting_payment') return;
    const remaining = instructionsOf(intent)?.amountRemaining;
    if (remaining === null || remaining === undefined) return;
    if (await this.donations.lowerRemaining(tx, donation.id, remaining)) {
      await this.outbox.add(tx, { name: JobName.SendPledgeEmail, payload: { donationId: donation.id, kind: 'partial', amountRemaining: remaining } });
    }
  }
}
