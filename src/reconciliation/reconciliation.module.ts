import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { StripeSyncService } from './stripe-sync.service.js';

@Module({
  imports: [LedgerModule, QueueModule],
  providers: [StripeSyncService],
  exports: [StripeSyncService],
})
export class ReconciliationModule {}
