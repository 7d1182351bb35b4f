import { SetMetadata, UseGuards, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response.dto.js';
import type { Role } from './roles.js';
import { STAFF_ROLES, StaffGuard, StaffRequest } from './staff.guard.js';

/** Marks a route as staff-only for the given roles. */
export function Staff(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(STAFF_ROLES, roles),
    UseGuards(StaffGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No valid access token' }),
    ApiForbiddenResponse({ type: ErrorResponse, description: `Only for ${roles.join(', ')}` }),
  );
}

/** The authenticated staff member of a @Staff route. */
export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<StaffRequest>().staff);
