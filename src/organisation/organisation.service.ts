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
    const row = version === null ? null : await this.profiles.version(version);
    return row ? this.view(row) : this.current();
  }

  async save(profile: Omit<NewProfileVersion, 'createdBy'>, staffId: string | null): Promise<OrganisationProfile> {
    return this.view(await this.profiles.add({ ...profile, createdBy: staffId }));
  }

  private async seed(): Promise<OrganisationProfileVersion> {
    return (
      (await this.profiles.latest()) ??
      this.profiles.add({
        legalName: this.config.ORG_NAME,
        address: this.config.ORG_ADDRESS,
        representative: '',
        taxStatus: 'none',
        certificationNumber: null,
        certificationDate: null,
        timezone: this.config.ORG_TIMEZONE,
        createdBy: null,
      })
    );
  }

  private view(row: OrganisationProfileVersion): OrganisationProfile {
    const { version, legalName, address, representative, taxStatus, certificationNumber, certificationDate, timezone, createdAt } = row;
    return { version, legalName, address, representative, taxStatus, certificationNumber, certificationDate, timezone, savedAt: createdAt, email: this.config.ORG_EMAIL };
  }
}
