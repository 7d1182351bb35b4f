import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { CampaignsService } from './campaigns.service.js';
import type { DonationBucket, TimeBucket } from './dto/donations-over-time.dto.js';

/** Figures for the coordinator's charts, read from the donations themselves. */
@Injectable()
export class CampaignStatsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
  ) {}

  /**
   * Donations by the hour or day they succeeded (UTC), oldest first; only buckets that have some. A donation
   * refunded or disputed later still counts where it came in: this is the flow of gifts, not the balance.
   */
  async donationsOverTime(campaignId: string, by: TimeBucket): Promise<DonationBucket[]> {
    await this.campaigns.get(campaignId);
    const rows: { bucket: Date; count: number; amount: string }[] = await this.dataSource.query(
      `SELECT date_trunc($2, succeeded_at, 'UTC') AS bucket, count(*)::int AS count, sum(amount + covered_fee_amount) AS amount
         FROM donations WHERE campaign_id = $1 AND succeeded_at IS NOT NULL
        GROUP BY 1 ORDER BY 1`,
      [campaignId, by],
    );
    return rows.map((r) => ({ bucket: r.bucket.toISOString(), count: r.count, amount: toMinorUnits(r.amount) }));
  }
}
