import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/token.service.js';
import { DomainError } from '../common/domain-error.js';
import { updateReturning } from '../database/update-returning.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { matchPeriod, type Discrepancy } from './matcher.js';
import { StripeSyncService } from './stripe-sync.service.js';
import { isUuid } from '../common/uuid.js';

// A run without `to` ends now; without `from` it starts when Stripe could have anything.
const BEGINNING = new Date('2000-01-01T00:00:00Z');

export interface RunView {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  from: Date | null;
  to: Date | null;
  matchedCount: number;
  discrepancyCount: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  discrepancies: (Discrepancy & { id: string; resolvedAt: Date | null; resolutionNote: string | null })[];
}

@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('ReconciliationService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sync: StripeSyncService,
  ) {}

  async start(from: Date | undefined, to: Date | undefined, staff: StaffPrincipal): Promise<string> {
    if (from && to && from >= to) throw new DomainError('invalid', 'bad_period', 'from must be before to');
    return this.dataSource.transaction(async (tx) => {
      const [{ id }] = await tx.query(`INSERT INTO reconciliation_runs (period_from, period_to, requested_by) VALUES ($1, $2, $3) RETURNING id`, [from ?? null, to ?? null, staff.id]);
      await this.outbox.add(tx, { name: JobName.ReconcileRun, payload: { runId: id } });
      return id as string;
    });
  }

  /** Syncs the period from Stripe, matches it, and stores the answer; a rerun of a run replaces its answer. */
  async execute(runId: string): Promise<void> {
    const [claimed] = await updateReturning<{ period_from: Date | null; period_to: Date | null }>(
      this.dataSource, `UPDATE reconciliation_runs SET status = 'running' WHERE id = $1 AND status IN ('queued', 'running') RETURNING period_from, period_to`, [runId],
    );
    if (!claimed) return;
    const period = { from: claimed.period_from ?? BEGINNING, to: claimed.period_to ?? new Date() };
    try {
      await this.sync.sync({ createdGte: Math.floor(period.from.getTime() / 1000), createdLt: Math.ceil(period.to.getTime() / 1000) + 1 });
      const result = await matchPeriod(this.dataSource, period);
      await this.dataSource.transaction(async (tx) => {
        await tx.query(`DELETE FROM reconciliation_discrepancies d WHERE run_id = $1 AND NOT EXISTS (SELECT 1 FROM reconciliation_audit_log a WHERE a.discrepancy_id = d.id)`, [runId]);
        for (const d of result.discrepancies) {
          await tx.query(
            `INSERT INTO reconciliation_discrepancies (run_id, kind, stripe_object_id, ledger_reference, currency, expected, actual) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [runId, d.kind, d.stripeObjectId, d.ledgerReference, d.currency, d.expected, d.actual],
          );
        }
        await tx.query(
          `UPDATE reconciliation_runs SET status = 'completed', matched_count = $2, discrepancy_count = $3, finished_at = now(), error = NULL WHERE id = $1`,
          [runId, result.matched, result.discrepancies.length],
        );
      });
    } catch (error) {
      this.logger.error({ runId, error: (error as Error).message }, 'reconciliation run failed');
      await this.dataSource.query(`UPDATE reconciliation_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [runId, (error as Error).message.slice(0, 2000)]);
    }
  }

  async view(runId: string): Promise<RunView> {
    const [run] = isUuid(runId) ? await this.dataSource.query(`SELECT * FROM reconciliation_runs WHERE id = $1`, [runId]) : [];
    if (!run) throw new DomainError('not_found', 'run_not_found', `reconciliation run ${runId} was not found`);
    const rows = await this.dataSource.query(`SELECT * FROM reconciliation_discrepancies WHERE run_id = $1 ORDER BY kind, stripe_object_id`, [runId]);
    return {
      id: run.id, status: run.status, from: run.period_from, to: run.period_to, matchedCount: run.matched_count, discrepancyCount: run.discrepancy_count,
      error: run.error, createdAt: run.created_at, finishedAt: run.finished_at,
      discrepancies: rows.map((d: Record<string, string | null>) => ({
        id: d.id!, kind: d.kind as Discrepancy['kind'], stripeObjectId: d.stripe_object_id, ledgerReference: d.ledger_reference,
        currency: d.currency?.trim() ?? null, expected: d.expected ?? '', actual: d.actual ?? '',
        resolvedAt: d.resolved_at as unknown as Date | null, resolutionNote: d.resolution_note,
      })),
    };
  }

  /** Marks a discrepancy resolved, with the note kept in the append-only audit log. */
  async resolve(discrepancyId: string, note: string, staff: StaffPrincipal): Promise<void> {
    if (!isUuid(discrepancyId)) throw new DomainError('not_found', 'discrepancy_not_found', `discrepancy ${discrepancyId} was not found`);
    await this.dataSource.transaction(async (tx) => {
      const [row] = await updateReturning(
        tx,
        `UPDATE reconciliation_discrepancies SET resolved_at = now(), resolved_by = $2, resolution_note = $3 WHERE id = $1 AND resolved_at IS NULL RETURNING id`,
        [discrepancyId, staff.id, note],
      );
      if (!row) {
        const exists = await tx.query(`SELECT 1 FROM reconciliation_discrepancies WHERE id = $1`, [discrepancyId]);
        if (!exists.length) throw new DomainError('not_found', 'discrepancy_not_found', `discrepancy ${discrepancyId} was not found`);
        throw new DomainError('conflict', 'already_resolved', `discrepancy ${discrepancyId} is already resolved`);
      }
      await tx.query(`INSERT INTO reconciliation_audit_log (discrepancy_id, actor_id, actor_email, action, note) VALUES ($1, $2, $3, 'resolved', $4)`, [
        discrepancyId, staff.id, staff.email, note,
      ]);
    });
  }

  async auditLog(discrepancyId: string): Promise<{ actorEmail: string; action: string; note: string; at: Date }[]> {
    if (!isUuid(discrepancyId)) return [];
    const rows = await this.dataSource.query(`SELECT actor_email, action, note, at FROM reconciliation_audit_log WHERE discrepancy_id = $1 ORDER BY id`, [discrepancyId]);
    return rows.map((r: { actor_email: string; action: string; note: string; at: Date }) => ({ actorEmail: r.actor_email, action: r.action, note: r.note, at: r.at }));
  }
}
