import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { CashBalancesService } from '../donations/cash-balances.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';

/**
 * Money arrived in, was applied from or was returned from a customer's cash balance. The events say what moved, not
 * what the balance holds once all the others are counted: a job reads the balance from Stripe, outside this
 * transaction, once per customer of the batch. A cash balance is not in the Stripe balance: nothing is posted.
 */
@Injectable()
export class CashBalanceHandler implements StripeEventHandler {
  readonly eventTypes = ['cash_balance.funds_available', 'customer_cash_balance_transaction.created'] as const;

  constructor(private readonly balances: CashBalancesService) {}

  handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    return this.handleAll([event], tx);
  }

  async handleAll(events: Stripe.Event[], tx: EntityManager): Promise<void> {
    const customers = events.map((event) => idOf((event.data.object as Stripe.CashBalance | Stripe.CustomerCashBalanceTransaction).customer));
    await this.balances.refreshLater(
      tx,
      customers.filter((id): id is string => !!id),
    );
  }
}
