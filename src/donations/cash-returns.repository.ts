import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { CashReturnStatus } from './donor-cash-return.entity.js';

export interface CashReturnRow {
  id: string;
  stripe_customer_id: string;
  donor_id: string;
  amount: string;
  currency: string;
  status: CashReturnStatus;
  stripe_refund_id: string | null;
  instructions_email: string | null;
  requested_by: string | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CashReturnListRow extends CashReturnRow {
  email: string;
  name: string | null;
}

/** What Stripe says of a refund of a cash balance. */
export interface RefundFacts {
  refundId: string;
  status: CashReturnStatus;
  amount: number;
  currency: string;
  instructionsEmail: string | null;
  failureReason: string | null;
}

/**
 * Statuses only move forward, so events in any order end in the same place: waiting for Stripe, waiting for the
 * donor's bank account, on its way, then one of the ends.
 */
function rank(status: string): string {
  return `(CASE ${status} WHEN 'requested' THEN 0 WHEN 'requires_action' THEN 1 WHEN 'pending' THEN 2 ELSE 3 END)`;
}

/** Moves a return forward to status $2, keeping the first instructions email ($3) and the latest failure reason ($4). */
const ADVANCE = `status = CASE WHEN ${rank('$2::text')} > ${rank('r.status')} THEN $2::text ELSE r.status END,
       instructions_email = COALESCE(r.instructions_email, $3), failure_reason = COALESCE($4, r.failure_reason), updated_at = now()`;

const advanceParams = (facts: RefundFacts) => [facts.status, facts.instructionsEmail, facts.failureReason];

/** The donor_cash_returns table. */
@Injectable()
export class CashReturnsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async open(customerId: string, tx: EntityManager = this.dataSource.manager): Promise<CashReturnRow | null> {
    const [row]: CashReturnRow[] = await tx.query(
      `SELECT * FROM donor_cash_returns WHERE stripe_customer_id = $1 AND status IN ('requested', 'requires_action', 'pending') ORDER BY created_at DESC LIMIT 1`,
      [customerId],
    );
    return row ?? null;
  }

  async insert(tx: EntityManager, fields: { customerId: string; donorId: string; amount: number; currency: string; email: string; requestedBy: string }): Promise<CashReturnRow> {
    const [row]: CashReturnRow[] = await tx.query(
      `INSERT INTO donor_cash_returns (stripe_customer_id, donor_id, amount, currency, status, instructions_email, requested_by)
       VALUES ($1, $2, $3, $4, 'requested', $5, $6) RETURNING *`,
      [fields.customerId, fields.donorId, fields.amount, fields.currency, fields.email, fields.requestedBy],
    );
    return row;
  }

  /** Stripe would not make the refund: nothing moved. */
  async refuse(id: string, reason: string): Promise<CashReturnRow> {
    const [row] = await updateReturning<CashReturnRow>(
      this.dataSource,
      `UPDATE donor_cash_returns SET status = 'refused', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'requested' RETURNING *`,
      [id, reason],
    );
    return row ?? (await this.get(id));
  }

  async get(id: string): Promise<CashReturnRow> {
    const [row]: CashReturnRow[] = await this.dataSource.query(`SELECT * FROM donor_cash_returns WHERE id = $1`, [id]);
    return row;
  }

  /** Ties a return Kizuna asked for to its Stripe refund (its id in the refund's metadata), moving it forward. */
  async recordOwn(tx: EntityManager, id: string, facts: RefundFacts): Promise<CashReturnRow | null> {
    const [row] = await updateReturning<CashReturnRow>(
      tx,
      `UPDATE donor_cash_returns r SET stripe_refund_id = $5, ${ADVANCE}
        WHERE r.id = $1 AND (r.stripe_refund_id IS NULL OR r.stripe_refund_id = $5) RETURNING *`,
      [id, ...advanceParams(facts), facts.refundId],
    );
    return row ?? null;
  }

  /** A refund of the cash balance Kizuna did not ask for (made in Stripe's dashboard): recorded, or moved forward. */
  async recordForeign(tx: EntityManager, customerId: string, donorId: string, facts: RefundFacts): Promise<void> {
    await tx.query(
      `INSERT INTO donor_cash_returns AS r (stripe_refund_id, status, stripe_customer_id, donor_id, instructions_email, failure_reason, amount, currency)
       VALUES ($5, $2, $1, $6, $3, $4, $7, $8)
       ON CONFLICT (stripe_refund_id) DO UPDATE SET ${ADVANCE}`,
      [customerId, ...advanceParams(facts), facts.refundId, donorId, facts.amount, facts.currency],
    );
  }

  /** The latest returns, newest first, with the donor. */
  list(limit: number): Promise<CashReturnListRow[]> {
    return this.dataSource.query(`SELECT x.*, r.email, r.name FROM donor_cash_returns x JOIN donors r ON r.id = x.donor_id ORDER BY x.created_at DESC, x.id LIMIT $1`, [limit]);
  }
}
