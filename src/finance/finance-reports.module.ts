import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { UnmatchedEventsModule } from '../payments/unmatched-events.module.js';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { FinanceReportsController } from './finance-reports.controller.js';
import { FinanceReportsRepository } from './finance-reports.repository.js';
import { FinanceReportsService } from './finance-reports.service.js';

/** Finance exports and reports: the ledger, reconciliation discrepancies, payouts, campaign summaries and unmatched Stripe events. */
@Module({
  imports: [AuthModule, CampaignsModule, ReconciliationModule, UnmatchedEventsModule],
  controllers: [FinanceReportsController],
  providers: [FinanceReportsRepository, FinanceReportsService],
})
export class FinanceReportsModule {}
