import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { Campaign } from './campaign.entity.js';
import { CampaignStatsController } from './campaign-stats.controller.js';
import { CampaignStatsService } from './campaign-stats.service.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsService } from './campaigns.service.js';
import { PublicTotalsCache } from './public-totals.cache.js';

@Module({
  imports: [TypeOrmModule.forFeature([Campaign]), AuthModule, LedgerModule],
  controllers: [CampaignsController, CampaignStatsController],
  providers: [CampaignsService, PublicTotalsCache, CampaignStatsService],
  exports: [CampaignsService],
})
export class CampaignsModule {}
