import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationProfileVersion } from './organisation-profile.entity.js';
import { OrganisationProfilesRepository } from './organisation-profiles.repository.js';
import { OrganisationService } from './organisation.service.js';

/** The organisation's receipt profile (organisation_profiles). */
@Module({
  imports: [TypeOrmModule.forFeature([OrganisationProfileVersion])],
  providers: [OrganisationProfilesRepository, OrganisationService],
  exports: [OrganisationService],
})
export class OrganisationModule {}
