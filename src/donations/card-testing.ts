import type { AppConfig } from '../config/config.schema.js';

/** The card-testing thresholds, from the configuration (README, "Card testing"). */
export interface CardTestingThresholds {
  windowSeconds: number;
  siteDeclines: number;
  declinesPerIp: number;
  declinesPerEmail: number;
  declinesPerCard: number;
  alarmSeconds: number;
  challengeDifficulty: number;
}

export function thresholdsOf(config: AppConfig): CardTestingThresholds {
  return {
    windowSeconds: config.CARD_TESTING_WINDOW_SECONDS,
    siteDeclines: config.CARD_TESTING_SITE_DECLINES,
    declinesPerIp: config.CARD_TESTING_DECLINES_PER_IP,
    declinesPerEmail: config.CARD_TESTING_DECLINES_PER_EMAIL,
    declinesPerCard: config.CARD_TESTING_DECLINES_PER_CARD,
    alarmSeconds: config.CARD_TESTING_ALARM_SECONDS,
    challengeDifficulty: config.CHALLENGE_DIFFICULTY,
  };
}

export type AlarmReason = 'site_declines' | 'card_declines';

export interface AlarmPeriod {
  startedAt: Date;
  until: Date;
}

/**
 * Whether a new decline past a threshold must write the alarm: it is off, or it would end noticeably sooner than a
 * fresh one. During a wave every decline is past the threshold; writing the one alarm row for each would make the
 * webhooks of the wave queue on its lock, so an alarm that still has nearly its whole length is left as it is.
 */
export function alarmNeedsWrite(alarm: AlarmPeriod | null, now: Date, alarmSeconds: number): boolean {
  if (!alarm || alarm.until <= now) return true;
  const slackMs = Math.min(60, alarmSeconds / 10) * 1000;
  return alarm.until.getTime() < now.getTime() + alarmSeconds * 1000 - slackMs;
}

/** Retry-After for an address or email refused for its declines: until the decline that keeps it at the threshold leaves the window. */
export function secondsUntilClear(declinedAt: Date, windowSeconds: number, now: Date): number {
  return Math.max(1, Math.ceil((declinedAt.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
}

/** Enough of an address for staff to tell attackers apart, not enough to name a donor: the last IPv4 octet, or all but the /48 of IPv6. */
export function maskIp(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.x`;
  if (ip.includes(':')) {
    const groups = ip.split('::')[0].split(':').filter(Boolean).slice(0, 3);
    return `${groups.join(':')}::/48`;
  }
  return 'unknown';
}

/** The first letter and the domain: a wave of made-up addresses usually shares a domain or two. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

/** A card's fingerprint is not the card number, but staff need no more of it than to tell cards apart. */
export function maskFingerprint(fingerprint: string): string {
  return fingerprint.length <= 6 ? '••••' : `${fingerprint.slice(0, 4)}…${fingerprint.slice(-2)}`;
}
