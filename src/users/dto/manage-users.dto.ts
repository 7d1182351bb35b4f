import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES } from '../../auth/roles.js';
import { UserResponse } from './login.dto.js';

const AUDIT_TARGET_TYPES = ['user', 'campaign', 'update', 'reconciliation_run', 'discrepancy', 'cash_balance', 'organisation', 'donor'];
import type { Role } from '../../auth/roles.js';

export class StaffAccount extends UserResponse {
  @ApiProperty({ description: 'A disabled account cannot log in, and its sessions have ended' })
  disabled: boolean;

  @ApiProperty()
  createdAt: Date;
}

export class ChangeUserRequest {
  @ApiPropertyOptional({ enum: ROLES, description: 'Applies to the next request the account makes' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ description: 'true ends every session of the account at once' })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}

export class ChangePasswordRequest {
  @ApiProperty()
  @MaxLength(1024)
  @IsString()
  currentPassword: string;

  @ApiProperty({ minLength: 12 })
  @MinLength(12, { message: 'newPassword must be at least 12 characters' })
  @MaxLength(1024)
  @IsString()
  newPassword: string;
}

export class AuditQuery {
  @ApiPropertyOptional({ enum: AUDIT_TARGET_TYPES })
  @IsOptional()
  @IsIn(AUDIT_TARGET_TYPES, {
    message: `targetType must be one of: ${AUDIT_TARGET_TYPES.join(', ')}`,
  })
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(200)
  @IsString()
  targetId?: string;

  @ApiPropertyOptional({ description: 'Entries older than this id (the last id of the previous page)' })
  @IsOptional()
  @Matches(/^[0-9]{1,18}$/, { message: 'before must be an entry id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEntryResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  at: Date;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty()
  actorEmail: string;

  @ApiProperty({ example: 'user.role_changed' })
  action: string;

  @ApiProperty({ enum: ['user', 'campaign', 'update', 'reconciliation_run', 'discrepancy'] })
  targetType: string;

  @ApiProperty()
  targetId: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}
