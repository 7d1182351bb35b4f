import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
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

  save(campaign: Campaign): Promise<Campaign> {
    return this.campaigns.save(campaign);
  }
}
