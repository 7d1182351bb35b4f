import { alarmNeedsWrite, maskEmail, maskFingerprint, maskIp, secondsUntilClear } from '../../src/donations/card-testing.js';

const at = (iso: string) => new Date(iso);

describe('the card-testing alarm', () => {
  const now = at('2026-03-11T05:46:00Z');
  it('is written when off, over, or ending noticeably sooner than a fresh one would', () => {
    expect(alarmNeedsWrite(null, now, 3600)).toBe(true);
    expect(alarmNeedsWrite({ startedAt: at('2026-03-11T03:00:00Z'), until: at('2026-03-11T04:00:00Z') }, now, 3600)).toBe(true);
    expect(alarmNeedsWrite({ startedAt: at('2026-03-11T05:00:00Z'), until: at('2026-03-11T06:00:00Z') }, now, 3600)).toBe(true);
  });

  it('is left alone during a wave while it still has nearly its whole length (a minute at most short)', () => {
    expect(alarmNeedsWrite({ startedAt: now, until: at('2026-03-11T06:45:30Z') }, now, 3600)).toBe(false);
    expect(alarmNeedsWrite({ startedAt: now, until: at('2026-03-11T06:44:30Z') }, now, 3600)).toBe(true);
    // A short alarm allows a tenth of its length.
    expect(alarmNeedsWrite({ startedAt: now, until: at('2026-03-11T05:46:55Z') }, now, 60)).toBe(false);
  });
});

describe('Retry-After for an address or email refused for its declines', () => {
  it('lasts until the decline that keeps it at the threshold leaves the window, one second at least', () => {
    expect(secondsUntilClear(at('2026-03-11T05:40:00Z'), 600, at('2026-03-11T05:46:00Z'))).toBe(240);
    expect(secondsUntilClear(at('2026-03-11T05:40:00Z'), 600, at('2026-03-11T05:49:59.500Z'))).toBe(1);
    expect(secondsUntilClear(at('2026-03-11T05:30:00Z'), 600, at('2026-03-11T05:46:00Z'))).toBe(1);
  });
});

describe('what staff see of addresses, emails and cards', () => {
  it('keeps the network of an address, not the host', () => {
    expect(maskIp('198.51.100.23')).toBe('198.51.100.x');
    expect(maskIp('::ffff:203.0.113.9')).toBe('203.0.113.x');
    expect(maskIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::/48');
    expect(maskIp('2001:db8::1')).toBe('2001:db8::/48');
    expect(maskIp('not an address')).toBe('unknown');
  });

  it('keeps the first letter and the domain of an email', () => {
    expect(maskEmail('hanako@example.jp')).toBe('h•••@example.jp');
    expect(maskEmail('nobody')).toBe('•••');
  });

  it('keeps a few characters of a card fingerprint', () => {
    expect(maskFingerprint('Xt5EWLLDS7FJjR1c')).toBe('Xt5E…1c');
    expect(maskFingerprint('short')).toBe('••••');
  });
});
