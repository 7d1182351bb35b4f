import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { DonationIntentsService } from './donation-intents.service.js';
import { DonationRateLimiter } from './donation-rate-limiter.js';
import { RateLimitsModule } from '../redis/rate-limits.js';
import { DonationStateService } from './donation-state.service.js';
import { DonationStatsController } from './donation-stats.controller.js';
import { DonationsController } from './donations.controller.js';
import { DonationsRepository } from './donations.repository.js';
import { DonationsService } from './donations.service.js';
import { DonorsRepository } from './donors.repository.js';
import { DonorsService } from './donors.service.js';

@Module({
  imports: [AuthModule, CampaignsModule, LedgerModule, RateLimitsModule],
  controllers: [DonationsController, DonationStatsController],
  providers: [DonationsRepository, DonorsRepository, DonationIntentsService, DonationRateLimiter, DonationStateService, DonationsService, DonorsService],
  exports: [DonationStateService, DonationsService, DonorsService],
})
export class DonationsModule {}
