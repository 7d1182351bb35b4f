import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
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

export class LoginUserResponse extends UserResponse {
  @ApiProperty({ enum: ['ja', 'en'], nullable: true, description: "The staff pages' language the account chose; null when it has not chosen" })
  language: 'ja' | 'en' | null;
}

export class StaffLanguageRequest {
  @ApiProperty({ enum: ['ja', 'en'] })
  @IsIn(['ja', 'en'], { message: 'language must be ja or en' })
  language: 'ja' | 'en';
}

export class LoginResponse {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`; valid for 12 hours' })
  accessToken: string;

  @ApiProperty({ type: LoginUserResponse })
  user: LoginUserResponse;
}
