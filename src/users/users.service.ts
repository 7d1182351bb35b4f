import { Injectable } from '@nestjs/common';
import type { Role } from '../auth/roles.js';
import { hashPassword, verifyPassword } from './password.js';
import type { User } from './user.entity.js';
import { UserError } from './user.errors.js';
import { UsersRepository } from './users.repository.js';

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
const DECOY_HASH = hashPassword('decoy password that matches nothing');

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async create(email: string, password: string, role: Role): Promise<User> {
    const address = email.trim().toLowerCase();
    const user = await this.users.insert({ email: address, passwordHash: await hashPassword(password), role });
    if (!user) throw new UserError('conflict', 'email_taken', `email ${address} already has an account`);
    return user;
  }

  /** The user whose email and password match, or null; never says which of the two was wrong. */
  async findByCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findByEmail(email.trim().toLowerCase());
    const matches = await verifyPassword(user?.passwordHash ?? (await DECOY_HASH), password);
    return user && matches ? user : null;
  }

  /** Creates the first admin when the table is empty; two processes booting at once create one. */
  async ensureFirstAdmin(email: string, password: string): Promise<User | null> {
    if ((await this.users.count()) > 0) return null;
    return this.users.insert({ email: email.trim().toLowerCase(), passwordHash: await hashPassword(password), role: 'admin' });
  }
}
