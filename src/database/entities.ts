import { CampaignCoordinator } from '../campaigns/campaign-coordinator.entity.js';
import { CampaignDonor } from '../campaigns/campaign-donor.entity.js';
import { CampaignSlug } from '../campaigns/campaign-slug.entity.js';
import { CampaignTotalSlot } from '../campaigns/campaign-total-slot.entity.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { CardDecline } from '../donations/card-decline.entity.js';
import { CardTestingAlarm } from '../donations/card-testing-alarm.entity.js';
import { Donation } from '../donations/donation.entity.js';
import { DonorCashBalance } from '../donations/donor-cash-balance.entity.js';
import { DonorCashReturn } from '../donations/donor-cash-return.entity.js';
import { Donor } from '../donations/donor.entity.js';
import { LedgerPosting } from '../ledger/ledger-posting.entity.js';
import { LedgerTransaction } from '../ledger/ledger-transaction.entity.js';
import { CampaignMilestone } from '../notifications/campaign-milestone.entity.js';
import { CampaignUpdate } from '../notifications/campaign-update.entity.js';
import { PledgeEmail } from '../notifications/pledge-email.entity.js';
import { ReceiptCounter } from '../notifications/receipt-counter.entity.js';
import { Receipt } from '../notifications/receipt.entity.js';
import { AnnualReceipt, AnnualReceiptCounter, AnnualReceiptRun } from '../notifications/annual-receipt.entity.js';
import { UpdateDelivery } from '../notifications/update-delivery.entity.js';
import { OrganisationProfileVersion } from '../organisation/organisation-profile.entity.js';
import { StripeEventRecord } from '../payments/stripe-event.entity.js';
import { OutboxEntry } from '../queue/outbox.entity.js';
import { ReconciliationAuditEntry } from '../reconciliation/reconciliation-audit-log.entity.js';
import { ReconciliationDiscrepancy } from '../reconciliation/reconciliation-discrepancy.entity.js';
import { ReconciliationRun } from '../reconciliation/reconciliation-run.entity.js';
import { StripeBalanceTransaction } from '../reconciliation/stripe-balance-transaction.entity.js';
import { StripePayout } from '../reconciliation/stripe-payout.entity.js';
import { StripeSyncCursor } from '../reconciliation/stripe-sync-cursor.entity.js';
import { StaffAuditEntry } from '../users/staff-audit-entry.entity.js';
import { StaffSession } from '../users/staff-session.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity (one per table), for the app, the migration runner and the drift test. */
export const ENTITIES = [
  // organisation
  OrganisationProfileVersion,
  // users
  User,
  StaffSession,
  StaffAuditEntry,
  // campaigns
  Campaign,
  CampaignTotalSlot,
  CampaignDonor,
  CampaignCoordinator,
  CampaignSlug,
  // ledger
  LedgerTransaction,
  LedgerPosting,
  // queue
  OutboxEntry,
  // donations
  Donor,
  Donation,
  DonorCashBalance,
  DonorCashReturn,
  CardDecline,
  CardTestingAlarm,
  // payments
  StripeEventRecord,
  // notifications
  Receipt,
  ReceiptCounter,
  AnnualReceipt,
  AnnualReceiptCounter,
  AnnualReceiptRun,
  CampaignUpdate,
  UpdateDelivery,
  CampaignMilestone,
  PledgeEmail,
  // reconciliation
  StripeBalanceTransaction,
  StripePayout,
  StripeSyncCursor,
  ReconciliationRun,
  ReconciliationDiscrepancy,
  ReconciliationAuditEntry,
];
