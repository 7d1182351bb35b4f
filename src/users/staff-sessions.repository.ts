import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Not, Repository } from 'typeorm';
import type { Role } from '../auth/roles.js';
import { StaffSession } from './staff-session.entity.js';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

/** The staff_sessions table: one row per login. */
@Injectable()
export class StaffSessionsRepository {
  constructor(@InjectRepository(StaffSession) private readonly sessions: Repository<StaffSession>) {}

  async start(userId: string, expiresAt: Date): Promise<string> {
    const session = await this.sessions.save(this.sessions.create({ userId, expiresAt, endedAt: null }));
    return session.id;
  }

  /** One indexed lookup per staff request: the session is live and its account enabled. */
  async liveUser(sessionId: string, userId: string): Promise<SessionUser | null> {
    const rows: SessionUser[] = await this.sessions.query(
      `SELECT u.id, u.email, u.role FROM staff_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [sessionId, userId],
    );
    return rows[0] ?? null;
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, endedAt: IsNull() }, { endedAt: new Date() });
  }

  /** Ends every live session of a user, except one (the one changing its own password) when given. */
  async endAllOf(userId: string, keep?: string, tx?: EntityManager): Promise<void> {
    const repository = tx ? tx.getRepository(StaffSession) : this.sessions;
    await repository.update({ userId, endedAt: IsNull(), ...(keep ? { id: Not(keep) } : {}) }, { endedAt: new Date() });
  }

  /** A user's sessions that ended or expired over a day ago are of no more use; cleared at each login. */
  async pruneOf(userId: string): Promise<void> {
    await this.sessions.query(`DELETE FROM staff_sessions WHERE user_id = $1 AND coalesce(ended_at, expires_at) < now() - interval '1 day'`, [userId]);
  }
}
