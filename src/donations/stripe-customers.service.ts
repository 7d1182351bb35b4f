import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { DonationError } from './donation.errors.js';

/**
 * One Stripe Customer per donor, made on their first bank transfer and reused: Stripe gives each customer one virtual
 * bank account, so a donor always sends to the same account, and money they send beyond a gift stays theirs.
 */
@Injectable()
export class StripeCustomersService {
  private readonly logger = new Logger('StripeCustomers');
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  async customerOf(donorId: string): Promise<string> {
    const [donor]: { email: string; name: string | null; stripe_customer_id: string | null }[] = await this.dataSource.query(
      `SELECT email, name, stripe_customer_id FROM donors WHERE id = $1`,
      [donorId],
    );
    if (donor.stripe_customer_id) return donor.stripe_customer_id;
    let customer: Stripe.Customer;
    try {
      // Keyed by the donor: two first transfers at once make one customer, and the second keeps the first's id.
      customer = await this.stripe.customers.create(
        { email: donor.email, ...(donor.name && { name: donor.name }), metadata: { donor_id: donorId } },
        { idempotencyKey: `kizuna-customer-${donorId}` },
      );
    } catch (error) {
      const stripeError = error as Stripe.errors.StripeError;
      this.logger.warn(
        { donorId, type: stripeError.type, code: stripeError.code, stripeRequestId: stripeError.requestId, error: stripeError.message },
        'Stripe could not create a customer',
      );
      throw new DonationError('upstream_failed', 'stripe_failed', 'Stripe could not create the bank account for this transfer right now; retry with the same Idempotency-Key');
    }
    const [kept] = await updateReturning<{ stripe_customer_id: string }>(
      this.dataSource,
      `UPDATE donors SET stripe_customer_id = COALESCE(stripe_customer_id, $2) WHERE id = $1 RETURNING stripe_customer_id`,
      [donorId, customer.id],
    );
    return kept.stripe_customer_id;
  }
}
