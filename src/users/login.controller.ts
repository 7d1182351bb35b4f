import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
  @ApiTooManyRequestsResponse({ type: ErrorResponse, description: 'More than 10 attempts a minute from one IP for one email' })
  async login(@Body() body: LoginRequest, @Req() request: FastifyRequest): Promise<LoginResponse> {
    await this.limiter.consume(request.ip, body.email);
    const user = await this.users.findByCredentials(body.email, body.password);
    if (!user) throw new UserError('unauthenticated', 'invalid_credentials', 'Invalid email or password');
    const principal = { id: user.id, email: user.email, role: user.role };
    return { accessToken: this.tokens.issue(principal), user: principal };
  }
}
