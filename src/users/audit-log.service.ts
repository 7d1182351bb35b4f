import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StaffPrincipal } from '../auth/token.service.js';
import { type AuditFilter, StaffAuditRepository } from './staff-audit.repository.js';

/** What staff do that the audit log keeps, by target. Stored as text: renaming one changes how old entries read. */
export type AuditAction =
  | 'user.created'
  | 'user.role_changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.deleted'
  | 'user.password_changed'
  | 'campaign.created'
  | 'campaign.edited'
  | 'campaign.published'
  | 'campaign.closed'
  | 'campaign.coordinators_changed'
  | 'update.posted'
  | 'reconciliation.run_started'
  | 'reconciliation.discrepancy_resolved'
  | 'cash_balance.return_requested'
  | 'cash_balance.given'
  | 'donation.tax_receipt_corrected'
  | 'annual_receipts.run_started'
  | 'annual_receipt.reissued'
  | 'organisation.profile_saved'
  | 'donor.merged';

export interface AuditTarget {
  type: 'user' | 'campaign' | 'update' | 'reconciliation_run' | 'discrepancy' | 'cash_balance' | 'donation' | 'annual_receipt_run' | 'annual_receipt' | 'organisation' | 'donor';
  id: string;
}

export interface AuditView {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
}

/** Who did what to staff accounts, campaigns, updates, reconciliations, donors' cash balances, the receipt profile and donor records; read by admins. */
@Injectable()
export class AuditLogService {
  constructor(private readonly entries: StaffAuditRepository) {}

  /** In the caller's transaction when given, so the change and its entry commit together. */
  async record(actor: Pick<StaffPrincipal, 'id' | 'email'>, action: AuditAction, target: AuditTarget, details: Record<string, unknown> = {}, tx?: EntityManager): Promise<void> {
    await this.entries.append({ actorId: actor.id, actorEmail: actor.email, action, targetType: target.type, targetId: target.id, details }, tx);
  }

  list(filter: AuditFilter): Promise<AuditView[]> {
    return this.entries.list(filter);
  }
}
