import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { STRIPE } from '../stripe/stripe.module.js';
import { DonationError } from './donation.errors.js';
import { DonorsRepository } from './donors.repository.js';

/**
 * One Stripe Customer per donor, made on their first bank transfer and reused: Stripe gives each customer one virtual
 * bank account, so a donor always sends to the same account, and money they send beyond a gift stays theirs.
 */
@Injectable()
export class StripeCustomersService {
  private readonly logger = new Logger('StripeCustomers');
  constructor(
    private readonly donors: DonorsRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  async customerOf(donorId: string): Promise<string> {
    const donor = await this.donors.forCustomer(donorId);
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
    return this.donors.keepCustomer(donorId, customer.id);
  }
}
