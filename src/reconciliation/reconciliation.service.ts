import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ReconciliationError } from './reconciliation.errors.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { type Discrepancy, matchPeriod } from './matcher.js';
import { MatcherRepository } from './matcher.repository.js';
import { ReconciliationRepository } from './reconciliation.repository.js';
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
    private readonly runs: ReconciliationRepository,
    private readonly matcher: MatcherRepository,
    private readonly outbox: OutboxService,
    private readonly sync: StripeSyncService,
  ) {}

  async start(from: Date | undefined, to: Date | undefined, staff: StaffPrincipal): Promise<string> {
    if (from && to && from >= to) throw new ReconciliationError('invalid', 'bad_period', 'from must be before to');
    return this.dataSource.transaction(async (tx) => {
      const id = await this.runs.insertRun(tx, from ?? null, to ?? null, staff.id);
      await this.outbox.add(tx, { name: JobName.ReconcileRun, payload: { runId: id } });
      return id;
    });
  }

  /** Syncs the period from Stripe, matches it, and stores the answer; a rerun of a run replaces its answer. */
  async execute(runId: string): Promise<void> {
    const claimed = await this.runs.claimRun(runId);
    if (!claimed) return;
    const period = { from: claimed.period_from ?? BEGINNING, to: claimed.period_to ?? new Date() };
    try {
      await this.sync.sync({ createdGte: Math.floor(period.from.getTime() / 1000), createdLt: Math.ceil(period.to.getTime() / 1000) + 1 });
      const result = await matchPeriod(this.matcher, period);
      await this.dataSource.transaction((tx) => this.runs.complete(tx, runId, result.matched, result.discrepancies));
    } catch (error) {
      this.logger.error({ runId, error: (error as Error).message }, 'reconciliation run failed');
      await this.runs.fail(runId, (error as Error).message.slice(0, 2000));
    }
  }

  async view(runId: string): Promise<RunView> {
    const run = isUuid(runId) ? await this.runs.run(runId) : undefined;
    if (!run) throw new ReconciliationError('not_found', 'run_not_found', `reconciliation run ${runId} was not found`);
    const rows = await this.runs.discrepancies(runId);
    return {
      id: run.id,
      status: run.status,
      from: run.period_from,
      to: run.period_to,
      matchedCount: run.matched_count,
      discrepancyCount: run.discrepancy_count,
      error: run.error,
      createdAt: run.created_at,
      finishedAt: run.finished_at,
      discrepancies: rows.map((d) => ({
        id: d.id,
        kind: d.kind,
        stripeObjectId: d.stripe_object_id,
        ledgerReference: d.ledger_reference,
        currency: d.currency?.trim() ?? null,
        expected: d.expected ?? '',
        actual: d.actual ?? '',
        resolvedAt: d.resolved_at,
        resolutionNote: d.resolution_note,
      })),
    };
  }

  /** Marks a discrepancy resolved, with the note kept in the append-only audit log. */
  async resolve(discrepancyId: string, note: string, staff: StaffPrincipal): Promise<void> {
    if (!isUuid(discrepancyId)) throw new ReconciliationError('not_found', 'discrepancy_not_found', `discrepancy ${discrepancyId} was not found`);
    const outcome = await this.dataSource.transaction((tx) => this.runs.resolve(tx, discrepancyId, staff, note));
    if (outcome === 'missing') throw new ReconciliationError('not_found', 'discrepancy_not_found', `discrepancy ${discrepancyId} was not found`);
    if (outcome === 'already') throw new ReconciliationError('conflict', 'already_resolved', `discrepancy ${discrepancyId} is already resolved`);
  }

  async auditLog(discrepancyId: string): Promise<{ actorEmail: string; action: string; note: string; at: Date }[]> {
    if (!isUuid(discrepancyId)) return [];
    const rows = await this.runs.auditLog(discrepancyId);
    return rows.map((r) => ({ actorEmail: r.actor_email, action: r.action, note: r.note, at: r.at }));
  }
}
