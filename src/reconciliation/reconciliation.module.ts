import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { ReconciliationController } from './reconciliation.controller.js';
import { ReconciliationService } from './reconciliation.service.js';
import { StripeSyncService } from './stripe-sync.service.js';

@Module({
  imports: [AuthModule, LedgerModule, QueueModule],
  controllers: [ReconciliationController],
  providers: [StripeSyncService, ReconciliationService],
  exports: [StripeSyncService, ReconciliationService],
})
export class ReconciliationModule {}
