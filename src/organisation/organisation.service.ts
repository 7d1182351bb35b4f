import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import type { OrganisationProfileVersion } from './organisation-profile.entity.js';
import { type NewProfileVersion, OrganisationProfilesRepository } from './organisation-profiles.repository.js';

/** The organisation's receipt profile as receipts print it. */
export interface OrganisationProfile {
  version: number;
  legalName: string;
  address: string;
  representative: string;
  taxStatus: OrganisationProfileVersion['taxStatus'];
  certificationNumber: string | null;
  certificationDate: string | null;
  timezone: string;
  /** When this version was saved. */
  savedAt: Date;
  /** Where donors write to; from ORG_EMAIL, not part of the versioned profile. */
  email: string;
}

/**
 * The receipt profile in force and the versions receipts were issued under. Until an admin saves one, the profile is
 * the first version, made from ORG_NAME, ORG_ADDRESS and ORG_TIMEZONE with no tax status.
 */
@Injectable()
export class OrganisationService {
  private readonly versions = new Map<number, Promise<OrganisationProfile | null>>();

  constructor(
    private readonly profiles: OrganisationProfilesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async current(): Promise<OrganisationProfile> {
    const latest = (await this.profiles.latest()) ?? (await this.seed());
    return this.view(latest);
  }

  /** The profile a receipt was issued under; the current one for a receipt issued before profiles were kept. */
  async version(version: number | null): Promise<OrganisationProfile> {
    return (version === null ? null : await this.storedVersion(version)) ?? this.current();
  }

  /** A saved version never changes, so each is read from the database once per process. */
  private storedVersion(version: number): Promise<OrganisationProfile | null> {
    let found = this.versions.get(version);
    if (!found) {
      found = this.profiles.version(version).then((row) => (row ? this.view(row) : null));
      this.versions.set(version, found);
      found.catch(() => this.versions.delete(version));
    }
    return found;
  }

  async save(profile: Omit<NewProfileVersion, 'createdBy'>, staffId: string | null): Promise<OrganisationProfile> {
    return this.view(await this.profiles.add({ ...profile, createdBy: staffId }));
  }

  private seed(): Promise<OrganisationProfileVersion> {
    return this.profiles.add({
      legalName: this.config.ORG_NAME,
      address: this.config.ORG_ADDRESS,
      representative: '',
      taxStatus: 'none',
      certificationNumber: null,
      certificationDate: null,
      timezone: this.config.ORG_TIMEZONE,
      createdBy: null,
    });
  }

  private view(row: OrganisationProfileVersion): OrganisationProfile {
    const { version, legalName, address, representative, taxStatus, certificationNumber, certificationDate, timezone, createdAt } = row;
    return { version, legalName, address, representative, taxStatus, certificationNumber, certificationDate, timezone, savedAt: createdAt, email: this.config.ORG_EMAIL };
  }
}
