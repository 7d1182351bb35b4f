import { Injectable } from '@nestjs/common';
import { StaffSessionCheck } from '../auth/staff-sessions.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { type SessionUser, StaffSessionsRepository } from './staff-sessions.repository.js';

/** As long as an access token: a session outlives no token, and no token outlives its session. */
export const SESSION_HOURS = 12;

@Injectable()
export class StaffSessionsService extends StaffSessionCheck {
  constructor(private readonly sessions: StaffSessionsRepository) {
    super();
  }

  async start(userId: string): Promise<string> {
    await this.sessions.pruneOf(userId);
    return this.sessions.start(userId, new Date(Date.now() + SESSION_HOURS * 3600_000));
  }

  current(sessionId: string, userId: string): Promise<SessionUser | null> {
    return this.sessions.liveUser(sessionId, userId);
  }

  end(staff: StaffPrincipal): Promise<void> {
    return this.sessions.end(staff.sessionId);
  }
}
