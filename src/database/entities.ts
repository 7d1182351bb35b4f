import { Campaign } from '../campaigns/campaign.entity.js';
import { CampaignTotalSlot } from '../ledger/campaign-total-slot.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, for the app, the migration runner and the drift test. */
export const ENTITIES = [User, Campaign, CampaignTotalSlot];
