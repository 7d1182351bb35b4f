import type { Donation } from './donation.entity.js';
import type { NextAction } from './dto/donation.dto.js';

/** What a pledge asks of the donor, as the API shows it (CONTRACT.md: nextAction); null for a card or before Stripe answered. */
export function nextActionOf(donation: Pick<Donation, 'paymentInstructions' | 'amountRemaining' | 'amount' | 'coveredFeeAmount'>): NextAction | null {
  const instructions = donation.paymentInstructions;
  if (!instructions) return null;
  if (instructions.type === 'konbini') {
    return { type: 'konbini', voucherUrl: instructions.voucherUrl, expiresAt: instructions.expiresAt, stores: instructions.stores };
  }
  const { type, bankName, bankCode, branchName, branchCode, accountType, accountNumber, accountHolderName } = instructions;
  return {
    type,
    bankName,
    bankCode,
    branchName,
    branchCode,
    accountType,
    accountNumber,
    accountHolderName,
    amountRemaining: donation.amountRemaining ?? donation.amount + donation.coveredFeeAmount,
  };
}
