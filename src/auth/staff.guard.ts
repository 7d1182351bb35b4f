import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthError } from './auth.errors.js';
import type { Role } from './roles.js';
import { StaffSessionCheck } from './staff-sessions.js';
import { StaffPrincipal, TokenService } from './token.service.js';

export const STAFF_ROLES = 'kizuna:staff-roles';

export type StaffRequest = FastifyRequest & { staff?: StaffPrincipal };

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/**
 * Turns a token into the staff member as they are now: a valid signature, a session that has not ended, and an
 * account that is neither disabled nor deleted. The role is read from the account, so a role change applies at once.
 */
@Injectable()
export class StaffAuthenticator {
  private sessions?: StaffSessionCheck;

  constructor(
    private readonly tokens: TokenService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async authenticate(token: string): Promise<StaffPrincipal> {
    const claimed = this.tokens.verify(token);
    this.sessions ??= this.moduleRef.get(StaffSessionCheck, { strict: false });
    const current = await this.sessions.current(claimed.sessionId, claimed.id);
    if (!current) throw new AuthError('unauthenticated', 'session_ended', 'This session has ended (logged out, or the account was disabled or deleted); log in again');
    return { ...current, sessionId: claimed.sessionId };
  }
}

/** 401 without a valid token or live session, 403 when the account's role is not one the route allows. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: StaffAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<Role[]>(STAFF_ROLES, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token = bearerToken(request);
    if (!token) throw new AuthError('unauthenticated', 'missing_token', 'This route needs a staff access token (Authorization: Bearer …)');
    const staff = await this.authenticator.authenticate(token);
    if (!roles.includes(staff.role)) {
      throw new AuthError('forbidden', 'wrong_role', `This route is for ${roles.join(' or ')} accounts`);
    }
    request.staff = staff;
    return true;
  }
}

/** For public routes that show more to staff: the principal when a valid token of a live session is sent, else null. */
@Injectable()
export class OptionalStaff {
  constructor(private readonly authenticator: StaffAuthenticator) {}

  async from(request: FastifyRequest): Promise<StaffPrincipal | null> {
    const token = bearerToken(request);
    if (!token) return null;
    try {
      return await this.authenticator.authenticate(token);
    } catch {
      return null;
    }
  }
}
