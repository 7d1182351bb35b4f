import type Stripe from 'stripe';
import type { PaymentInstructions } from './donation.entity.js';

/** What a PaymentIntent waiting for a konbini payment or a bank transfer asks of the donor; null for anything else. */
export function instructionsOf(intent: Stripe.PaymentIntent): { instructions: PaymentInstructions; expiresAt: Date | null; amountRemaining: number | null } | null {
  const action = intent.next_action;
  const voucher = action?.konbini_display_details;
  if (action?.type === 'konbini_display_details' && voucher) {
    const stores = Object.entries(voucher.stores ?? {})
      .filter(([, store]) => store)
      .map(([chain, store]) => ({
        chain,
        paymentCode: (store as { payment_code: string }).payment_code,
        confirmationNumber: (store as { confirmation_number?: string | null }).confirmation_number ?? null,
      }));
    const expiresAt = new Date(voucher.expires_at * 1000);
    return { instructions: { type: 'konbini', voucherUrl: voucher.hosted_voucher_url ?? '', expiresAt: expiresAt.toISOString(), stores }, expiresAt, amountRemaining: null };
  }
  const transfer = action?.display_bank_transfer_instructions;
  const zengin = transfer?.financial_addresses?.find((address) => address.type === 'zengin')?.zengin;
  if (action?.type === 'display_bank_transfer_instructions' && transfer && zengin) {
    return {
      instructions: {
        type: 'bank_transfer',
        bankName: zengin.bank_name ?? '',
        bankCode: zengin.bank_code ?? '',
        branchName: zengin.branch_name ?? '',
        branchCode: zengin.branch_code ?? '',
        accountType: zengin.account_type ?? '',
        accountNumber: zengin.account_number ?? '',
        accountHolderName: zengin.account_holder_name ?? '',
      },
      expiresAt: null,
      amountRemaining: transfer.amount_remaining ?? null,
    };
  }
  return null;
}

/** The PaymentIntent's payment attempt expired: a konbini voucher not paid by its deadline. */
export function attemptExpired(intent: Stripe.PaymentIntent): boolean {
  return intent.last_payment_error?.code === 'payment_intent_payment_attempt_expired';
}
