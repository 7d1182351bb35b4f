import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Gap-free receipt numbers: one row per year, incremented in the transaction that issues the receipt. */
@Entity({ name: 'receipt_counters' })
export class ReceiptCounter {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'last_number', type: 'integer', default: 0 })
  lastNumber: number;
}
