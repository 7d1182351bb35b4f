import { pathOnly, redact } from '../../src/common/logger.js';

describe('what the logger takes out of every line', () => {
  it('replaces e-mail addresses, tokens in query strings, credentials and Stripe secrets', () => {
    expect(redact('550 5.1.1 <Hanako.Yamada+relief@example.jp>: recipient rejected')).toBe('550 5.1.1 <[email]>: recipient rejected');
    expect(redact('GET /unsubscribe?donor=0b7e&token=abc_DEF-123 failed')).toBe('GET /unsubscribe?donor=0b7e&token=[redacted] failed');
    expect(redact('/api/donations/1/status?token=xyz')).toBe('/api/donations/1/status?token=[redacted]');
    expect(redact('authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl')).toBe('authorization: Bearer [redacted]');
    expect(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij in a message')).toBe('token [jwt] in a message');
    expect(redact('pi_123_secret_456 and sk_live_abc and whsec_xyz')).toBe('[stripe-secret] and [stripe-secret] and [stripe-secret]');
    expect(redact('campaign earthquake-tohoku-2026 closed at 12:00')).toBe('campaign earthquake-tohoku-2026 closed at 12:00');
  });

  it('logs a path without its query string', () => {
    expect(pathOnly('/unsubscribe?donor=1&token=2')).toBe('/unsubscribe');
    expect(pathOnly('/api/donations/1/status?token=2#x')).toBe('/api/donations/1/status');
    expect(pathOnly('/staff')).toBe('/staff');
  });
});
