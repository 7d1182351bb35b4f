import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The card-testing alarm of a scope (only 'site' today): on from startedAt while `until` is in the future. */
@Entity({ name: 'card_testing_alarms' })
export class CardTestingAlarm {
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz' })
  until: Date;

  /** What turned it on last: 'site_declines' or 'card_declines'. */
  @Column({ type: 'text' })
  reason: string;
}
