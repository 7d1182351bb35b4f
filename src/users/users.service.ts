import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/errors.js';
import { DomainError } from '../common/domain-error.js';
import { hashPassword, verifyPassword } from './password.js';
import { Role, User } from './user.entity.js';

// Compared against when the email is unknown, so a miss costs the same time as a wrong password.
const DECOY_HASH = hashPassword('decoy password that matches nothing');

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async create(email: string, password: string, role: Role): Promise<User> {
    const user = this.users.create({ email: email.trim().toLowerCase(), passwordHash: await hashPassword(password), role });
    try {
      return await this.users.save(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('conflict', 'email_taken', `email ${user.email} already has an account`);
      throw error;
    }
  }

  /** The user whose email and password match, or null; never says which of the two was wrong. */
  async findByCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findOneBy({ email: email.trim().toLowerCase() });
    const matches = await verifyPassword(user?.passwordHash ?? (await DECOY_HASH), password);
    return user && matches ? user : null;
  }

  /** Creates the first admin when the table is empty; two processes booting at once create one. */
  async ensureFirstAdmin(email: string, password: string): Promise<User | null> {
    if ((await this.users.count()) > 0) return null;
    try {
      return await this.create(email, password, 'admin');
    } catch (error) {
      if (error instanceof DomainError && error.code === 'email_taken') return null;
      throw error;
    }
  }
}
