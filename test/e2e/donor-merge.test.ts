import { Stack, activeCampaign, give, startStack } from '../support/stack.js';

describe('merging two donor records of one person', () => {
  let stack: Stack;
  let finance: string;
  let coordinator: string;
  let campaignA: string;
  let campaignB: string;
  beforeAll(async () => {
    stack = await startStack();
    finance = await stack.app.staffToken('finance');
    coordinator = await stack.app.staffToken('coordinator');
    campaignA = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    campaignB = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
  });
  afterAll(() => stack.close());

  const lookUp = (email: string) => stack.app.request('GET', `/api/finance/donors?email=${encodeURIComponent(email)}`, { token: finance });
  const merge = (fromDonorId: string, intoDonorId: string, token = finance) =>
    stack.app.request('POST', '/api/finance/donors/merge', { token, body: { fromDonorId, intoDonorId } });
  const donorCount = async (campaignId: string) => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: finance })).body.donorCount;
  const pledge = (email: string) =>
    stack.app.request('POST', `/api/campaigns/${campaignA}/donations`, { body: { amount: 3000, currency: 'jpy', email, name: '山田花子', paymentMethod: 'bank_transfer' } });

  it('moves every gift to the kept record, keeps the donor counts right, audits it, and sends later gifts there', async () => {
    const gifts = [
      await give(stack, campaignA, { amount: 3000, currency: 'jpy', email: 'hanako.old@example.jp', name: '山田花子' }),
      await give(stack, campaignB, { amount: 5000, currency: 'jpy', email: 'hanako.old@example.jp' }),
      await give(stack, campaignA, { amount: 1000, currency: 'jpy', email: 'Hanako@Example.jp' }),
    ];
    await stack.settled();
    expect([await donorCount(campaignA), await donorCount(campaignB)]).toEqual([2, 1]);
    const from = (await lookUp('hanako.old@example.jp')).body;
    const into = (await lookUp('HANAKO@example.jp')).body;
    expect(from).toMatchObject({ email: 'hanako.old@example.jp', name: '山田花子', donationCount: 2, mergedInto: null });
    expect(into).toMatchObject({ email: 'hanako@example.jp', name: null, donationCount: 1 });

    const merged = await merge(from.id, into.id);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ movedDonations: 2, donor: { id: into.id, email: 'hanako@example.jp', name: '山田花子', donationCount: 3 } });
    expect([await donorCount(campaignA), await donorCount(campaignB)]).toEqual([1, 1]);
    for (const gift of gifts) expect((await stack.app.request('GET', `/api/donations/${gift.donationId}`, { token: finance })).body.email).toBe('hanako@example.jp');
    expect((await lookUp('hanako.old@example.jp')).body).toMatchObject({ mergedInto: into.id, donationCount: 0 });

    const admin = await stack.app.login();
    const audit = await stack.app.request('GET', `/api/audit-log?targetType=donor&targetId=${into.id}`, { token: admin });
    expect(audit.body[0]).toMatchObject({ action: 'donor.merged', details: { fromDonorId: from.id, movedDonations: 2 } });

    const later = await give(stack, campaignB, { amount: 2000, currency: 'jpy', email: 'hanako.old@example.jp' });
    await stack.settled();
    expect((await stack.app.request('GET', `/api/donations/${later.donationId}`, { token: finance })).body.email).toBe('hanako@example.jp');
    expect(await donorCount(campaignB)).toBe(1);
    // Merged away, the record cannot be merged again.
    expect((await merge(from.id, into.id)).body.code).toBe('donor_not_found');
  });

  it('hands the Stripe customer over when only the merged-away record has one, and refuses when both have one', async () => {
    expect((await pledge('transfer.one@example.jp')).status).toBe(201);
    const withCustomer = (await lookUp('transfer.one@example.jp')).body;
    expect(withCustomer.hasStripeCustomer).toBe(true);
    await give(stack, campaignA, { amount: 1000, currency: 'jpy', email: 'transfer.kept@example.jp' });
    const kept = (await lookUp('transfer.kept@example.jp')).body;
    expect(kept.hasStripeCustomer).toBe(false);
    const merged = await merge(withCustomer.id, kept.id);
    expect(merged.body.donor).toMatchObject({ hasStripeCustomer: true, donationCount: 2 });
    // The donor's next transfer reuses that customer, on the kept record.
    expect((await pledge('transfer.kept@example.jp')).status).toBe(201);

    expect((await pledge('transfer.two@example.jp')).status).toBe(201);
    const other = (await lookUp('transfer.two@example.jp')).body;
    const refused = await merge(other.id, kept.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('both_have_stripe_customers');
    expect((await lookUp('transfer.two@example.jp')).body).toMatchObject({ mergedInto: null, donationCount: 1 });
  });

  it('answers 404 for an unknown id, 400 for the same id twice or a bad id, and 403 to a coordinator', async () => {
    await give(stack, campaignA, { amount: 1000, currency: 'jpy', email: 'someone@example.jp' });
    const someone = (await lookUp('someone@example.jp')).body;
    const unknown = await merge('00000000-0000-4000-8000-000000000000', someone.id);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('donor_not_found');
    const same = await merge(someone.id, someone.id);
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('same_donor');
    expect((await merge('not-a-uuid', someone.id)).body.code).toBe('validation_failed');
    expect((await merge(someone.id, someone.id, coordinator)).status).toBe(403);
    expect((await lookUp('nobody@example.jp')).body.code).toBe('donor_not_found');
    expect((await stack.app.request('GET', '/api/finance/donors?email=someone@example.jp', { token: coordinator })).status).toBe(403);
  });
});
