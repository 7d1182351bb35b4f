import type { StaffPrincipal } from './token.service.js';

/**
 * Whether a token's session is still live, and who its user is now (current role, not the one in the token).
 * The users module, which owns accounts and sessions, provides it; auth sits below users and only knows this shape.
 */
export abstract class StaffSessionCheck {
  /** The user as they are now, or null when the session ended, expired, or the account is disabled or gone. */
  abstract current(sessionId: string, userId: string): Promise<Omit<StaffPrincipal, 'sessionId'> | null>;
}
