import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import type { Role } from '../auth/roles.js';
import { isUniqueViolation } from '../database/errors.js';
import { User } from './user.entity.js';

export interface AccountChange {
  role?: Role;
  disabled?: boolean;
}

/** The users table: staff accounts. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Inserts an account; null when the email already has one. */
  async insert(fields: Pick<User, 'email' | 'passwordHash' | 'role'>): Promise<User | null> {
    try {
      return await this.users.save(this.users.create(fields));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.findBy({ id: In(ids) });
  }

  list(): Promise<User[]> {
    return this.users.find({ order: { email: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /**
   * Runs `work` with every admin row locked, so two admins demoting or disabling each other at once cannot leave
   * the organisation without an active admin.
   */
  withAdminsLocked<T>(work: (tx: EntityManager, activeAdmins: User[]) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      const admins = await tx.getRepository(User).find({ where: { role: 'admin' }, lock: { mode: 'pessimistic_write' } });
      return work(
        tx,
        admins.filter((admin) => admin.disabledAt === null),
      );
    });
  }

  async change(tx: EntityManager, id: string, change: AccountChange): Promise<void> {
    const fields: Partial<User> = {};
    if (change.role !== undefined) fields.role = change.role;
    if (change.disabled !== undefined) fields.disabledAt = change.disabled ? new Date() : null;
    await tx.getRepository(User).update({ id }, fields);
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(User).delete({ id });
  }

  async setLanguage(id: string, language: 'ja' | 'en'): Promise<void> {
    await this.users.update({ id }, { language });
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash, passwordChangedAt: new Date() });
  }
}
