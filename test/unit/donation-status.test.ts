import { deriveStatus } from '../../src/donations/donation-status.js';

describe('donation status from the ledger', () => {
  const balances = (charged: number, refunded = 0, disputed = 0) => ({ charged, refunded, disputed });

  it('stays pending until a charge is posted, and keeps a failed attempt failed', () => {
    expect(deriveStatus(balances(0), 'pending')).toBe('pending');
    expect(deriveStatus(balances(0), 'failed')).toBe('failed');
  });

  it('keeps a pledge awaiting payment or expired until a charge is posted, and a paid pledge succeeds', () => {
    expect(deriveStatus(balances(0), 'awaiting_payment')).toBe('awaiting_payment');
    expect(deriveStatus(balances(0), 'expired')).toBe('expired');
    expect(deriveStatus(balances(3000), 'awaiting_payment')).toBe('succeeded');
  });

  it('follows refunds and disputes', () => {
    expect(deriveStatus(balances(5000), 'failed')).toBe('succeeded');
    expect(deriveStatus(balances(5000, 3000), 'succeeded')).toBe('partially_refunded');
    expect(deriveStatus(balances(5000, 5000), 'partially_refunded')).toBe('refunded');
    expect(deriveStatus(balances(5000, 0, 5000), 'succeeded')).toBe('disputed');
    expect(deriveStatus(balances(5000, 0, 0), 'disputed')).toBe('succeeded');
  });
});
