import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { CampaignCoordinator } from './campaign-coordinator.entity.js';

/** The campaign_coordinators table: which coordinators work on which campaign. */
@Injectable()
export class CampaignCoordinatorsRepository {
  constructor(
    @InjectRepository(CampaignCoordinator) private readonly assignments: Repository<CampaignCoordinator>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async isAssigned(campaignId: string, userId: string): Promise<boolean> {
    return this.assignments.existsBy({ campaignId, userId });
  }

  async userIdsOf(campaignId: string): Promise<string[]> {
    return (await this.assignments.find({ where: { campaignId }, order: { assignedAt: 'ASC' } })).map((row) => row.userId);
  }

  async add(campaignId: string, userId: string): Promise<void> {
    await this.assignments.upsert({ campaignId, userId }, { conflictPaths: ['campaignId', 'userId'], skipUpdateIfNoValuesChanged: true });
  }

  /** Makes the campaign's coordinators exactly these, in one transaction; keeps the assignment date of those who stay. */
  async replace(campaignId: string, userIds: string[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM campaign_coordinators WHERE campaign_id = $1 AND NOT (user_id = ANY($2::uuid[]))`, [campaignId, userIds]);
      await tx.query(`INSERT INTO campaign_coordinators (campaign_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [campaignId, userIds]);
    });
  }
}
