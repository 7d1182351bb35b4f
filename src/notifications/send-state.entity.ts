import { Column } from 'typeorm';

/**
 * How a document's one email went, the same on every table that mails once (receipts, annual receipts, pledge
 * emails, update deliveries): embedded in each entity, its columns sit on that table unprefixed.
 */
export class SendState {
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** While a sender mails it, nobody else sends it until then; a sender that died lets the claim lapse. */
  @Column({ name: 'send_claimed_until', type: 'timestamptz', nullable: true })
  sendClaimedUntil: Date | null;

  /** Mail attempts that failed; the last error says why. */
  @Column({ name: 'send_attempts', type: 'integer', default: 0 })
  sendAttempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Every retry of several days was spent: the mail sweep or an admin sends it again. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;
}
