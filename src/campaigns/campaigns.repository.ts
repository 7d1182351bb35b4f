import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { CURRENCY_LOCKED, databaseErrorCode, isUniqueViolation } from '../database/errors.js';
import { Campaign, type CampaignStatus } from './campaign.entity.js';

/** The campaigns table. */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>) {}

  slugExists(slug: string): Promise<boolean> {
    return this.campaigns.existsBy({ slug });
  }

  findById(id: string): Promise<Campaign | null> {
    return this.campaigns.findOneBy({ id });
  }

  findBySlug(slug: string): Promise<Campaign | null> {
    return this.campaigns.findOneBy({ slug });
  }

  /** Newest first; only the given statuses unless null. */
  list(statuses: CampaignStatus[] | null): Promise<Campaign[]> {
    return this.campaigns.find({ where: statuses ? { status: In(statuses) } : {}, order: { createdAt: 'DESC' } });
  }

  /** Moves a campaign from one status to another, stamping when; false when it was not in `from`. */
  async transition(id: string, from: CampaignStatus, to: CampaignStatus): Promise<boolean> {
    const stamp = to === 'active' ? { publishedAt: () => 'now()' } : { closedAt: () => 'now()' };
    const result = await this.campaigns.update({ id, status: from }, { status: to, ...stamp });
    return Boolean(result.affected);
  }

  build(fields: Partial<Campaign>): Campaign {
    return this.campaigns.create(fields);
  }

  /** Saves a campaign, or says which rule of the database refused it. */
  async save(campaign: Campaign): Promise<Campaign | 'slug_taken' | 'currency_locked'> {
    try {
      return await this.campaigns.save(campaign);
    } catch (error) {
      if (isUniqueViolation(error)) return 'slug_taken';
      if (databaseErrorCode(error) === CURRENCY_LOCKED) return 'currency_locked';
      throw error;
    }
  }
}
