import type { StripeEvent } from '../tools/stripe-emulator/types.js';
import type { CapturedStatement } from './capture-sql.js';
import type { BenchDonation } from './load-types.js';

/** The transaction in which the API recorded one event: from its START TRANSACTION to its COMMIT, on one connection. */
export function statementsOfEvent(captured: CapturedStatement[], eventId: string): CapturedStatement[] {
  const insert = captured.findIndex((s) => s.text.includes('INSERT INTO stripe_events') && s.values[0] === eventId);
  if (insert < 0) throw new Error(`the capture has no INSERT of event ${eventId}`);
  const { connection } = captured[insert];
  const same = captured.map((s, index) => ({ s, index })).filter(({ s }) => s.connection === connection);
  const at = same.findIndex(({ index }) => index === insert);
  const begin = same.slice(0, at).findLastIndex(({ s }) => /^(START TRANSACTION|BEGIN)/i.test(s.text));
  const commit = same.slice(at).findIndex(({ s }) => /^COMMIT/i.test(s.text));
  if (begin < 0 || commit < 0) throw new Error(`event ${eventId} was not recorded in one transaction`);
  return same.slice(begin, at + commit + 1).map(({ s }) => s);
}

/** The ids of the donation a real payment_intent.succeeded event paid. */
export function idsOfEvent(event: StripeEvent): BenchDonation {
  const intent = event.data.object as { id: string; latest_charge: string; metadata: Record<string, string> };
  return { donationId: intent.metadata.donation_id, paymentIntentId: intent.id, chargeId: intent.latest_charge, eventId: event.id };
}
