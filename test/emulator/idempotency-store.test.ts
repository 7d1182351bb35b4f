import { StripeApiError } from '../../tools/stripe-emulator/errors.js';
import { IdempotencyStore } from '../../tools/stripe-emulator/idempotency.js';

const DAY = 24 * 3600;

describe('IdempotencyStore on the emulator clock', () => {
  let now = 1_800_000_000;
  const store = new IdempotencyStore(() => now);
  const saved = { status: 200, body: '{"id":"pi_1"}', requestId: 'req_first' };

  it('replays a key for 24 hours of emulator time, then forgets it', () => {
    store.save('sk_test_a', 'gift-1', 'POST /v1/payment_intents', { amount: '1000' }, saved);
    now += DAY - 1;
    expect(store.replay('sk_test_a', 'gift-1', 'POST /v1/payment_intents', { amount: '1000' })).toEqual(saved);
    now += 1;
    expect(store.replay('sk_test_a', 'gift-1', 'POST /v1/payment_intents', { amount: '1000' })).toBeUndefined();
  });

  it('lets an expired key be used again with other parameters, and keeps it another day', () => {
    store.save('sk_test_a', 'gift-2', 'POST /v1/payment_intents', { amount: '1000' }, saved);
    expect(() => store.replay('sk_test_a', 'gift-2', 'POST /v1/payment_intents', { amount: '2000' })).toThrow(StripeApiError);
    now += DAY;
    expect(store.replay('sk_test_a', 'gift-2', 'POST /v1/payment_intents', { amount: '2000' })).toBeUndefined();
    const second = { ...saved, requestId: 'req_second' };
    store.save('sk_test_a', 'gift-2', 'POST /v1/payment_intents', { amount: '2000' }, second);
    now += DAY - 1;
    expect(store.replay('sk_test_a', 'gift-2', 'POST /v1/payment_intents', { amount: '2000' })).toEqual(second);
  });
});
