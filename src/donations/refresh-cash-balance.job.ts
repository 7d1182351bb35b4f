import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { CashBalancesService } from './cash-balances.service.js';

/** Queued by the cash-balance webhooks: the customer's balance as Stripe has it now, applied first in manual mode. */
@Injectable()
@HandlesJob(JobName.RefreshCashBalance)
export class RefreshCashBalanceJob implements JobHandler<JobName.RefreshCashBalance> {
  constructor(private readonly balances: CashBalancesService) {}

  handle(payload: JobPayloads[JobName.RefreshCashBalance]): Promise<void> {
    return this.balances.refresh(payload.customerId);
  }
}
