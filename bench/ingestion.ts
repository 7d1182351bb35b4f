import type { StripeEvent } from '../tools/stripe-emulator/types.js';
import type { BenchDonation } from './load-types.js';

/** The ids of the donation a real payment_intent.succeeded event paid. */
export function idsOfEvent(event: StripeEvent): BenchDonation {
  const intent = event.data.object as { id: string; latest_charge: string; metadata: Record<string, string> };
  return { donationId: intent.metadata.donation_id, paymentIntentId: intent.id, chargeId: intent.latest_charge, eventId: event.id };
}
