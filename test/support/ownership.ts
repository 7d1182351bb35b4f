import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Which module owns each table and publishes each view (../shared/ARCHITECTURE.md, "Modules (src/) and the tables
 * each owns"). A module's key is its folder under src/. Views are the read contracts other modules may join in SQL,
 * named `<module>_<name>_v`.
 */
export const OWNERSHIP: Record<string, { tables: string[]; views: string[] }> = {
  organisation: { tables: ['organisation_profiles'], views: [] },
  users: { tables: ['users', 'staff_sessions', 'staff_audit_log'], views: [] },
  campaigns: { tables: ['campaigns', 'campaign_total_slots', 'campaign_donors', 'campaign_coordinators', 'campaign_slug_history'], views: ['campaigns_summary_v'] },
  ledger: { tables: ['ledger_transactions', 'ledger_postings'], views: ['ledger_transactions_v', 'ledger_postings_v'] },
  queue: { tables: ['outbox'], views: [] },
  donations: { tables: ['donors', 'donations', 'donor_cash_balances', 'donor_cash_returns', 'card_declines', 'card_testing_alarms'], views: ['donations_summary_v'] },
  payments: { tables: ['stripe_events'], views: [] },
  notifications: {
    tables: [
      'receipts',
      'receipt_counters',
      'campaign_updates',
      'update_deliveries',
      'campaign_milestones',
      'pledge_emails',
      'annual_receipts',
      'annual_receipt_counters',
      'annual_receipt_runs',
    ],
    views: ['notifications_receipts_v'],
  },
  reconciliation: {
    tables: ['stripe_balance_transactions', 'stripe_payouts', 'stripe_sync_cursors', 'reconciliation_runs', 'reconciliation_discrepancies', 'reconciliation_audit_log'],
    views: ['reconciliation_ledger_links_v', 'reconciliation_payout_items_v'],
  },
};

export const SRC_DIR = join(process.cwd(), 'src');

/** Every `.ts` file under a folder, as paths relative to the repository root with `/` separators. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => relative(process.cwd(), join(dir, name)).split(sep).join('/'))
    .sort();
}

/** The module a source file belongs to: its folder right under src/ ('' for src/main.ts and the like). */
export function moduleOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : '';
}

export interface EntityDeclaration {
  file: string;
  module: string;
  className: string;
  table: string;
}

/** What each `*.entity.ts` under src/ declares: `@Entity({ name: 'table' })` on `export class Name`. */
export function entityDeclarations(): EntityDeclaration[] {
  return typeScriptFiles(SRC_DIR)
    .filter((file) => file.endsWith('.entity.ts'))
    .flatMap((file) => {
      const text = readFileSync(join(process.cwd(), file), 'utf8');
      return [...text.matchAll(/@Entity\(\{\s*name:\s*'(\w+)'[^)]*\)[\s\S]*?export class (\w+)/g)].map(([, table, className]) => ({
        file,
        module: moduleOf(file),
        className,
        table,
      }));
    });
}
