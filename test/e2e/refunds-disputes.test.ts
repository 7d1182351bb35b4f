import { runFinanceScenario, type ScenarioResult } from '../support/finance-scenario.js';
import { startStack } from '../support/stack.js';

/** A dollar campaign on an account that settles in dollars, as a US organisation's: fees at US pricing, no conversion. */
async function scenario(options: { duplicates?: number; shuffle?: boolean }): Promise<ScenarioResult> {
  const stack = await startStack({ ...options, settlementCurrency: 'usd' });
  try {
    return await runFinanceScenario(stack, await stack.app.staffToken('coordinator'));
  } finally {
    await stack.close();
  }
}

describe('refunds and disputes', () => {
  let clean: ScenarioResult;
  beforeAll(async () => {
    clean = await scenario({});
  });

  it('gives the totals a finance person expects', () => {
    // Gross: $100 + $50 + $40 + $10 = $200.00. Refunded: the whole $100. Disputed: the lost $50 (the won $40 came back).
    // Fees: 2.9% + 30¢ on each charge (320 + 175 + 146 + 59 = 700) plus the $15.00 fee of each dispute (2 × 1500) = 3700.
    // Raised: 20000 − 10000 − 5000 = 5000 ($50.00: the won $40 and the kept $10). Net: 20000 − 3700 − 10000 − 5000 = 1300.
    expect(clean.totals).toEqual({
      currency: 'usd',
      goalAmount: 1_000_000,
      grossAmount: 20_000,
      refundedAmount: 10_000,
      disputedAmount: 5_000,
      raisedAmount: 5_000,
      feeAmount: 3_700,
      netAmount: 1_300,
      coveredFeeAmount: 0,
      donationCount: 4,
      donorCount: 4,
      // Card gifts only: no pledge waits.
      pendingAmount: 0,
      pendingCount: 0,
    });
  });

  it('moves each donation to the status its money says', () => {
    expect(clean.statuses).toEqual({ refundedAfterPartial: 'partially_refunded', refunded: 'refunded', lost: 'disputed', won: 'succeeded', kept: 'succeeded' });
  });

  it('writes the same ledger when every webhook comes three times, shuffled', async () => {
    const faulty = await scenario({ duplicates: 3, shuffle: true });
    expect(faulty.ledger).toEqual(clean.ledger);
    expect(faulty.totals).toEqual(clean.totals);
    expect(faulty.statuses.refunded).toBe('refunded');
    expect(faulty.statuses.lost).toBe('disputed');
    expect(faulty.statuses.won).toBe('succeeded');
  }, 120_000);
});
