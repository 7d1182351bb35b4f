import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '../../auth/roles.js';
import type { Role } from '../../auth/roles.js';

export class CreateUserRequest {
  @ApiProperty({ example: 'coordinator@example.org' })
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  @ApiProperty({ minLength: 12, example: 'a long passphrase' })
  @MinLength(12)
  @MaxLength(1024)
  @IsString()
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;
}
