import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenService } from '../auth/token.service.js';
import { UserError } from './user.errors.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { LoginRequest, LoginResponse } from './dto/login.dto.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { UsersService } from './users.service.js';

@ApiTags('auth')
@Controller('api/auth')
export class LoginController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in as staff and get an access token' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Wrong email or password (never says which)' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description:
      'Too many failed logins for this account (from any address), for this account from this address, or from this address; the delay doubles with each further failure. Retry-After says how many seconds to wait',
  })
  async login(@Body() body: LoginRequest, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    // Refused before the password is hashed: argon2 is what an attacker would make us spend.
    const check = await this.limiter.check(request.ip, body.email);
    if (check.refused) {
      void reply.header('retry-after', String(check.retryAfterSeconds));
      throw new UserError('rate_limited', 'too_many_logins', `Too many login attempts; wait ${check.retryAfterSeconds} seconds and try again`);
    }
    const user = await this.users.findByCredentials(body.email, body.password);
    if (!user) throw new UserError('unauthenticated', 'invalid_credentials', 'Invalid email or password');
    await check.succeeded();
    const principal = { id: user.id, email: user.email, role: user.role };
    return { accessToken: this.tokens.issue(principal), user: principal };
  }
}
