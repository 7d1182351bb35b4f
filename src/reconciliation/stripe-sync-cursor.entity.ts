import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far each Stripe list the sync mirrors has been read, so the next pass asks only for what is newer. */
@Entity({ name: 'stripe_sync_cursors' })
export class StripeSyncCursor {
  @PrimaryColumn({ type: 'text' })
  name: string;

  /** Stripe's `created[gte]`, in Unix seconds; a bigint, which pg returns as a string. */
  @Column({ name: 'created_gte', type: 'bigint', default: 0 })
  createdGte: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
