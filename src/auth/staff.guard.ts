import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthError } from './auth.errors.js';
import type { Role } from './roles.js';
import { StaffPrincipal, TokenService } from './token.service.js';

export const STAFF_ROLES = 'kizuna:staff-roles';

export type StaffRequest = FastifyRequest & { staff?: StaffPrincipal };

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/** 401 without a valid token, 403 when the token's role is not one the route allows. */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[]>(STAFF_ROLES, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<StaffRequest>();
    const token = bearerToken(request);
    if (!token) throw new AuthError('unauthenticated', 'missing_token', 'This route needs a staff access token (Authorization: Bearer …)');
    const staff = this.tokens.verify(token);
    if (!roles.includes(staff.role)) {
      throw new AuthError('forbidden', 'wrong_role', `This route is for ${roles.join(' or ')} accounts`);
    }
    request.staff = staff;
    return true;
  }
}

/** For public routes that show more to staff: the principal when a valid token is sent, else null. */
@Injectable()
export class OptionalStaff {
  constructor(private readonly tokens: TokenService) {}

  from(request: FastifyRequest): StaffPrincipal | null {
    const token = bearerToken(request);
    if (!token) return null;
    try {
      return this.tokens.verify(token);
    } catch {
      return null;
    }
  }
}
