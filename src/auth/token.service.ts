import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthError } from './auth.errors.js';
import type { Role } from './roles.js';

export interface StaffPrincipal {
  id: string;
  email: string;
  role: Role;
}

interface Claims {
  sub: string;
  email: string;
  role: Role;
}

/** Staff access tokens: HS256 JWTs carrying the user's id, email and role. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(principal: StaffPrincipal): string {
    return this.jwt.sign({ sub: principal.id, email: principal.email, role: principal.role } satisfies Claims);
  }

  verify(token: string): StaffPrincipal {
    try {
      const claims = this.jwt.verify<Claims>(token);
      return { id: claims.sub, email: claims.email, role: claims.role };
    } catch {
      throw new AuthError('unauthenticated', 'invalid_token', 'The access token is missing, invalid or expired');
    }
  }
}
