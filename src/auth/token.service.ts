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
}

interface Claims {
  sub: string;
  email: string;
  role: Role;
}

/** Staff access tokens: HS256 JWTs carrying the user's id, email and role. */
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
    return this.jwt.sign({ sub: principal.id, email: principal.email, role: principal.role } satisfies Claims, { secret: this.keys.signing });
  }

  verify(token: string): StaffPrincipal {
    const claims = this.keys.verifying.map((secret) => this.claims(token, secret)).find((found) => found !== undefined);
    if (!claims) throw new AuthError('unauthenticated', 'invalid_token', 'The access token is missing, invalid or expired');
    return { id: claims.sub, email: claims.email, role: claims.role };
  }

  private claims(token: string, secret: Buffer): Claims | undefined {
    try {
      return this.jwt.verify<Claims>(token, { secret });
    } catch {
      return undefined;
    }
  }
}
