import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Period {
  from: Date;
  to: Date;
}

export interface LinkedTransactionRow {
  id: string;
  type: string;
  source: string | null;
  amount: string;
  fee: string;
  currency: string;
  ledger_id: string | null;
  ledger_currency: string | null;
  ledger_amount: string | null;
  ledger_fee: string | null;
}

export interface UnlinkedLedgerRow {
  id: string;
  kind: string;
  stripe_object_id: string;
  currency: string;
}

export interface PayoutSumRow {
  id: string;
  amount: string;
  currency: string;
  /** Stripe itemises an automatic payout (balance_transactions?payout=); a manual one is matched with the ledger instead. */
  automatic: boolean;
  paid_out: string | null;
  ledger_id: string | null;
  ledger_amount: string | null;
}

// The balance transactions the matcher pairs with the ledger (reconciliation_ledger_links_v says how).
const MATCHED_TYPES = `(bt.type IN ('charge', 'payment', 'refund', 'refund_failure', 'payout', 'payout_failure') OR (bt.type = 'adjustment' AND (bt.source LIKE 'du\\_%' OR bt.source LIKE 'dp\\_%')))`;

/** The matcher's reads: the Stripe mirror beside the ledger's published views, over a period. */
@Injectable()
export class MatcherRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  balanceTransactions(period: Period): Promise<LinkedTransactionRow[]> {
    return this.dataSource.query(
      `SELECT bt.id, bt.type, bt.source, bt.amount, bt.fee, bt.currency, l.ledger_transaction_id AS ledger_id,
              l.ledger_currency, l.ledger_amount, l.ledger_fee
         FROM stripe_balance_transactions bt JOIN reconciliation_ledger_links_v l ON l.balance_transaction_id = bt.id
        WHERE bt.stripe_created_at >= $1 AND bt.stripe_created_at < $2 AND ${MATCHED_TYPES}
        ORDER BY bt.stripe_created_at, bt.id`,
      [period.from, period.to],
    );
  }

  /** Ledger transactions that should have a Stripe counterpart in the mirror and have none. */
  ledgerWithoutStripe(period: Period): Promise<UnlinkedLedgerRow[]> {
    return this.dataSource.query(
      `SELECT lt.id, lt.kind, lt.stripe_object_id, lt.currency
         FROM ledger_transactions_v lt
        WHERE lt.occurred_at >= $1 AND lt.occurred_at < $2 AND lt.kind IN ('charge', 'refund', 'refund_failure', 'dispute', 'payout', 'payout_failure', 'fee', 'settlement')
          AND NOT EXISTS (SELECT 1 FROM reconciliation_ledger_links_v l
                           WHERE l.ledger_transaction_id = lt.id OR l.fee_transaction_id = lt.id OR l.settlement_transaction_id = lt.id)`,
      [period.from, period.to],
    );
  }

  /** Each paid payout of the period with the net of what it paid out, and its own ledger payout (what left the balance). */
  payoutSums(period: Period): Promise<PayoutSumRow[]> {
    return this.dataSource.query(
      `SELECT p.id, p.amount, p.currency, COALESCE((p.raw->>'automatic')::boolean, true) AS automatic,
              (SELECT sum(i.net) FROM reconciliation_payout_items_v i WHERE i.payout_id = p.id) AS paid_out,
              lt.id AS ledger_id, -lt.balance_amount AS ledger_amount
         FROM stripe_payouts p
         LEFT JOIN ledger_transactions_v lt ON lt.kind = 'payout' AND lt.stripe_object_id = p.id
        WHERE p.status = 'paid' AND p.stripe_created_at >= $1 AND p.stripe_created_at < $2`,
      [period.from, period.to],
    );
  }
}
