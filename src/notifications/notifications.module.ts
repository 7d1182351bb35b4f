import { OrganisationModule } from '../organisation/organisation.module.js';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { UsersModule } from '../users/users.module.js';
import { AnnualReceiptsController } from './annual-receipts.controller.js';
import { AnnualReceiptsRepository } from './annual-receipts.repository.js';
import { AnnualReceiptsService } from './annual-receipts.service.js';
import { RunAnnualReceiptsJob, SendAnnualReceiptJob } from './annual-receipt.jobs.js';
import { IssueReceiptJob, ReceiptMailer, ReissueAfterRefundFailureJob, ReissueForCorrectionJob, SendReceiptJob } from './issue-receipt.job.js';
import { ReceiptRegisterRepository } from './receipt-register.repository.js';
import { ReceiptRegisterService } from './receipt-register.service.js';
import { MailAdminController } from './mail-admin.controller.js';
import { MailBatchSender } from './mail-batch.js';
import { MailBatchRepository } from './mail-batch.repository.js';
import { MailFailuresRepository } from './mail-failures.repository.js';
import { MailRetryService } from './mail-retry.service.js';
import { SendPledgeEmailJob } from './pledge-email.job.js';
import { PledgeEmailsRepository } from './pledge-emails.repository.js';
import { PledgeEmailsService } from './pledge-emails.service.js';
import { MailService } from './mail.service.js';
import { ReceiptsRepository } from './receipts.repository.js';
import { IssueReceiptBatchJob } from './receipt-batch.job.js';
import { ReceiptsService } from './receipts.service.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { UnsubscribeController } from './unsubscribe.controller.js';
import { CheckMilestonesJob, FanOutUpdateJob, SendUpdateBatchJob, SendUpdateEmailJob } from './update-jobs.js';
import { UpdateEmailRate } from './update-rate.js';
import { UpdatesController } from './updates.controller.js';
import { UpdatesRepository } from './updates.repository.js';
import { UpdatesService } from './updates.service.js';

/** The API side: posting updates, their progress, the unsubscribe page, and the admins' view of mail not delivered. */
@Module({
  imports: [AuthModule, CampaignsModule, DonationsModule, OrganisationModule, QueueModule, UsersModule],
  controllers: [UpdatesController, UnsubscribeController, MailAdminController, AnnualReceiptsController],
  providers: [
    UpdatesRepository,
    UpdatesService,
    MailFailuresRepository,
    MailRetryService,
    SendClaimsRepository,
    AnnualReceiptsRepository,
    AnnualReceiptsService,
    ReceiptRegisterRepository,
    ReceiptRegisterService,
  ],
  exports: [UpdatesService, ReceiptRegisterService],
})
export class NotificationsModule {}

/** The worker side: receipts, milestones, update fan-out and sending, pledge emails, and what the mail sweep and the pledge reminders need. */
@Module({
  imports: [CampaignsModule, DonationsModule, LedgerModule, OrganisationModule, QueueModule],
  providers: [
    UpdatesRepository,
    ReceiptsRepository,
    SendClaimsRepository,
    MailFailuresRepository,
    UpdatesService,
    ReceiptsService,
    MailService,
    MailRetryService,
    ReceiptMailer,
    IssueReceiptJob,
    SendReceiptJob,
    ReissueAfterRefundFailureJob,
    CheckMilestonesJob,
    FanOutUpdateJob,
    SendUpdateEmailJob,
    MailBatchRepository,
    MailBatchSender,
    UpdateEmailRate,
    IssueReceiptBatchJob,
    SendUpdateBatchJob,
    PledgeEmailsRepository,
    PledgeEmailsService,
    SendPledgeEmailJob,
    ReissueForCorrectionJob,
    AnnualReceiptsRepository,
    AnnualReceiptsService,
    RunAnnualReceiptsJob,
    SendAnnualReceiptJob,
  ],
  exports: [MailService, MailRetryService, PledgeEmailsService, AnnualReceiptsService],
})
export class NotificationsWorkerModule {}
