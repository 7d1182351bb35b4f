import { Module } from '@nestjs/common';
import { LedgerService } from './ledger.service.js';
import { TotalsService } from './totals.service.js';

@Module({
  providers: [TotalsService, LedgerService],
  exports: [TotalsService, LedgerService],
})
export class LedgerModule {}
