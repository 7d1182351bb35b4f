import { Inject, Injectable } from '@nestjs/common';
import type { Challenge } from 'altcha-lib';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { CardDeclinesRepository } from './card-declines.repository.js';
import { alarmNeedsWrite, type CardTestingThresholds, maskEmail, maskFingerprint, maskIp, secondsUntilClear, thresholdsOf } from './card-testing.js';
import type { Donation } from './donation.entity.js';
import { DonationError } from './donation.errors.js';
import { DonationChallengeService } from './donation-challenge.service.js';
import type { CardTestingReport, ChallengeResponse } from './dto/card-testing.dto.js';

/** What a `payment_intent.payment_failed` webhook tells about one declined attempt. */
export interface DeclineFacts {
  /** The failed charge's id, or the event's when Stripe made no charge: a redelivery has the same one. */
  declineKey: string;
  paymentIntentId: string;
  cardFingerprint: string | null;
  declinedAt: Date;
}

const TOP_OFFENDERS = 10;

/**
 * The card-testing defence. Declines are counted per address, per donor email, per card and over the site, in
 * PostgreSQL in the transaction that applies the webhook (so the event inbox makes each count once). An address or
 * email past its threshold may start no donation until its declines age out of the window; the site, or one card, past its
 * threshold turns the alarm on, and while it lasts a donation needs a solved proof-of-work challenge. Real donors
 * pay a second of their browser's time; a card tester pays it for every card.
 */
@Injectable()
export class CardTestingService {
  private readonly thresholds: CardTestingThresholds;

  constructor(
    private readonly declines: CardDeclinesRepository,
    private readonly challenges: DonationChallengeService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.thresholds = thresholdsOf(config);
  }

  /** In the transaction that applies the webhook: records the decline once and turns the alarm on when a threshold is passed. */
  async recordDecline(tx: EntityManager, donation: Donation, facts: DeclineFacts): Promise<void> {
    const recorded = await this.declines.insert(tx, {
      ...facts,
      donationId: donation.id,
      donorId: donation.donorId,
      clientIp: donation.clientIp,
    });
    if (!recorded) return;
    const t = this.thresholds;
    if (!alarmNeedsWrite(await this.declines.alarm(tx), new Date(), t.alarmSeconds)) return;
    if (await this.declines.reaches(tx, {}, t.windowSeconds, t.siteDeclines)) {
      await this.declines.raiseAlarm(tx, 'site_declines', t.alarmSeconds);
    } else if (facts.cardFingerprint && (await this.declines.reaches(tx, { card: facts.cardFingerprint }, t.windowSeconds, t.declinesPerCard))) {
      // A card can only be refused where it is typed, at Stripe: the challenge makes each further try cost work.
      await this.declines.raiseAlarm(tx, 'card_declines', t.alarmSeconds);
    }
  }

  /** Before a new donation is recorded: refuses an address or email with too many declines, and asks for the challenge while the alarm is on. */
  async admit(clientIp: string | undefined, email: string, challenge: string | undefined): Promise<void> {
    const t = this.thresholds;
    const [refusals, alarm] = await Promise.all([this.declines.refusals(clientIp ?? '', email, t.windowSeconds, t.declinesPerIp, t.declinesPerEmail), this.declines.alarm()]);
    if (refusals.length) {
      const now = new Date();
      const retryAfter = Math.max(...refusals.map((r) => secondsUntilClear(r.declinedAt, t.windowSeconds, now)));
      const error = new DonationError('rate_limited', 'too_many_declines', `Too many declined cards from this address or for this email; wait ${retryAfter} seconds and try again`);
      error.retryAfterSeconds = retryAfter;
      throw error;
    }
    if (alarm?.on) await this.challenges.redeem(challenge);
  }

  /** What the donation form asks before sending: whether a challenge is needed now, and one to solve if so. */
  async challenge(): Promise<ChallengeResponse> {
    const alarm = await this.declines.alarm();
    if (!alarm?.on) return { required: false };
    const challenge: Challenge = await this.challenges.create();
    return { required: true, challenge };
  }

  /** For staff: the alarm and the numbers behind it, with addresses, emails and cards masked. */
  async report(): Promise<CardTestingReport> {
    const t = this.thresholds;
    const [alarm, siteDeclines, top] = await Promise.all([
      this.declines.alarm(),
      this.declines.siteDeclines(t.windowSeconds),
      this.declines.topOffenders(t.windowSeconds, TOP_OFFENDERS),
    ]);
    return {
      alarm: {
        on: alarm?.on ?? false,
        since: alarm?.startedAt.toISOString() ?? null,
        until: alarm?.until.toISOString() ?? null,
        reason: alarm?.reason ?? null,
      },
      siteDeclines,
      thresholds: {
        windowSeconds: t.windowSeconds,
        siteDeclines: t.siteDeclines,
        declinesPerIp: t.declinesPerIp,
        declinesPerEmail: t.declinesPerEmail,
        declinesPerCard: t.declinesPerCard,
        alarmSeconds: t.alarmSeconds,
        challengeDifficulty: t.challengeDifficulty,
      },
      topIps: top.ips.map((o) => ({ value: maskIp(o.value), declines: o.declines, overThreshold: o.declines >= t.declinesPerIp })),
      topEmails: top.emails.map((o) => ({ value: maskEmail(o.value), declines: o.declines, overThreshold: o.declines >= t.declinesPerEmail })),
      topCards: top.cards.map((o) => ({ value: maskFingerprint(o.value), declines: o.declines, overThreshold: o.declines >= t.declinesPerCard })),
    };
  }
}
