import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MoneyPostingsModule } from '../payments/money-postings.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { UsersModule } from '../users/users.module.js';
import { MatcherRepository } from './matcher.repository.js';
import { PayoutsService } from './payouts.service.js';
import { ReconciliationController } from './reconciliation.controller.js';
import { ReconciliationRepository } from './reconciliation.repository.js';
import { ReconciliationService } from './reconciliation.service.js';
import { StripeMirrorRepository } from './stripe-mirror.repository.js';
import { StripeSyncService } from './stripe-sync.service.js';

@Module({
  imports: [AuthModule, MoneyPostingsModule, QueueModule, UsersModule],
  controllers: [ReconciliationController],
  providers: [StripeMirrorRepository, ReconciliationRepository, MatcherRepository, StripeSyncService, ReconciliationService, PayoutsService],
  exports: [StripeSyncService, ReconciliationService, PayoutsService],
})
export class ReconciliationModule {}
