import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { CreateUserRequest } from './dto/create-user.dto.js';
import { UserResponse } from './dto/login.dto.js';
import { UsersService } from './users.service.js';

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
  async create(@Body() body: CreateUserRequest): Promise<UserResponse> {
    const user = await this.users.create(body.email, body.password, body.role);
    return { id: user.id, email: user.email, role: user.role };
  }
}
