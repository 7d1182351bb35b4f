import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { Campaign } from './campaign.entity.js';
import { CampaignTotalsRepository } from './campaign-totals.repository.js';
import { CampaignTotalsService } from './campaign-totals.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { PublicTotalsCache } from './public-totals.cache.js';

@Module({
  imports: [TypeOrmModule.forFeature([Campaign]), AuthModule],
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignTotalsRepository, CampaignsService, CampaignTotalsService, PublicTotalsCache],
  exports: [CampaignsService, CampaignTotalsService],
})
export class CampaignsModule {}
