import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ROLES } from '../../auth/roles.js';
import type { Role } from '../../auth/roles.js';

export class LoginRequest {
  @ApiProperty({ example: 'admin@kizuna.local' })
  @MaxLength(320)
  @IsString()
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @MaxLength(1024)
  @IsString()
  password: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`; valid for 12 hours' })
  accessToken: string;

  @ApiProperty({ type: UserResponse })
  user: UserResponse;
}
