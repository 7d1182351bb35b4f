/**
 * Stripe's test-mode payment methods (docs.stripe.com/testing) and what a charge on each does.
 * Confirming with one of these tokens creates a new `pm_…` payment method, as Stripe does; the
 * emulator remembers which test card it stands for.
 */
export interface TestCard {
  brand: 'visa' | 'mastercard';
  last4: string;
  /** Where the card was issued; a card from another country than the account's is international. */
  country: string;
  /** Funds of its charges are available at once instead of after the settlement delay. */
  availableAtOnce?: boolean;
  /** Set when the charge is declined. */
  declineCode?: 'generic_decline' | 'insufficient_funds';
  /** After a successful charge, Stripe opens a dispute (chargeback) or an inquiry on it. */
  dispute?: 'chargeback' | 'inquiry';
  /** Refunds of its charges go `pending`, then `failed`. */
  refundFails?: boolean;
}

// Stripe's basic test cards (pm_card_visa and the rest) are issued in the United States, so on the default
// Japanese account they count as international cards; pm_card_jp is a Japanese card, pm_card_us an American one.
export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242', country: 'US' },
  pm_card_us: { brand: 'visa', last4: '4242', country: 'US' },
  pm_card_jp: { brand: 'visa', last4: '0003', country: 'JP' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', country: 'US' },
  pm_card_bypassPending: { brand: 'visa', last4: '0077', country: 'US', availableAtOnce: true },
  pm_card_visa_chargeDeclined: { brand: 'visa', last4: '0341', country: 'US', declineCode: 'generic_decline' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', country: 'US', declineCode: 'generic_decline' },
  pm_card_chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', country: 'US', declineCode: 'insufficient_funds' },
  pm_card_createDispute: { brand: 'visa', last4: '0259', country: 'US', dispute: 'chargeback' },
  pm_card_createDisputeInquiry: { brand: 'visa', last4: '1976', country: 'US', dispute: 'inquiry' },
  pm_card_refundFail: { brand: 'visa', last4: '5126', country: 'US', refundFails: true },
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
  '4000003920000003': 'pm_card_jp',
  '4000000000000341': 'pm_card_visa_chargeDeclined',
  '4000000000000002': 'pm_card_chargeDeclined',
  '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
  '4000000000000259': 'pm_card_createDispute',
  '4000000000001976': 'pm_card_createDisputeInquiry',
  '4000000000005126': 'pm_card_refundFail',
};
