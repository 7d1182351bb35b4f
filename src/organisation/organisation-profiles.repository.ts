import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OrganisationProfileVersion } from './organisation-profile.entity.js';

export type NewProfileVersion = Omit<OrganisationProfileVersion, 'version' | 'createdAt'>;

/** organisation_profiles: appended to, never updated. */
@Injectable()
export class OrganisationProfilesRepository {
  constructor(@InjectRepository(OrganisationProfileVersion) private readonly profiles: Repository<OrganisationProfileVersion>) {}

  async latest(): Promise<OrganisationProfileVersion | null> {
    const [row] = await this.profiles.find({ order: { version: 'DESC' }, take: 1 });
    return row ?? null;
  }

  version(version: number): Promise<OrganisationProfileVersion | null> {
    return this.profiles.findOneBy({ version });
  }

  add(profile: NewProfileVersion): Promise<OrganisationProfileVersion> {
    return this.profiles.save(this.profiles.create(profile));
  }
}
