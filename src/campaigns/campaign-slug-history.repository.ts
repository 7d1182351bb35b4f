import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CampaignSlug } from './campaign-slug.entity.js';

/** The campaign_slug_history table: the slugs campaigns had before. */
@Injectable()
export class CampaignSlugHistoryRepository {
  constructor(@InjectRepository(CampaignSlug) private readonly slugs: Repository<CampaignSlug>) {}

  /** The id of the campaign that once had this slug, or null. */
  async campaignOf(slug: string): Promise<string | null> {
    return (await this.slugs.findOneBy({ slug }))?.campaignId ?? null;
  }
}
