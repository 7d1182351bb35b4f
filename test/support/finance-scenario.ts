import { Stack, activeCampaign, give } from './stack.js';

export interface ScenarioResult {
  campaignId: string;
  totals: Record<string, number | string>;
  statuses: Record<string, string>;
  /** Ledger rows without Stripe's ids (which differ between runs): kind, account, amount, per donation label. */
  ledger: string[];
}

/**
 * A usd campaign as a finance person sees it: a $100.00 gift refunded in two parts, a $50.00 gift lost
 * to a dispute, a $40.00 gift disputed and won back, and a $10.00 gift that stays. Then the sync.
 */
export async function runFinanceScenario(stack: Stack, coordinator: string): Promise<ScenarioResult> {
  const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', goalAmount: 1_000_000 });
  const refunded = await give(stack, campaignId, { amount: 10_000, currency: 'usd', email: 'refund@example.org' });
  const lost = await give(stack, campaignId, { amount: 5_000, currency: 'usd', email: 'lost@example.org', paymentMethod: 'pm_card_createDispute' });
  const won = await give(stack, campaignId, { amount: 4_000, currency: 'usd', email: 'won@example.org', paymentMethod: 'pm_card_createDispute' });
  const kept = await give(stack, campaignId, { amount: 1_000, currency: 'usd', email: 'kept@example.org' });
  await stack.settled();

  await stack.stripe.refunds.create({ payment_intent: refunded.paymentIntentId, amount: 3_000 });
  await stack.settled();
  const afterPartial = (await stack.app.request('GET', `/api/donations/${refunded.donationId}`, { token: coordinator })).body.status;
  await stack.stripe.refunds.create({ payment_intent: refunded.paymentIntentId });

  const [lostDispute] = (await stack.stripe.disputes.list({ payment_intent: lost.paymentIntentId })).data;
  await stack.stripe.disputes.close(lostDispute.id);
  const [wonDispute] = (await stack.stripe.disputes.list({ payment_intent: won.paymentIntentId })).data;
  await stack.stripe.disputes.update(wonDispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
  await stack.settled();
  await stack.sync();

  const labels = new Map([
    [refunded.donationId, 'refunded'],
    [lost.donationId, 'lost'],
    [won.donationId, 'won'],
    [kept.donationId, 'kept'],
  ]);
  const statuses: Record<string, string> = { refundedAfterPartial: afterPartial };
  for (const [id, label] of labels) statuses[label] = (await stack.app.request('GET', `/api/donations/${id}`, { token: coordinator })).body.status;
  const rows: { donation_id: string; kind: string; account: string; amount: string }[] = await stack.app.sql(
    `SELECT t.donation_id, t.kind, p.account, p.amount FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id WHERE t.campaign_id = $1`,
    [campaignId],
  );
  const ledger = rows.map((r) => `${labels.get(r.donation_id)} ${r.kind} ${r.account} ${r.amount}`).sort();
  const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
  return { campaignId, totals, statuses, ledger };
}
