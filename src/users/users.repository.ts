import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../database/errors.js';
import { User } from './user.entity.js';

/** The users table: staff accounts. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

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

  count(): Promise<number> {
    return this.users.count();
  }
}
