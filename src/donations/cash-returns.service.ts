import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { toMinorUnits } from '../database/money.js';
import { isUniqueViolation } from '../database/errors.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { CashBalancesRepository } from './cash-balances.repository.js';
import { CashBalancesService, type FreshCashBalance, checkAvailable } from './cash-balances.service.js';
import { type CashReturnListRow, type CashReturnRow, CashReturnsRepository, type RefundFacts } from './cash-returns.repository.js';
import { DonationError } from './donation.errors.js';
import { CASH_RETURN_STATUSES, type CashReturnStatus } from './donor-cash-return.entity.js';

const RETURN_ID = 'kizuna_cash_return_id';

export interface CashReturnView {
  id: string;
  stripeCustomerId: string;
  donorId: string;
  donorName: string | null;
  email: string;
  amount: number;
  currency: string;
  status: CashReturnStatus;
  stripeRefundId: string | null;
  instructionsEmail: string | null;
  requestedBy: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A refund with no charge and no PaymentIntent, of a customer: money sent back from a cash balance. */
export function isCashBalanceRefund(refund: Stripe.Refund): boolean {
  return !refund.charge && !refund.payment_intent && !!refund.customer;
}

function statusOf(refund: Stripe.Refund): CashReturnStatus {
  const status = refund.status as CashReturnStatus | null;
  return status && CASH_RETURN_STATUSES.includes(status) && status !== 'requested' && status !== 'refused' ? status : 'pending';
}

function factsOf(refund: Stripe.Refund): RefundFacts {
  return {
    refundId: refund.id,
    status: statusOf(refund),
    amount: refund.amount,
    currency: refund.currency,
    instructionsEmail: refund.instructions_email ?? null,
    failureReason: refund.failure_reason ?? null,
  };
}

function toView(row: CashReturnRow, donor: { email: string; name: string | null }): CashReturnView {
  return {
    id: row.id,
    stripeCustomerId: row.stripe_customer_id,
    donorId: row.donor_id,
    donorName: donor.name,
    email: donor.email,
    amount: toMinorUnits(row.amount),
    currency: row.currency.trim(),
    status: row.status,
    stripeRefundId: row.stripe_refund_id,
    instructionsEmail: row.instructions_email,
    requestedBy: row.requested_by,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Returns of a cash balance to the donor's bank: a Stripe refund with origin customer_balance, which Stripe makes by
 * emailing the donor for their bank account. It moves nothing in the Stripe balance, so nothing in the ledger: only
 * its status is followed, from its refund events.
 */
@Injectable()
export class CashReturnsService {
  private readonly logger = new Logger('CashReturns');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly returns: CashReturnsRepository,
    private readonly customers: CashBalancesRepository,
    private readonly balances: CashBalancesService,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  /**
   * Finance returns the whole balance, which must still be the amount they saw. A return already on its way is
   * refused, unless Stripe never answered it: then it is asked again, with the same idempotency key.
   */
  refund(customerId: string, seen: number, staffEmail: string): Promise<CashReturnView> {
    return this.balances.act(customerId, async (fresh) => {
      const open = await this.returns.open(customerId);
      if (open?.status === 'requested' && open.requested_by && toMinorUnits(open.amount) === seen) return this.askStripe(open, fresh);
      if (open)
        throw new DonationError(
          'conflict',
          'cash_return_in_progress',
          `a return of ${toMinorUnits(open.amount)} ${open.currency.trim()} to this donor is already under way (${open.status})`,
        );
      checkAvailable(fresh, seen, 'refund');
      return this.askStripe(await this.record(fresh, staffEmail), fresh);
    });
  }

  /** From the webhook applier, in its transaction: moves the return forward. False when the customer is no donor. */
  async recordRefund(tx: EntityManager, refund: Stripe.Refund): Promise<boolean> {
    const facts = factsOf(refund);
    const ownId = refund.metadata?.[RETURN_ID];
    if (ownId && isUuid(ownId) && (await this.returns.recordOwn(tx, ownId, facts))) return true;
    const customerId = typeof refund.customer === 'string' ? refund.customer : refund.customer!.id;
    const donor = await this.customers.donorOfCustomer(customerId);
    if (!donor) return false;
    await this.returns.recordForeign(tx, customerId, donor.id, facts);
    return true;
  }

  async list(limit = 100): Promise<CashReturnView[]> {
    const rows: CashReturnListRow[] = await this.returns.list(limit);
    return rows.map((row) => toView(row, row));
  }

  /** Committed before Stripe is asked, so the refund's events find it whenever they come. */
  private async record(fresh: FreshCashBalance, staffEmail: string): Promise<CashReturnRow> {
    try {
      return await this.returns.insert(this.dataSource.manager, {
        customerId: fresh.customerId,
        donorId: fresh.donor.id,
        amount: fresh.balance.available,
        currency: fresh.balance.currency,
        email: fresh.donor.email,
        requestedBy: staffEmail,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DonationError('conflict', 'cash_return_in_progress', 'a return of this cash balance was asked for a moment ago');
      throw error;
    }
  }

  private async askStripe(row: CashReturnRow, fresh: FreshCashBalance): Promise<CashReturnView> {
    let refund: Stripe.Refund;
    try {
      refund = await this.stripe.refunds.create(
        {
          origin: 'customer_balance',
          customer: row.stripe_customer_id,
          amount: toMinorUnits(row.amount),
          currency: row.currency.trim(),
          instructions_email: row.instructions_email ?? fresh.donor.email,
          metadata: { [RETURN_ID]: row.id, donor_id: row.donor_id },
        },
        { idempotencyKey: `kizuna-cash-return-${row.id}` },
      );
    } catch (error) {
      throw await this.failed(row, error as Stripe.errors.StripeError);
    }
    const recorded = await this.returns.recordOwn(this.dataSource.manager, row.id, factsOf(refund));
    return toView(recorded ?? (await this.returns.get(row.id)), fresh.donor);
  }

  /** Stripe refused: nothing moved, and the return says why. Stripe unreachable: the return waits to be asked again. */
  private async failed(row: CashReturnRow, error: Stripe.errors.StripeError): Promise<DonationError> {
    this.logger.warn({ returnId: row.id, type: error.type, code: error.code, stripeRequestId: error.requestId, error: error.message }, 'Stripe did not make a cash-balance refund');
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) {
      return new DonationError('upstream_failed', 'stripe_failed', 'Stripe could not be reached to return the cash balance; try again and the same return is asked for');
    }
    await this.returns.refuse(row.id, error.message);
    if (error.code === 'amount_too_large') return new DonationError('conflict', 'cash_balance_changed', 'the cash balance changed meanwhile: Stripe holds less than this now');
    return new DonationError('upstream_failed', 'stripe_failed', 'Stripe refused to return the cash balance; its reason is on the return');
  }
}
