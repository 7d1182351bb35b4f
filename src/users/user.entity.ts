import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../auth/roles.js';

@Entity({ name: 'users' })
@Check('users_role_check', `role IN ('admin', 'coordinator', 'finance')`)
@Check('users_email_lower_check', 'email = lower(email)')
@Check('users_language_check', `language IN ('ja', 'en')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lowercased, so the unique index is case-insensitive. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** A disabled account cannot log in, and its sessions were ended when it was disabled. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** The staff pages' language the account chose; null until it chooses, when the browser's preference decides. */
  @Column({ type: 'text', nullable: true })
  language: 'ja' | 'en' | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;
}
