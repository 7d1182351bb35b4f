import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { StaffAuditEntry } from './staff-audit-entry.entity.js';

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  /** Entries older than this id, for paging back. */
  before?: string;
  limit: number;
}

/** The staff_audit_log table: append-only. */
@Injectable()
export class StaffAuditRepository {
  constructor(@InjectRepository(StaffAuditEntry) private readonly entries: Repository<StaffAuditEntry>) {}

  async append(entry: Omit<StaffAuditEntry, 'id' | 'at'>, tx?: EntityManager): Promise<void> {
    const repository = tx ? tx.getRepository(StaffAuditEntry) : this.entries;
    await repository.save(repository.create(entry));
  }

  list(filter: AuditFilter): Promise<StaffAuditEntry[]> {
    const where: FindOptionsWhere<StaffAuditEntry> = {};
    if (filter.targetType) where.targetType = filter.targetType;
    if (filter.targetId) where.targetId = filter.targetId;
    if (filter.before) where.id = LessThan(filter.before);
    return this.entries.find({ where, order: { id: 'DESC' }, take: filter.limit });
  }
}
