import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { OptionalStaff, StaffAuthenticator, StaffGuard } from './staff.guard.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [
    // The keys are TokenService's: it signs with the staff-token key and verifies with the previous one too.
    JwtModule.register({ signOptions: { algorithm: 'HS256', expiresIn: '12h' }, verifyOptions: { algorithms: ['HS256'] } }),
  ],
  providers: [TokenService, StaffAuthenticator, StaffGuard, OptionalStaff],
  exports: [TokenService, StaffAuthenticator, StaffGuard, OptionalStaff],
})
export class AuthModule {}
