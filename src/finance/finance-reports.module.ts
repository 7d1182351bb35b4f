import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { UnmatchedEventsModule } from '../payments/unmatched-events.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { ReconciliationModule } from '../reconciliation/reconciliation.module.js';
import { UsersModule } from '../users/users.module.js';
import { FinanceCashBalancesController } from './finance-cash-balances.controller.js';
import { FinanceDonorsController } from './finance-donors.controller.js';
import { FinancePledgesController } from './finance-pledges.controller.js';
import { PledgesReportService } from './pledges-report.service.js';
import { FinanceReceiptsController } from './finance-receipts.controller.js';
import { FinanceReportsController } from './finance-reports.controller.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FinanceReportsRepository } from './finance-reports.repository.js';
import { FinanceReportsService } from './finance-reports.service.js';

/**
 * Finance exports and reports: the ledger, reconciliation discrepancies, payouts, campaign summaries, unmatched Stripe
 * events, pledges; and donors' cash balances with what finance does with them.
 */
@Module({
  imports: [AuthModule, CampaignsModule, DonationsModule, NotificationsModule, ReconciliationModule, UnmatchedEventsModule, UsersModule],
  controllers: [FinanceReportsController, FinancePledgesController, FinanceCashBalancesController, FinanceReceiptsController, FinanceDonorsController],
  providers: [FinanceReportsRepository, FinanceReportsService, PledgesReportService],
})
export class FinanceReportsModule {}
