import Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { expandedCharge, expandedTransaction, paidIntent, sdkFor, startEmulator } from './support.js';

describe('test payment methods', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  // A usd-settled account, so that amounts and fees read in the charge's own currency (fees.test.ts covers conversion).
  beforeEach(async () => {
    emulator = await startEmulator({ settlementCurrency: 'usd' });
    stripe = sdkFor(emulator);
  });
  afterEach(() => emulator.close());

  const eventTypes = () => emulator.events().map((event) => event.type);
  /** Available plus pending: card funds stay pending for days, while refunds and disputes take from the available part. */
  const usdBalance = async () => {
    const balance = await stripe.balance.retrieve();
    return [...balance.available, ...balance.pending].filter((entry) => entry.currency === 'usd').reduce((sum, entry) => sum + entry.amount, 0);
  };

  it.each(['pm_card_visa', 'pm_card_bypassPending'])('%s succeeds with a charge, a balance transaction and the metadata', async (token) => {
    const intent = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', metadata: { donation_id: 'd-1' } });
    expect(intent.status).toBe('requires_payment_method');
    const confirmed = await stripe.paymentIntents.confirm(intent.id, { payment_method: token, expand: ['latest_charge.balance_transaction'] });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(2500);
    expect(confirmed.payment_method).toMatch(/^pm_\w+$/);
    expect(confirmed.payment_method).not.toBe(token);
    const charge = expandedCharge(confirmed);
    expect(charge).toMatchObject({ id: expect.stringMatching(/^ch_/), status: 'succeeded', paid: true, payment_intent: intent.id, metadata: { donation_id: 'd-1' } });
    expect(expandedTransaction(confirmed)).toMatchObject({ id: expect.stringMatching(/^txn_/), type: 'charge', source: charge.id, amount: 2500 });
    // Only funds available at once (pm_card_bypassPending) make a balance.available now; card funds are pending first.
    const fundsNow = token === 'pm_card_bypassPending' ? ['balance.available'] : [];
    expect(eventTypes()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', ...fundsNow]);
  });

  it.each(['pm_card_visa_chargeDeclined', 'pm_card_chargeDeclined'])('%s is declined with a failed charge, and the intent can be paid again', async (token) => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const declined = await stripe.paymentIntents.confirm(intent.id, { payment_method: token }).catch((error: unknown) => error);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', type: 'StripeCardError' });
    const failed = await stripe.paymentIntents.retrieve(intent.id);
    expect(failed).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' } });
    const charges = await stripe.charges.list({ payment_intent: intent.id });
    expect(charges.data.map((charge) => [charge.status, charge.paid, charge.failure_code, charge.balance_transaction])).toEqual([['failed', false, 'card_declined', null]]);
    expect(eventTypes()).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    expect((await stripe.balanceTransactions.list()).data).toHaveLength(0);

    const paid = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('succeeded');
    expect((await stripe.charges.list({ payment_intent: intent.id })).data.map((charge) => charge.status)).toEqual(['succeeded', 'failed']);
  });

  it('refuses an unknown payment method, a confirmation without one, and amounts outside Stripe limits', async () => {
    await expect(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_nope', confirm: true })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_method',
    });
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await expect(stripe.paymentIntents.confirm(intent.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(stripe.paymentIntents.create({ amount: 49, currency: 'usd' })).rejects.toMatchObject({ code: 'amount_too_small', param: 'amount' });
    await expect(stripe.paymentIntents.create({ amount: 49, currency: 'jpy' })).rejects.toMatchObject({ code: 'amount_too_small' });
    await expect(stripe.paymentIntents.create({ amount: 100_000_000, currency: 'jpy' })).rejects.toMatchObject({ code: 'amount_too_large', param: 'amount' });
    await expect(stripe.paymentIntents.create({ amount: 99_999_999, currency: 'jpy' })).resolves.toMatchObject({ amount: 99_999_999 });
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('updates an unconfirmed intent, refuses a new amount once paid, and cancels', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { a: '1', b: '2' } });
    const updated = await stripe.paymentIntents.update(intent.id, { amount: 1500, description: 'Gift', metadata: { b: '', c: '3' } });
    expect(updated).toMatchObject({ amount: 1500, description: 'Gift', metadata: { a: '1', c: '3' } });
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', canceled_at: expect.any(Number) });
    expect(eventTypes()).toContain('payment_intent.canceled');
    const paid = await paidIntent(stripe, 2000);
    await expect(stripe.paymentIntents.update(paid.id, { amount: 3000 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    await expect(stripe.paymentIntents.update(paid.id, { metadata: { receipt: 'sent' } })).resolves.toMatchObject({ metadata: { receipt: 'sent' } });
    await expect(stripe.paymentIntents.cancel(paid.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('pm_card_createDispute opens a chargeback that withdraws amount and fee; closing it loses it', async () => {
    const intent = await paidIntent(stripe, 5000, 'usd', 'pm_card_createDispute');
    const afterCharge = expandedTransaction(intent).net;
    const [dispute] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
    expect(dispute).toMatchObject({ id: expect.stringMatching(/^du_/), status: 'needs_response', amount: 5000, charge: expandedCharge(intent).id });
    expect(dispute.balance_transactions.map((transaction) => [transaction.type, transaction.reporting_category, transaction.amount, transaction.fee, transaction.net])).toEqual([
      ['adjustment', 'dispute', -5000, 1500, -6500],
    ]);
    expect((await stripe.charges.retrieve(dispute.charge as string)).disputed).toBe(true);
    expect(await usdBalance()).toBe(afterCharge - 6500);
    expect((await stripe.disputes.list({ charge: dispute.charge as string })).data.map((item) => item.id)).toEqual([dispute.id]);

    const closed = await stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    await emulator.idle();
    expect(await usdBalance()).toBe(afterCharge - 6500);
    expect(eventTypes().filter((type) => type.startsWith('charge.dispute'))).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.closed']);
    await expect(stripe.disputes.close(dispute.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({ code: 'charge_disputed' });
  });

  it('winning_evidence wins a chargeback a moment later and reinstates the amount (the dispute fee is kept)', async () => {
    const intent = await paidIntent(stripe, 4000, 'usd', 'pm_card_createDispute');
    const afterCharge = expandedTransaction(intent).net;
    const [dispute] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
    const submitted = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, metadata: { case: 'c-1' } });
    expect(submitted).toMatchObject({ status: 'under_review', metadata: { case: 'c-1' }, evidence: { uncategorized_text: 'winning_evidence' } });
    await emulator.idle();
    const won = await stripe.disputes.retrieve(dispute.id);
    expect(won.status).toBe('won');
    expect(won.balance_transactions.map((transaction) => [transaction.reporting_category, transaction.amount, transaction.fee, transaction.net])).toEqual([
      ['dispute', -4000, 1500, -5500],
      ['dispute_reversal', 4000, 0, 4000],
    ]);
    expect(await usdBalance()).toBe(afterCharge - 1500);
    const disputeEvents = emulator.events().filter((event) => event.type.startsWith('charge.dispute'));
    expect(disputeEvents.map((event) => event.type)).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
    ]);
    expect(disputeEvents[3].data).toMatchObject({ object: { status: 'won' }, previous_attributes: { status: 'under_review' } });
  });

  it('losing_evidence loses a chargeback; other evidence only updates it', async () => {
    const intent = await paidIntent(stripe, 3000, 'usd', 'pm_card_createDispute');
    const [dispute] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
    await stripe.disputes.update(dispute.id, { evidence: { product_description: 'Relief donation' }, submit: false });
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'the donor confirmed' } });
    await emulator.idle();
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('under_review');
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    await emulator.idle();
    const lost = await stripe.disputes.retrieve(dispute.id);
    expect(lost.status).toBe('lost');
    expect(lost.balance_transactions).toHaveLength(1);
    expect(
      eventTypes()
        .filter((type) => type.startsWith('charge.dispute'))
        .slice(2),
    ).toEqual(['charge.dispute.updated', 'charge.dispute.updated', 'charge.dispute.updated', 'charge.dispute.closed']);
  });

  it('pm_card_createDisputeInquiry opens an inquiry that moves no funds, won or closed', async () => {
    for (const settle of ['win', 'close'] as const) {
      const intent = await paidIntent(stripe, 2000, 'usd', 'pm_card_createDisputeInquiry');
      const before = await usdBalance();
      const [inquiry] = (await stripe.disputes.list({ payment_intent: intent.id })).data;
      expect(inquiry).toMatchObject({ status: 'warning_needs_response', balance_transactions: [], is_charge_refundable: true });
      if (settle === 'win') await stripe.disputes.update(inquiry.id, { evidence: { uncategorized_text: 'winning_evidence' } });
      else await stripe.disputes.close(inquiry.id);
      await emulator.idle();
      const settled = await stripe.disputes.retrieve(inquiry.id);
      expect(settled).toMatchObject({ status: 'warning_closed', balance_transactions: [] });
      expect(await usdBalance()).toBe(before);
    }
    expect(eventTypes()).not.toContain('charge.dispute.funds_withdrawn');
    expect(eventTypes()).not.toContain('charge.dispute.funds_reinstated');
    expect(eventTypes().filter((type) => type === 'charge.dispute.closed')).toHaveLength(2);
  });

  it('refunds part of a charge, then the rest, then refuses more', async () => {
    const intent = await paidIntent(stripe, 2500);
    const charge = expandedCharge(intent);
    const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 1000, metadata: { reason_text: 'partial' } });
    expect(first).toMatchObject({ id: expect.stringMatching(/^re_/), status: 'succeeded', amount: 1000, charge: charge.id, payment_intent: intent.id });
    await expect(stripe.refunds.create({ charge: charge.id, amount: 1501 })).rejects.toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(1500);
    const refunded = await stripe.charges.retrieve(charge.id);
    expect(refunded).toMatchObject({ amount_refunded: 2500, refunded: true });
    // Since API version 2022-11-15 a charge lists its refunds only when asked to.
    expect(refunded.refunds).toBeUndefined();
    const withRefunds = await stripe.charges.retrieve(charge.id, { expand: ['refunds'] });
    expect(withRefunds.refunds!.data.map((refund) => refund.id)).toEqual([rest.id, first.id]);
    await expect(stripe.refunds.create({ payment_intent: intent.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    const transactions = await stripe.balanceTransactions.list({ type: 'refund' });
    expect(transactions.data.map((transaction) => [transaction.source, transaction.amount, transaction.fee, transaction.net])).toEqual([
      [rest.id, -1500, 0, -1500],
      [first.id, -1000, 0, -1000],
    ]);
    const chargeRefunded = emulator.events().filter((event) => event.type === 'charge.refunded');
    expect(chargeRefunded.map((event) => (event.data.object as Stripe.Charge).amount_refunded)).toEqual([1000, 2500]);
    expect(eventTypes().filter((type) => type === 'refund.created')).toHaveLength(2);
    const updated = await stripe.refunds.update(first.id, { metadata: { ticket: 't-9' } });
    expect(updated.metadata).toEqual({ reason_text: 'partial', ticket: 't-9' });
    expect(eventTypes().slice(-2)).toEqual(['refund.updated', 'charge.refund.updated']);
    expect((await stripe.refunds.list({ payment_intent: intent.id })).data).toHaveLength(2);
  });

  it('pm_card_refundFail: the refund goes pending, then failed, and the money comes back', async () => {
    const intent = await paidIntent(stripe, 3000, 'usd', 'pm_card_refundFail');
    const before = await usdBalance();
    const refund = await stripe.refunds.create({ payment_intent: intent.id });
    expect(refund.status).toBe('pending');
    await emulator.idle();
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('failed');
    const transactions = (await stripe.balanceTransactions.list({ source: refund.id } as Stripe.BalanceTransactionListParams)).data;
    expect(transactions.map((transaction) => [transaction.type, transaction.amount])).toEqual([
      ['refund_failure', 3000],
      ['refund', -3000],
    ]);
    expect(await usdBalance()).toBe(before);
    expect((await stripe.charges.retrieve(expandedCharge(intent).id)).amount_refunded).toBe(0);
    const refundEvents = emulator.events().filter((event) => event.type.includes('refund'));
    expect(refundEvents.map((event) => event.type)).toEqual(['refund.created', 'charge.refunded', 'refund.updated', 'refund.failed', 'charge.refund.updated']);
    expect(refundEvents[2].data).toMatchObject({ object: { status: 'failed' }, previous_attributes: { status: 'pending' } });
  });
});
