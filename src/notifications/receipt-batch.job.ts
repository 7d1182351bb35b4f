import { Injectable, Logger } from '@nestjs/common';
import { DonationsService } from '../donations/donations.service.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { QueueProducer } from '../queue/queue-producer.service.js';
import { JobName } from '../queue/queue.registry.js';
import { ReceiptMailer } from './issue-receipt.job.js';
import { MailBatchSender, type PreparedMail } from './mail-batch.js';
import { ReceiptsService } from './receipts.service.js';

/** Refills of one run before it makes way for the next job of its queue (and adds itself again behind it). */
const BATCHES_PER_RUN = 20;

/**
 * Receipts in batches. Each refill first issues the receipts of up to MAIL_BATCH_SIZE donations whose outbox rows
 * the relay handed over (one transaction: numbered in one statement, the rows finished), then claims as many
 * receipts due to be mailed (just issued, or due again after a failed attempt) and sends them over the pooled
 * transport, each on its own. A receipt whose send fails waits out the mail retry schedule in its row and is taken
 * by a later batch; after the last attempt it is marked failed, for the sweep and the admins.
 */
@Injectable()
@HandlesJob(JobName.IssueReceiptBatch)
export class IssueReceiptBatchJob implements JobHandler<JobName.IssueReceiptBatch> {
  private readonly logger = new Logger('IssueReceiptBatch');

  constructor(
    private readonly receipts: ReceiptsService,
    private readonly donations: DonationsService,
    private readonly mailer: ReceiptMailer,
    private readonly sender: MailBatchSender,
    private readonly producer: QueueProducer,
  ) {}

  async handle(): Promise<void> {
    const { claimed, more } = await this.sender.drain({
      table: 'receipts',
      maxBatches: BATCHES_PER_RUN,
      next: async (limit, leaseMs, owed) => {
        await this.receipts.issueBatch(limit);
        return this.prepare(await this.receipts.claimDue(limit, leaseMs, owed));
      },
    });
    if (more) await this.producer.enqueue(JobName.IssueReceiptBatch, {});
    if (claimed) this.logger.debug({ claimed, more }, 'receipt batch');
  }

  private async prepare(receipts: Awaited<ReturnType<ReceiptsService['claimDue']>>): Promise<PreparedMail[]> {
    const facts = await this.donations.forReceipts([...new Set(receipts.map((r) => r.donationId))]);
    return receipts.map((receipt) => ({ id: receipt.id, mail: () => this.mailer.message(receipt, facts.get(receipt.donationId)!) }));
  }
}
