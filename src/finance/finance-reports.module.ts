import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { FinanceReportsController } from './finance-reports.controller.js';
import { FinanceReportsService } from './finance-reports.service.js';

/** Finance exports and reports: the ledger, reconciliation discrepancies, payouts and campaign summaries. */
@Module({
  imports: [AuthModule],
  controllers: [FinanceReportsController],
  providers: [FinanceReportsService],
})
export class FinanceReportsModule {}
