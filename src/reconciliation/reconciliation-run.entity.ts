import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

const RECONCILIATION_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ReconciliationRunStatus = (typeof RECONCILIATION_RUN_STATUSES)[number];

/** One reconciliation of a period, requested by a staff member and run by the worker. */
@Entity({ name: 'reconciliation_runs' })
@Check('reconciliation_runs_status_check', `status IN ('queued', 'running', 'completed', 'failed')`)
export class ReconciliationRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', default: 'queued' })
  status: ReconciliationRunStatus;

  @Column({ name: 'period_from', type: 'timestamptz', nullable: true })
  periodFrom: Date | null;

  @Column({ name: 'period_to', type: 'timestamptz', nullable: true })
  periodTo: Date | null;

  /** The staff user who asked for the run. */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'matched_count', type: 'integer', default: 0 })
  matchedCount: number;

  @Column({ name: 'discrepancy_count', type: 'integer', default: 0 })
  discrepancyCount: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
