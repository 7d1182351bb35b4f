import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ReconciliationRun } from './reconciliation-run.entity.js';

/** What a run found not to match, with what was expected and what was found; staff resolve it with a note. */
@Entity({ name: 'reconciliation_discrepancies' })
export class ReconciliationDiscrepancy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('reconciliation_discrepancies_run_id_idx')
  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @ManyToOne(() => ReconciliationRun, { nullable: false })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'reconciliation_discrepancies_run_id_fkey' })
  run?: ReconciliationRun;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'stripe_object_id', type: 'text', nullable: true })
  stripeObjectId: string | null;

  @Column({ name: 'ledger_reference', type: 'text', nullable: true })
  ledgerReference: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency: string | null;

  @Column({ type: 'text', nullable: true })
  expected: string | null;

  @Column({ type: 'text', nullable: true })
  actual: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;
}
