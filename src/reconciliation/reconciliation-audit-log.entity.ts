import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ReconciliationDiscrepancy } from './reconciliation-discrepancy.entity.js';

/** Who resolved what and when; append-only (a trigger refuses UPDATE and DELETE). */
@Entity({ name: 'reconciliation_audit_log' })
export class ReconciliationAuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'discrepancy_id', type: 'uuid' })
  discrepancyId: string;

  @ManyToOne(() => ReconciliationDiscrepancy, { nullable: false })
  @JoinColumn({ name: 'discrepancy_id', foreignKeyConstraintName: 'reconciliation_audit_log_discrepancy_id_fkey' })
  discrepancy?: ReconciliationDiscrepancy;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @Column({ name: 'actor_email', type: 'text' })
  actorEmail: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
