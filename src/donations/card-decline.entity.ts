import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One declined payment attempt on a donation, recorded from its `payment_intent.payment_failed` webhook. The key
 * is the failed charge (the event id when Stripe made none), so a redelivery or a second event about the same
 * attempt never counts twice; the card-testing defence counts these over a sliding window.
 */
@Entity({ name: 'card_declines' })
@Index('card_declines_client_ip_idx', ['clientIp', 'declinedAt'])
@Index('card_declines_donor_id_idx', ['donorId', 'declinedAt'])
@Index('card_declines_card_fingerprint_idx', ['cardFingerprint', 'declinedAt'])
export class CardDecline {
  @PrimaryColumn({ name: 'decline_key', type: 'text' })
  declineKey: string;

  @Column({ name: 'payment_intent_id', type: 'text' })
  paymentIntentId: string;

  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @Column({ name: 'donor_id', type: 'uuid' })
  donorId: string;

  /** The address the donation was started from (null for donations made before it was recorded). */
  @Column({ name: 'client_ip', type: 'text', nullable: true })
  clientIp: string | null;

  /** Stripe's fingerprint of the card: the same card number gives the same one, whoever types it. */
  @Column({ name: 'card_fingerprint', type: 'text', nullable: true })
  cardFingerprint: string | null;

  /** When Stripe declined it (the event's time), so a late delivery does not count as a fresh decline. */
  @Index('card_declines_declined_at_idx')
  @Column({ name: 'declined_at', type: 'timestamptz' })
  declinedAt: Date;
}
