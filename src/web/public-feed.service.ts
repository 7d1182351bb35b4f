import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';

export interface RecentGift {
  name: string | null;
  amount: number;
  message: string | null;
  at: Date;
}

/** What the campaign page shows of the latest gifts: never the name of a donor who asked to stay anonymous. */
@Injectable()
export class PublicFeedService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async recentGifts(campaignId: string, limit = 10): Promise<RecentGift[]> {
    const rows: { name: string | null; amount: string; message: string | null; at: Date }[] = await this.dataSource.query(
      `SELECT CASE WHEN anonymous THEN NULL ELSE donor_name END AS name, amount, message, succeeded_at AS at
         FROM donations WHERE campaign_id = $1 AND status IN ('succeeded', 'partially_refunded') AND succeeded_at IS NOT NULL
        ORDER BY succeeded_at DESC LIMIT $2`,
      [campaignId, limit],
    );
    return rows.map((r) => ({ name: r.name, amount: toMinorUnits(r.amount), message: r.message, at: r.at }));
  }
}
