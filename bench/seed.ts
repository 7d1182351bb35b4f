import type { Client } from 'pg';
import type { BenchDonation } from './load-types.js';

/**
 * Donations as the API leaves them after a donor starts to give: one donor each, pending, with the id of
 * their PaymentIntent. Written straight to the database, so that setting up 100,000 of them takes seconds.
 */
export async function seedDonations(client: Client, campaignId: string, tag: string, count: number, amount: number, status: 'pending' | 'succeeded'): Promise<BenchDonation[]> {
  const rows: { id: string; n: number }[] = (
    await client.query(
      `WITH donor AS (
         INSERT INTO donors (email, name) SELECT format('bench-%s-%s@example.org', $2::text, n), 'Bench donor ' || n FROM generate_series(1, $3::int) AS n
         RETURNING id, split_part(split_part(email, '@', 1), '-', 3)::int AS n)
       INSERT INTO donations (campaign_id, donor_id, amount, currency, status, language, payment_intent_id, charge_id, succeeded_at)
       SELECT $1, donor.id, $4, c.currency, $5, 'en', format('pi_bench%s_%s', $2::text, donor.n),
              CASE WHEN $5 = 'succeeded' THEN format('ch_bench%s_%s', $2::text, donor.n) END, CASE WHEN $5 = 'succeeded' THEN now() END
         FROM donor, campaigns c WHERE c.id = $1
       RETURNING id, split_part(payment_intent_id, '_', 3)::int AS n`,
      [campaignId, tag, count, amount, status],
    )
  ).rows;
  return rows.map(({ id, n }) => ({ donationId: id, paymentIntentId: `pi_bench${tag}_${n}`, chargeId: `ch_bench${tag}_${n}`, eventId: `evt_bench${tag}_${n}` }));
}
