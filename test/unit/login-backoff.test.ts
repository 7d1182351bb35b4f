import { backoffSeconds } from '../../src/users/login-rate-limiter.js';

describe('the delay after failed logins', () => {
  const backoff = { free: 10, baseSeconds: 60, maxSeconds: 900 };

  it('is none before the allowance is used up', () => {
    expect([1, 5, 9].map((n) => backoffSeconds(n, backoff))).toEqual([0, 0, 0]);
  });

  it('starts at the base at the last allowed failure and doubles with each further one', () => {
    expect([10, 11, 12, 13].map((n) => backoffSeconds(n, backoff))).toEqual([60, 120, 240, 480]);
  });

  it('never goes past the cap, however many failures', () => {
    expect([14, 15, 40, 1_000_000].map((n) => backoffSeconds(n, backoff))).toEqual([900, 900, 900, 900]);
  });

  it('holds the cap when the cap is below the base', () => {
    expect(backoffSeconds(3, { free: 1, baseSeconds: 60, maxSeconds: 30 })).toBe(30);
  });
});
