import { handlersByType, type StripeEventHandler } from '../../src/payments/stripe-event-handler.js';
import { checkJobHandlers } from '../../src/queue/job-handler.js';

describe('checkJobHandlers', () => {
  const jobs = ['receipts.send', 'stripe.sync'];

  it('accepts exactly one handler per job', () => {
    expect(() => checkJobHandlers(jobs, ['stripe.sync', 'receipts.send'])).not.toThrow();
  });

  it('refuses a job without a handler', () => {
    expect(() => checkJobHandlers(jobs, ['receipts.send'])).toThrow('job "stripe.sync" has no handler');
  });

  it('refuses a job with two handlers', () => {
    expect(() => checkJobHandlers(jobs, ['receipts.send', 'stripe.sync', 'stripe.sync'])).toThrow('job "stripe.sync" has 2 handlers');
  });

  it('refuses a handler for a job that is not in the registry', () => {
    expect(() => checkJobHandlers(jobs, [...jobs, 'old.job'])).toThrow('"old.job", which is not in the job registry');
  });
});

describe('Stripe event handlers at boot', () => {
  class RefundHandler implements StripeEventHandler {
    readonly eventTypes = ['refund.created', 'charge.refunded'];
    async handle(): Promise<void> {}
  }
  class PayoutHandler implements StripeEventHandler {
    readonly eventTypes = ['payout.paid'];
    async handle(): Promise<void> {}
  }
  class OtherRefundHandler extends PayoutHandler {
    override readonly eventTypes = ['refund.created'];
  }

  it('maps each event type to its one handler', () => {
    const refunds = new RefundHandler();
    const payouts = new PayoutHandler();
    const byType = handlersByType([refunds, payouts]);
    expect(byType.get('charge.refunded')).toBe(refunds);
    expect(byType.get('payout.paid')).toBe(payouts);
  });

  it('stops the boot when two handlers claim one event type, naming both', () => {
    expect(() => handlersByType([new RefundHandler(), new OtherRefundHandler()])).toThrow(
      'Stripe event "refund.created" has two handlers, RefundHandler and OtherRefundHandler; it must have exactly one',
    );
  });
});
