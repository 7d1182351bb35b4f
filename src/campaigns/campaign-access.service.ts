import { Injectable } from '@nestjs/common';
import type { StaffPrincipal } from '../auth/token.service.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { UsersService } from '../users/users.service.js';
import { CampaignCoordinatorsRepository } from './campaign-coordinators.repository.js';
import { CampaignError } from './campaign.errors.js';

export interface CampaignCoordinatorView {
  id: string;
  email: string;
}

/** Who may change a campaign: admins, and the coordinators an admin assigned to it (its creator among them). */
@Injectable()
export class CampaignAccessService {
  constructor(
    private readonly assignments: CampaignCoordinatorsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditLogService,
  ) {}

  /** Refuses a coordinator who is not assigned to the campaign: editing, publishing, closing and mailing its donors. */
  async assertManages(staff: StaffPrincipal, campaignId: string): Promise<void> {
    if (await this.manages(staff, campaignId)) return;
    throw new CampaignError('forbidden', 'not_assigned', 'You are not assigned to this campaign; an admin can assign you');
  }

  /** Whether the page may offer the staff member the campaign's editing controls. */
  async manages(staff: StaffPrincipal, campaignId: string): Promise<boolean> {
    return staff.role === 'admin' || (staff.role === 'coordinator' && (await this.assignments.isAssigned(campaignId, staff.id)));
  }

  async assignCreator(staff: StaffPrincipal, campaignId: string): Promise<void> {
    if (staff.role === 'coordinator') await this.assignments.add(campaignId, staff.id);
  }

  async coordinators(campaignId: string): Promise<CampaignCoordinatorView[]> {
    const users = await this.users.findByIds(await this.assignments.userIdsOf(campaignId));
    return users.map((user) => ({ id: user.id, email: user.email })).sort((a, b) => a.email.localeCompare(b.email));
  }

  /** Sets the campaign's coordinators; every id must be an enabled coordinator account. */
  async assign(actor: StaffPrincipal, campaignId: string, userIds: string[]): Promise<CampaignCoordinatorView[]> {
    const wanted = [...new Set(userIds)];
    const before = await this.assignments.userIdsOf(campaignId);
    const found = await this.users.findByIds([...new Set([...wanted, ...before])]);
    const unfit = wanted.filter((id) => !found.some((user) => user.id === id && user.role === 'coordinator' && user.disabledAt === null));
    if (unfit.length > 0)
      throw new CampaignError(
        'invalid',
        'not_a_coordinator',
        `userIds: ${unfit.join(', ')} ${unfit.length === 1 ? 'is not an enabled coordinator account' : 'are not enabled coordinator accounts'}`,
      );
    await this.assignments.replace(campaignId, wanted);
    const emails = (ids: string[]) => found.filter((user) => ids.includes(user.id)).map((user) => user.email);
    await this.audit.record(
      actor,
      'campaign.coordinators_changed',
      { type: 'campaign', id: campaignId },
      {
        added: emails(wanted.filter((id) => !before.includes(id))),
        removed: emails(before.filter((id) => !wanted.includes(id))),
      },
    );
    return this.coordinators(campaignId);
  }
}
