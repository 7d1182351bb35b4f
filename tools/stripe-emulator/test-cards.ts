/**
 * Stripe's test-mode payment methods (docs.stripe.com/testing) and what a charge on each does.
 * Confirming with one of these tokens creates a new `pm_…` payment method, as Stripe does; the
 * emulator remembers which test card it stands for.
 */
export interface TestCard {
  brand: 'visa' | 'mastercard';
  last4: string;
  /** Set when the charge is declined. */
  declineCode?: 'generic_decline' | 'insufficient_funds';
  /** After a successful charge, Stripe opens a dispute (chargeback) or an inquiry on it. */
  dispute?: 'chargeback' | 'inquiry';
  /** Refunds of its charges go `pending`, then `failed`. */
  refundFails?: boolean;
}

export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_bypassPending: { brand: 'visa', last4: '0077' },
  pm_card_visa_chargeDeclined: { brand: 'visa', last4: '0341', declineCode: 'generic_decline' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', declineCode: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', declineCode: 'insufficient_funds' },
  pm_card_createDispute: { brand: 'visa', last4: '0259', dispute: 'chargeback' },
  pm_card_createDisputeInquiry: { brand: 'visa', last4: '1976', dispute: 'inquiry' },
  pm_card_refundFail: { brand: 'visa', last4: '5126', refundFails: true },
};

export const DECLINE_MESSAGES: Record<NonNullable<TestCard['declineCode']>, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
};

/** Stripe's test card numbers for the tokens above, as a donor types them on the emulator's card form. */
export const TEST_CARD_NUMBERS: Record<string, string> = {
  '4242424242424242': 'pm_card_visa',
  '5555555555554444': 'pm_card_mastercard',
  '4000000000000077': 'pm_card_bypassPending',
  '4000000000000341': 'pm_card_visa_chargeDeclined',
  '4000000000000002': 'pm_card_chargeDeclined',
  '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
  '4000000000000259': 'pm_card_createDispute',
  '4000000000001976': 'pm_card_createDisputeInquiry',
  '4000000000005126': 'pm_card_refundFail',
};
