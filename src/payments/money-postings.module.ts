import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { MoneyPostingsService } from './money-postings.service.js';

/** Posting money events with their totals, for the webhook handlers and the Stripe sync's fee postings. */
@Module({
  imports: [LedgerModule, CampaignsModule],
  providers: [MoneyPostingsService],
  exports: [MoneyPostingsService],
})
export class MoneyPostingsModule {}
