import { formatMoney } from '../common/money-format.js';
import type { RegisterEntry } from '../notifications/receipt-register.service.js';
import { csvField, csvNumber, csvRow } from './csv.js';

export const REGISTER_HEADER = csvRow(
  [
    'number',
    'type',
    'issued_at',
    'replaces',
    'donation_id',
    'donor_id',
    'donor_name',
    'recipient_name',
    'postal_code',
    'address',
    'campaign',
    'fund_kind',
    'amount_minor',
    'currency',
    'amount',
    'sent_at',
    'withdrawn_at',
  ].map(csvField),
);

/** One document of the register; the amount both in minor units and as the document prints it. */
export function registerRow(entry: RegisterEntry): string {
  return csvRow([
    csvField(entry.number),
    csvField(entry.type),
    csvField(entry.issuedAt.toISOString()),
    csvField(entry.replaces),
    csvField(entry.donationId),
    csvField(entry.donorId),
    csvField(entry.donorName),
    csvField(entry.recipient?.name ?? null),
    csvField(entry.recipient?.postalCode ?? null),
    csvField(entry.recipient?.address ?? null),
    csvField(entry.campaign),
    csvField(entry.fundKind),
    csvNumber(entry.amount),
    csvField(entry.currency.toUpperCase()),
    csvField(formatMoney(entry.amount, entry.currency, entry.language)),
    csvField(entry.sentAt ? entry.sentAt.toISOString() : null),
    csvField(entry.withdrawnAt ? entry.withdrawnAt.toISOString() : null),
  ]);
}
