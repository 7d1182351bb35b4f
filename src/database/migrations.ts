import { Foundation1764300000000 } from '../../migrations/1764300000000-foundation.js';
import { DonationsLedger1764400000000 } from '../../migrations/1764400000000-donations-ledger.js';
import { Notifications1764500000000 } from '../../migrations/1764500000000-notifications.js';
import { Reconciliation1764600000000 } from '../../migrations/1764600000000-reconciliation.js';
import { ModuleViews1764800000000 } from '../../migrations/1764800000000-module-views.js';
import { SendClaims1764800000001 } from '../../migrations/1764800000001-send-claims.js';
import { LedgerNoTruncate1764800000002 } from '../../migrations/1764800000002-ledger-no-truncate.js';
import { StaffAccounts1764800000003 } from '../../migrations/1764800000003-staff-accounts.js';
import { CardTesting1764800000004 } from '../../migrations/1764800000004-card-testing.js';
import { FailuresThatHeal1764800000005 } from '../../migrations/1764800000005-failures-that-heal.js';
import { EventInbox1764900000000 } from '../../migrations/1764900000000-event-inbox.js';
import { BatchedMail1764900000001 } from '../../migrations/1764900000001-batched-mail.js';
import { SettlementCurrency1765000000000 } from '../../migrations/1765000000000-settlement-currency.js';
import { GoalsOfAnySize1765100000000 } from '../../migrations/1765100000000-goals-of-any-size.js';
import { Pledges1765200000000 } from '../../migrations/1765200000000-pledges.js';
import { PledgeEmails1765300000000 } from '../../migrations/1765300000000-pledge-emails.js';

import { BilingualCampaigns1765400000000 } from '../../migrations/1765400000000-bilingual-campaigns.js';
import { StaffLanguage1765410000000 } from '../../migrations/1765410000000-staff-language.js';
import { CashBalanceReturns1765210000000 } from '../../migrations/1765210000000-cash-balance-returns.js';
import { CampaignSlugHistory1765420000000 } from '../../migrations/1765420000000-campaign-slug-history.js';
import { ReceiptRegister1765520000000 } from '../../migrations/1765520000000-receipt-register.js';
import { TaxReceipts1765500000000 } from '../../migrations/1765500000000-tax-receipts.js';
import { DonorMerge1765510000000 } from '../../migrations/1765510000000-donor-merge.js';

/** Listed explicitly so the same list works from TypeScript sources and from dist/. */
export const MIGRATIONS = [
  Foundation1764300000000,
  DonationsLedger1764400000000,
  Notifications1764500000000,
  Reconciliation1764600000000,
  ModuleViews1764800000000,
  SendClaims1764800000001,
  LedgerNoTruncate1764800000002,
  StaffAccounts1764800000003,
  CardTesting1764800000004,
  FailuresThatHeal1764800000005,
  EventInbox1764900000000,
  BatchedMail1764900000001,
  SettlementCurrency1765000000000,
  GoalsOfAnySize1765100000000,
  Pledges1765200000000,
  CashBalanceReturns1765210000000,
  PledgeEmails1765300000000,
  BilingualCampaigns1765400000000,
  StaffLanguage1765410000000,
  CampaignSlugHistory1765420000000,
  TaxReceipts1765500000000,
  DonorMerge1765510000000,
  ReceiptRegister1765520000000,
];
