import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';
import { LedgerTransaction } from './ledger-transaction.entity.js';

/** A signed amount on one account (debit positive, credit negative); a transaction's postings sum to zero per currency. */
@Entity({ name: 'ledger_postings' })
export class LedgerPosting {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('ledger_postings_transaction_id_idx')
  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId: string;

  @ManyToOne(() => LedgerTransaction, { nullable: false })
  @JoinColumn({ name: 'transaction_id', foreignKeyConstraintName: 'ledger_postings_transaction_id_fkey' })
  transaction?: LedgerTransaction;

  @Column({ type: 'text' })
  account: string;

  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;
}
