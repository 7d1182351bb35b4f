import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlarmPeriod, AlarmReason } from './card-testing.js';

export interface DeclineRecord {
  declineKey: string;
  paymentIntentId: string;
  donationId: string;
  donorId: string;
  clientIp: string | null;
  cardFingerprint: string | null;
  declinedAt: Date;
}

export interface StoredAlarm extends AlarmPeriod {
  reason: AlarmReason;
  on: boolean;
}

/** Who is refused for their declines: the decline that keeps them at the threshold, which sets when it clears. */
export interface DeclineRefusal {
  kind: 'ip' | 'email';
  declinedAt: Date;
}

export interface Offender {
  value: string;
  declines: number;
}

const SITE = 'site';

/** The card_declines and card_testing_alarms tables (and donors, to count declines per donor email). */
@Injectable()
export class CardDeclinesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records a decline once; false when it was already recorded. */
  async insert(tx: EntityManager, d: DeclineRecord): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO card_declines (decline_key, payment_intent_id, donation_id, donor_id, client_ip, card_fingerprint, declined_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (decline_key) DO NOTHING RETURNING decline_key`,
      [d.declineKey, d.paymentIntentId, d.donationId, d.donorId, d.clientIp, d.cardFingerprint, d.declinedAt],
    );
    return rows.length > 0;
  }

  /** Whether there are at least `threshold` declines in the window, site-wide or of one card; reads at most `threshold` rows. */
  async reaches(tx: EntityManager, of: { card?: string }, windowSeconds: number, threshold: number): Promise<boolean> {
    const [row]: { n: number }[] = await tx.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM card_declines
          WHERE declined_at > now() - make_interval(secs => $1) AND ($2::text IS NULL OR card_fingerprint = $2)
          LIMIT $3) s`,
      [windowSeconds, of.card ?? null, threshold],
    );
    return row.n >= threshold;
  }

  /**
   * The refusals of a new donation: for the address and for the email, the decline that is the Nth newest in the
   * window (N the threshold), which exists only when they have reached it.
   */
  async refusals(ip: string, email: string, windowSeconds: number, perIp: number, perEmail: number): Promise<DeclineRefusal[]> {
    const rows: { kind: 'ip' | 'email'; declined_at: Date }[] = await this.dataSource.query(
      `(SELECT 'ip' AS kind, declined_at FROM card_declines
         WHERE client_ip = $1 AND declined_at > now() - make_interval(secs => $3)
         ORDER BY declined_at DESC OFFSET $4 - 1 LIMIT 1)
       UNION ALL
       (SELECT 'email' AS kind, c.declined_at FROM card_declines c JOIN donors r ON r.id = c.donor_id
         WHERE r.email = lower(btrim($2)) AND c.declined_at > now() - make_interval(secs => $3)
         ORDER BY c.declined_at DESC OFFSET $5 - 1 LIMIT 1)`,
      [ip, email, windowSeconds, perIp, perEmail],
    );
    return rows.map((r) => ({ kind: r.kind, declinedAt: r.declined_at }));
  }

  /** The site's alarm, whether on or over, or null when it never went off. */
  async alarm(db: Pick<EntityManager, 'query'> = this.dataSource.manager): Promise<StoredAlarm | null> {
    const [row]: { started_at: Date; until: Date; reason: AlarmReason; is_on: boolean }[] = await db.query(
      `SELECT started_at, until, reason, until > now() AS is_on FROM card_testing_alarms WHERE scope = $1`,
      [SITE],
    );
    return row ? { startedAt: row.started_at, until: row.until, reason: row.reason, on: row.is_on } : null;
  }

  /** Turns the alarm on, or keeps it on longer; a new episode starts only once the last one is over. */
  async raiseAlarm(tx: EntityManager, reason: AlarmReason, alarmSeconds: number): Promise<void> {
    await tx.query(
      `INSERT INTO card_testing_alarms (scope, started_at, until, reason) VALUES ($1, now(), now() + make_interval(secs => $2), $3)
       ON CONFLICT (scope) DO UPDATE SET
         started_at = CASE WHEN card_testing_alarms.until <= now() THEN EXCLUDED.started_at ELSE card_testing_alarms.started_at END,
         until = GREATEST(card_testing_alarms.until, EXCLUDED.until),
         reason = EXCLUDED.reason`,
      [SITE, alarmSeconds, reason],
    );
  }

  async siteDeclines(windowSeconds: number): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM card_declines WHERE declined_at > now() - make_interval(secs => $1)`, [
      windowSeconds,
    ]);
    return row.n;
  }

  /** The addresses, donor emails and cards with the most declines in the window, most first. */
  async topOffenders(windowSeconds: number, limit: number): Promise<{ ips: Offender[]; emails: Offender[]; cards: Offender[] }> {
    const top = (sql: string): Promise<Offender[]> => this.dataSource.query(sql, [windowSeconds, limit]);
    const recent = `declined_at > now() - make_interval(secs => $1)`;
    const [ips, emails, cards] = await Promise.all([
      top(`SELECT client_ip AS value, count(*)::int AS declines FROM card_declines WHERE ${recent} AND client_ip IS NOT NULL
            GROUP BY client_ip ORDER BY declines DESC, value LIMIT $2`),
      top(`SELECT r.email AS value, count(*)::int AS declines FROM card_declines c JOIN donors r ON r.id = c.donor_id WHERE c.${recent}
            GROUP BY r.email ORDER BY declines DESC, value LIMIT $2`),
      top(`SELECT card_fingerprint AS value, count(*)::int AS declines FROM card_declines WHERE ${recent} AND card_fingerprint IS NOT NULL
            GROUP BY card_fingerprint ORDER BY declines DESC, value LIMIT $2`),
    ]);
    return { ips, emails, cards };
  }
}
