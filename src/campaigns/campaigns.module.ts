import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { CampaignAccessService } from './campaign-access.service.js';
import { CampaignCoordinator } from './campaign-coordinator.entity.js';
import { CampaignCoordinatorsRepository } from './campaign-coordinators.repository.js';
import { Campaign } from './campaign.entity.js';
import { CampaignSlug } from './campaign-slug.entity.js';
import { CampaignSlugHistoryRepository } from './campaign-slug-history.repository.js';
import { CampaignTotalsRepository } from './campaign-totals.repository.js';
import { CampaignTotalsService } from './campaign-totals.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';
import { PublicTotalsCache } from './public-totals.cache.js';
import { TotalsPublisher } from './totals-publisher.js';
import { TotalsStreamController } from './totals-stream.controller.js';
import { TotalsStreamHub } from './totals-stream.hub.js';

@Module({
  imports: [TypeOrmModule.forFeature([Campaign, CampaignCoordinator, CampaignSlug]), AuthModule, UsersModule],
  controllers: [CampaignsController, TotalsStreamController],
  providers: [
    CampaignsRepository,
    CampaignTotalsRepository,
    CampaignCoordinatorsRepository,
    CampaignSlugHistoryRepository,
    CampaignsService,
    CampaignTotalsService,
    CampaignAccessService,
    PublicTotalsCache,
    TotalsPublisher,
    TotalsStreamHub,
  ],
  exports: [CampaignsService, CampaignTotalsService, CampaignAccessService, TotalsPublisher],
})
export class CampaignsModule {}
