import { Campaign } from '../campaigns/campaign.entity.js';
import { Donation } from '../donations/donation.entity.js';
import { Donor } from '../donations/donor.entity.js';
import { CampaignTotalSlot } from '../ledger/campaign-total-slot.entity.js';
import { LedgerPosting } from '../ledger/ledger-posting.entity.js';
import { LedgerTransaction } from '../ledger/ledger-transaction.entity.js';
import { StripeEventRecord } from '../payments/stripe-event.entity.js';
import { StripeBalanceTransaction } from '../reconciliation/stripe-balance-transaction.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, for the app, the migration runner and the drift test. */
export const ENTITIES = [User, Campaign, CampaignTotalSlot, Donor, Donation, StripeEventRecord, LedgerTransaction, LedgerPosting, StripeBalanceTransaction];
