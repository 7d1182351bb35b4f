import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { AuditLogService } from './audit-log.service.js';
import { CreateUserRequest } from './dto/create-user.dto.js';
import { UserResponse } from './dto/login.dto.js';
import { AuditEntryResponse, AuditQuery, ChangeUserRequest, StaffAccount } from './dto/manage-users.dto.js';
import type { User } from './user.entity.js';
import { UsersService } from './users.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

function accountView(user: User): StaffAccount {
  return { id: user.id, email: user.email, role: user.role, disabled: user.disabledAt !== null, createdAt: user.createdAt };
}

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Staff('admin')
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The email already has an account' })
  async create(@Body() body: CreateUserRequest, @CurrentStaff() staff: StaffPrincipal): Promise<UserResponse> {
    const user = await this.users.create(staff, body.email, body.password, body.role);
    return { id: user.id, email: user.email, role: user.role };
  }

  @Get()
  @Staff('admin')
  @ApiOperation({ summary: 'Every staff account' })
  @ApiOkResponse({ type: StaffAccount, isArray: true })
  async list(): Promise<StaffAccount[]> {
    return (await this.users.list()).map(accountView);
  }

  @Patch(':id')
  @Staff('admin')
  @ApiOperation({ summary: "Change an account's role or disable it; both apply to the account's next request" })
  @ApiOkResponse({ type: StaffAccount })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Your own account, or the last active admin' })
  async change(@Param('id', uuid) id: string, @Body() body: ChangeUserRequest, @CurrentStaff() staff: StaffPrincipal): Promise<StaffAccount> {
    return accountView(await this.users.change(staff, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Staff('admin')
  @ApiOperation({ summary: 'Delete an account: its tokens stop working at once; the audit log keeps its email' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Your own account, or the last active admin' })
  async delete(@Param('id', uuid) id: string, @CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.users.delete(staff, id);
  }
}

@ApiTags('users')
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @Staff('admin')
  @ApiOperation({ summary: "Who did what to staff accounts, campaigns, updates, reconciliations and donors' cash balances, newest first" })
  @ApiOkResponse({ type: AuditEntryResponse, isArray: true })
  @ApiBadRequestResponse({ type: ErrorResponse })
  list(@Query() query: AuditQuery): Promise<AuditEntryResponse[]> {
    return this.audit.list({ targetType: query.targetType, targetId: query.targetId, before: query.before, limit: query.limit ?? 100 });
  }
}
