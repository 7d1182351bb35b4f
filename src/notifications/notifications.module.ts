import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { IssueReceiptJob } from './issue-receipt.job.js';
import { MailService } from './mail.service.js';
import { ReceiptsRepository } from './receipts.repository.js';
import { ReceiptsService } from './receipts.service.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { UnsubscribeController } from './unsubscribe.controller.js';
import { CheckMilestonesJob, FanOutUpdateJob, SendUpdateEmailJob } from './update-jobs.js';
import { UpdatesController } from './updates.controller.js';
import { UpdatesRepository } from './updates.repository.js';
import { UpdatesService } from './updates.service.js';

/** The API side: posting updates, their progress, and the unsubscribe page. */
@Module({
  imports: [AuthModule, CampaignsModule, DonationsModule, QueueModule],
  controllers: [UpdatesController, UnsubscribeController],
  providers: [UpdatesRepository, UpdatesService],
  exports: [UpdatesService],
})
export class NotificationsModule {}

/** The worker side: receipts, milestones, update fan-out and sending. */
@Module({
  imports: [CampaignsModule, DonationsModule, LedgerModule, QueueModule],
  providers: [
    UpdatesRepository,
    ReceiptsRepository,
    SendClaimsRepository,
    UpdatesService,
    ReceiptsService,
    MailService,
    IssueReceiptJob,
    CheckMilestonesJob,
    FanOutUpdateJob,
    SendUpdateEmailJob,
  ],
})
export class NotificationsWorkerModule {}
