import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work written in the transaction that caused it; the relay moves unfinished rows into BullMQ (jobId = outbox id)
 * and a row is finished only when its job completes or fails for good.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unfinished_idx', ['id'], { where: 'completed_at IS NULL AND failed_at IS NULL' })
@Index('outbox_batch_idx', ['batchJob', 'id'], { where: 'completed_at IS NULL AND failed_at IS NULL AND batch_job IS NOT NULL' })
export class OutboxEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'enqueued_at', type: 'timestamptz', nullable: true })
  enqueuedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Set on the job's final failure, with the error, so staff can see it. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Set by the relay for a row whose work is done in batches (BATCHED_BY): the batch job that takes it. */
  @Column({ name: 'batch_job', type: 'text', nullable: true })
  batchJob: string | null;
}
