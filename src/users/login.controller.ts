import { Body, Controller, HttpCode, Inject, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import { ROLES } from '../auth/roles.js';
import { type StaffPrincipal, TokenService } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { LoginRequest, LoginResponse, StaffLanguageRequest } from './dto/login.dto.js';
import { ChangePasswordRequest } from './dto/manage-users.dto.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { SESSION_HOURS, StaffSessionsService } from './staff-sessions.service.js';
import { UserError } from './user.errors.js';
import { UsersService } from './users.service.js';

/** Bull Board (src/queue/bull-board.ts) reads an admin's token from this cookie; scripts never see it. */
const QUEUES_COOKIE = 'kizuna_token';
const QUEUES_PATH = '/admin/queues';

@ApiTags('auth')
@Controller('api/auth')
export class LoginController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly users: UsersService,
    private readonly sessions: StaffSessionsService,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secureCookies = config.PUBLIC_BASE_URL.startsWith('https:');
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in as staff and get an access token; an admin also gets the HttpOnly cookie Bull Board reads' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Wrong email or password (never says which), or a disabled account' })
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
    if (user.disabledAt) throw new UserError('unauthenticated', 'account_disabled', 'This account is disabled; ask an admin');
    const principal = { id: user.id, email: user.email, role: user.role, sessionId: await this.sessions.start(user.id) };
    const accessToken = this.tokens.issue(principal);
    if (user.role === 'admin') void reply.header('set-cookie', this.queuesCookie(accessToken, SESSION_HOURS * 3600));
    return { accessToken, user: { id: user.id, email: user.email, role: user.role, language: user.language } };
  }

  @Post('logout')
  @HttpCode(204)
  @Staff(...ROLES)
  @ApiOperation({ summary: 'End this session: the token used stops working at once' })
  @ApiNoContentResponse()
  async logout(@CurrentStaff() staff: StaffPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.end(staff);
    void reply.header('set-cookie', this.queuesCookie('', 0));
  }

  @Patch('language')
  @HttpCode(204)
  @Staff(...ROLES)
  @ApiOperation({ summary: "Choose the staff pages' language for your own account; the login answers it, on any device" })
  @ApiNoContentResponse()
  async setLanguage(@Body() body: StaffLanguageRequest, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.users.setLanguage(staff.id, body.language);
  }

  @Post('password')
  @HttpCode(204)
  @Staff(...ROLES)
  @ApiOperation({ summary: "Change your own password; the account's other sessions end" })
  @ApiNoContentResponse()
  async changePassword(@Body() body: ChangePasswordRequest, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.users.changePassword(staff, body.currentPassword, body.newPassword);
  }

  private queuesCookie(value: string, maxAgeSeconds: number): string {
    const secure = this.secureCookies ? '; Secure' : '';
    return `${QUEUES_COOKIE}=${encodeURIComponent(value)}; Path=${QUEUES_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
  }
}
