import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { CardDeclinesRepository } from './card-declines.repository.js';
import { CashBalancesRepository } from './cash-balances.repository.js';
import { CashBalancesService } from './cash-balances.service.js';
import { CashGiftsService } from './cash-gifts.service.js';
import { CashReturnsRepository } from './cash-returns.repository.js';
import { CashReturnsService } from './cash-returns.service.js';
import { RefreshCashBalanceJob } from './refresh-cash-balance.job.js';
import { CardTestingController } from './card-testing.controller.js';
import { CardTestingService } from './card-testing.service.js';
import { DonationChallengeService } from './donation-challenge.service.js';
import { DonationIntentsService } from './donation-intents.service.js';
import { DonationRateLimiter } from './donation-rate-limiter.js';
import { RateLimitsModule } from '../redis/rate-limits.js';
import { DonationStateService } from './donation-state.service.js';
import { PledgesService } from './pledges.service.js';
import { StripeCustomersService } from './stripe-customers.service.js';
import { DonationStatsController } from './donation-stats.controller.js';
import { DonationsController } from './donations.controller.js';
import { DonationsRepository } from './donations.repository.js';
import { DonationsService } from './donations.service.js';
import { DonorsRepository } from './donors.repository.js';
import { DonorsService } from './donors.service.js';
import { TaxRecipientsController } from './tax-recipients.controller.js';
import { TaxRecipientsRepository } from './tax-recipients.repository.js';
import { TaxRecipientsService } from './tax-recipients.service.js';
import { DonorMergeRepository } from './donor-merge.repository.js';
import { DonorMergeService } from './donor-merge.service.js';
import { UsersModule } from '../users/users.module.js';

@Module({
  imports: [AuthModule, CampaignsModule, LedgerModule, QueueModule, RateLimitsModule, UsersModule],
  controllers: [DonationsController, DonationStatsController, CardTestingController, TaxRecipientsController],
  providers: [
    DonationsRepository,
    TaxRecipientsRepository,
    TaxRecipientsService,
    DonorsRepository,
    CardDeclinesRepository,
    DonationIntentsService,
    DonationRateLimiter,
    DonationStateService,
    PledgesService,
    StripeCustomersService,
    DonationsService,
    DonorsService,
    CardTestingService,
    DonationChallengeService,
    CashBalancesRepository,
    CashReturnsRepository,
    CashBalancesService,
    CashReturnsService,
    CashGiftsService,
    RefreshCashBalanceJob,
    DonorMergeRepository,
    DonorMergeService,
  ],
  exports: [
    DonationStateService,
    PledgesService,
    DonationsService,
    DonorsService,
    CardTestingService,
    CashBalancesService,
    CashReturnsService,
    CashGiftsService,
    DonorMergeService,
  ],
})
export class DonationsModule {}
