import { Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { LoginController } from './login.controller.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { RateLimitsModule } from '../redis/rate-limits.js';
import { StaffSessionCheck } from '../auth/staff-sessions.js';
import { AuditLogService } from './audit-log.service.js';
import { StaffAuditEntry } from './staff-audit-entry.entity.js';
import { StaffAuditRepository } from './staff-audit.repository.js';
import { StaffSession } from './staff-session.entity.js';
import { StaffSessionsRepository } from './staff-sessions.repository.js';
import { StaffSessionsService } from './staff-sessions.service.js';
import { User } from './user.entity.js';
import { AuditLogController, UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User, StaffSession, StaffAuditEntry]), AuthModule, RateLimitsModule],
  controllers: [LoginController, UsersController, AuditLogController],
  providers: [
    UsersRepository,
    UsersService,
    LoginRateLimiter,
    StaffSessionsRepository,
    StaffSessionsService,
    // The staff guard (auth) checks every token's session through this.
    { provide: StaffSessionCheck, useExisting: StaffSessionsService },
    StaffAuditRepository,
    AuditLogService,
  ],
  exports: [UsersService, AuditLogService, StaffSessionCheck],
})
export class UsersModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('UsersModule');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD) return;
    const admin = await this.users.ensureFirstAdmin(this.config.ADMIN_EMAIL, this.config.ADMIN_PASSWORD);
    if (admin) this.logger.log(`created the first admin, ${admin.email}`);
  }
}
