import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { OrganisationController } from './organisation.controller.js';
import { OrganisationModule } from './organisation.module.js';

/** The HTTP side of the receipt profile; the worker imports OrganisationModule alone (no staff routes there). */
@Module({
  imports: [OrganisationModule, AuthModule, UsersModule],
  controllers: [OrganisationController],
})
export class OrganisationApiModule {}
