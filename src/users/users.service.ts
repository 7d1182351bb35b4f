import { Injectable } from '@nestjs/common';
import type { Role } from '../auth/roles.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { AuditLogService } from './audit-log.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { StaffSessionsRepository } from './staff-sessions.repository.js';
import type { User } from './user.entity.js';
import { UserError } from './user.errors.js';
import { type AccountChange, UsersRepository } from './users.repository.js';

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
const DECOY_HASH = hashPassword('decoy password that matches nothing');

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly audit: AuditLogService,
  ) {}

  async create(actor: StaffPrincipal, email: string, password: string, role: Role): Promise<User> {
    const address = email.trim().toLowerCase();
    const user = await this.users.insert({ email: address, passwordHash: await hashPassword(password), role });
    if (!user) throw new UserError('conflict', 'email_taken', `email ${address} already has an account`);
    await this.audit.record(actor, 'user.created', { type: 'user', id: user.id }, { email: user.email, role });
    return user;
  }

  /** The user whose email and password match, or null; never says which of the two was wrong. */
  async findByCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findByEmail(email.trim().toLowerCase());
    const matches = await verifyPassword(user?.passwordHash ?? (await DECOY_HASH), password);
    return user && matches ? user : null;
  }

  list(): Promise<User[]> {
    return this.users.list();
  }

  /** Accounts by id (unknown ids are left out), for other modules that show or check staff they refer to. */
  findByIds(ids: string[]): Promise<User[]> {
    return this.users.findByIds(ids);
  }

  /** A role change applies to the next request; disabling ends every session of the account. */
  async change(actor: StaffPrincipal, id: string, change: AccountChange): Promise<User> {
    await this.users.withAdminsLocked(async (tx, activeAdmins) => {
      const user = await this.existing(id);
      const losesAdmin = user.role === 'admin' && user.disabledAt === null && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true);
      if (losesAdmin) this.keepAnAdmin(actor, user, activeAdmins);
      await this.users.change(tx, id, change);
      if (change.disabled === true) await this.sessions.endAllOf(id, undefined, tx);
      if (change.role !== undefined && change.role !== user.role) {
        await this.audit.record(actor, 'user.role_changed', { type: 'user', id }, { email: user.email, from: user.role, to: change.role }, tx);
      }
      if (change.disabled !== undefined && change.disabled !== (user.disabledAt !== null)) {
        await this.audit.record(actor, change.disabled ? 'user.disabled' : 'user.enabled', { type: 'user', id }, { email: user.email }, tx);
      }
    });
    return this.existing(id);
  }

  /** Deleting an account ends its sessions and its campaign assignments (the rows go with it). */
  async delete(actor: StaffPrincipal, id: string): Promise<void> {
    await this.users.withAdminsLocked(async (tx, activeAdmins) => {
      const user = await this.existing(id);
      if (user.id === actor.id) throw new UserError('conflict', 'own_account', 'You cannot delete your own account; another admin can');
      if (user.role === 'admin' && user.disabledAt === null) this.keepAnAdmin(actor, user, activeAdmins);
      await this.users.delete(tx, id);
      await this.audit.record(actor, 'user.deleted', { type: 'user', id }, { email: user.email, role: user.role }, tx);
    });
  }

  /** Needs the current password; ends the account's other sessions, so a stolen token stops working. */
  setLanguage(id: string, language: 'ja' | 'en'): Promise<void> {
    return this.users.setLanguage(id, language);
  }

  async changePassword(actor: StaffPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.existing(actor.id);
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new UserError('invalid', 'wrong_password', 'currentPassword is not this account’s password');
    }
    await this.users.setPassword(user.id, await hashPassword(newPassword));
    await this.sessions.endAllOf(user.id, actor.sessionId);
    await this.audit.record(actor, 'user.password_changed', { type: 'user', id: user.id }, { email: user.email });
  }

  /** Creates the first admin when the table is empty; two processes booting at once create one. */
  async ensureFirstAdmin(email: string, password: string): Promise<User | null> {
    if ((await this.users.count()) > 0) return null;
    return this.users.insert({ email: email.trim().toLowerCase(), passwordHash: await hashPassword(password), role: 'admin' });
  }

  private async existing(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new UserError('not_found', 'user_not_found', `user ${id} was not found`);
    return user;
  }

  private keepAnAdmin(actor: StaffPrincipal, user: User, activeAdmins: User[]): void {
    if (user.id === actor.id) throw new UserError('conflict', 'own_account', 'You cannot disable or demote your own account; another admin can');
    if (activeAdmins.every((admin) => admin.id === user.id)) {
      throw new UserError('conflict', 'last_admin', 'This is the last active admin account; make another admin first');
    }
  }
}
