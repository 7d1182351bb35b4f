import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type PurposeKeys, purposeKeys } from '../common/purpose-keys.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { AuthError } from './auth.errors.js';
import type { Role } from './roles.js';

export interface StaffPrincipal {
  id: string;
  email: string;
  role: Role;
  /** The login this token belongs to; a logout ends it. */
  sessionId: string;
}

interface Claims {
  sub: string;
  sid: string;
  email: string;
  role: Role;
}

/**
 * Staff access tokens: HS256 JWTs naming the user and the session, with the email and role for the pages to show.
 * A valid signature is not enough: StaffAuthenticator also checks the session and the account on every request.
 */
@Injectable()
export class TokenService {
  private readonly keys: PurposeKeys;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.keys = purposeKeys(config, 'staff-token');
  }

  issue(principal: StaffPrincipal): string {
    const claims: Claims = { sub: principal.id, sid: principal.sessionId, email: principal.email, role: principal.role };
    return this.jwt.sign(claims, { secret: this.keys.signing });
  }

  verify(token: string): StaffPrincipal {
    const claims = this.keys.verifying.map((secret) => this.claims(token, secret)).find((found) => found !== undefined);
    if (!claims?.sid) throw new AuthError('unauthenticated', 'invalid_token', 'The access token is missing, invalid or expired');
    return { id: claims.sub, email: claims.email, role: claims.role, sessionId: claims.sid };
  }

  private claims(token: string, secret: Buffer): Claims | undefined {
    try {
      return this.jwt.verify<Claims>(token, { secret });
    } catch {
      return undefined;
    }
  }
}
