import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { Discrepancy } from './matcher.js';

export interface RunRow {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  period_from: Date | null;
  period_to: Date | null;
  matched_count: number;
  discrepancy_count: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface DiscrepancyRow {
  id: string;
  kind: Discrepancy['kind'];
  stripe_object_id: string | null;
  ledger_reference: string | null;
  currency: string | null;
  expected: string | null;
  actual: string | null;
  resolved_at: Date | null;
  resolution_note: string | null;
}

/** reconciliation_runs, reconciliation_discrepancies and the append-only reconciliation_audit_log. */
@Injectable()
export class ReconciliationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertRun(tx: EntityManager, from: Date | null, to: Date | null, requestedBy: string): Promise<string> {
    const [{ id }] = await tx.query(`INSERT INTO reconciliation_runs (period_from, period_to, requested_by) VALUES ($1, $2, $3) RETURNING id`, [from, to, requestedBy]);
    return id;
  }

  /** Marks a queued (or interrupted) run running; undefined when it has finished. */
  async claimRun(runId: string): Promise<{ period_from: Date | null; period_to: Date | null } | undefined> {
    const [claimed] = await updateReturning<{ period_from: Date | null; period_to: Date | null }>(
      this.dataSource,
      `UPDATE reconciliation_runs SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running') RETURNING period_from, period_to`,
      [runId],
    );
    return claimed;
  }

  /** Replaces a run's answer: discrepancies nobody has acted on go, the new ones come, the run completes. */
  async complete(tx: EntityManager, runId: string, matched: number, discrepancies: Discrepancy[]): Promise<void> {
    await tx.query(`DELETE FROM reconciliation_discrepancies d WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM reconciliation_audit_log a WHERE a.discrepancy_id = d.id)`, [runId]);
    for (const d of discrepancies) {
      await tx.query(
        `INSERT INTO reconciliation_discrepancies (run_id, kind, stripe_object_id, ledger_reference, currency, expected, actual) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [runId, d.kind, d.stripeObjectId, d.ledgerReference, d.currency, d.expected, d.actual],
      );
    }
    await tx.query(`UPDATE reconciliation_runs SET status = 'completed', matched_count = $2, discrepancy_count = $3, finished_at = now(), error = NULL WHERE id = $1`, [
      runId,
      matched,
      discrepancies.length,
    ]);
  }

  async fail(runId: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE reconciliation_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [runId, error]);
  }

  async run(runId: string): Promise<RunRow | undefined> {
    const [run] = await this.dataSource.query(`SELECT * FROM reconciliation_runs WHERE id = $1`, [runId]);
    return run;
  }

  discrepancies(runId: string): Promise<DiscrepancyRow[]> {
    return this.dataSource.query(`SELECT * FROM reconciliation_discrepancies WHERE run_id = $1 ORDER BY kind, stripe_object_id NULLS LAST, id`, [runId]);
  }

  /** Resolves a discrepancy unless it was; 'missing' when there is none with that id. */
  async resolve(tx: EntityManager, discrepancyId: string, actor: { id: string; email: string }, note: string): Promise<'resolved' | 'already' | 'missing'> {
    const [row] = await updateReturning(
      tx,
      `UPDATE reconciliation_discrepancies SET resolved_at = now(), resolved_by = $2, resolution_note = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING id`,
      [discrepancyId, actor.id, note],
    );
    if (!row) {
      const exists = await tx.query(`SELECT 1 FROM reconciliation_discrepancies WHERE id = $1`, [discrepancyId]);
      return exists.length ? 'already' : 'missing';
    }
    await tx.query(`INSERT INTO reconciliation_audit_log (discrepancy_id, actor_id, actor_email, action, note) VALUES ($1, $2, $3, 'resolved', $4)`, [
      discrepancyId,
      actor.id,
      actor.email,
      note,
    ]);
    return 'resolved';
  }

  auditLog(discrepancyId: string): Promise<{ actor_email: string; action: string; note: string; at: Date }[]> {
    return this.dataSource.query(`SELECT actor_email, action, note, at FROM reconciliation_audit_log WHERE discrepancy_id = $1 ORDER BY id`, [discrepancyId]);
  }
}
