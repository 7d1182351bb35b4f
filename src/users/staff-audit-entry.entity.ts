import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what to staff accounts, campaigns, updates and reconciliations. The actor's email is copied in so the
 * entry still reads right after the account is deleted.
 */
@Entity({ name: 'staff_audit_log' })
@Index('staff_audit_log_target_idx', ['targetType', 'targetId', 'id'])
export class StaffAuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_email', type: 'text' })
  actorEmail: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType: string;

  @Column({ name: 'target_id', type: 'text' })
  targetId: string;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;
}
