/**
 * The checks that make a throughput figure count: every donation paid once in the ledger, totals equal to the sum
 * of what was given, one receipt per donation with a gap-free number, and exactly one email per receipt.
 * Each check returns the problems it found (none: exact), so a report can say what went wrong.
 */
import type pg from 'pg';
import type { SinkMessage } from './smtp-sink.js';

export interface CampaignCounters {
  gross: number;
  donations: number;
}

export async function campaignCounters(client: pg.Client, campaignId: string): Promise<CampaignCounters> {
  const { rows } = await client.query(
    `SELECT COALESCE(sum(gross_amount), 0)::bigint AS gross, COALESCE(sum(donation_count), 0)::bigint AS donations FROM campaign_total_slots WHERE campaign_id = $1`,
    [campaignId],
  );
  return { gross: Number(rows[0].gross), donations: Number(rows[0].donations) };
}

/** Each donation succeeded, with exactly one balanced charge in the ledger; the campaign's counters grew by exactly their sum. */
export async function ledgerProblems(client: pg.Client, donations: { donationId: string; amount: number }[], before: CampaignCounters, after: CampaignCounters): Promise<string[]> {
  const ids = donations.map((d) => d.donationId);
  const { rows } = await client.query(
    `SELECT (SELECT count(*)::int FROM donations WHERE id = ANY($1) AND status = 'succeeded') AS succeeded,
            (SELECT count(*)::int FROM ledger_transactions WHERE kind = 'charge' AND donation_id = ANY($1)) AS charges,
            (SELECT count(DISTINCT donation_id)::int FROM ledger_transactions WHERE kind = 'charge' AND donation_id = ANY($1)) AS charged,
            (SELECT count(*)::int FROM (
               SELECT 1 FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
                WHERE t.kind = 'charge' AND t.donation_id = ANY($1) GROUP BY t.id, p.currency HAVING sum(p.amount) <> 0) AS u) AS unbalanced`,
    [ids],
  );
  const { succeeded, charges, charged, unbalanced } = rows[0];
  const sum = donations.reduce((total, d) => total + d.amount, 0);
  const problems: string[] = [];
  if (succeeded !== ids.length) problems.push(`${succeeded} of ${ids.length} donations succeeded`);
  if (charged !== ids.length) problems.push(`${charged} of ${ids.length} donations charged in the ledger`);
  if (charges !== charged) problems.push(`${charges - charged} donations charged twice`);
  if (unbalanced > 0) problems.push(`${unbalanced} unbalanced ledger transactions`);
  if (after.gross - before.gross !== sum) problems.push(`campaign total grew by ${after.gross - before.gross}, the donations sum to ${sum}`);
  if (after.donations - before.donations !== ids.length) problems.push(`campaign donation count grew by ${after.donations - before.donations}, not ${ids.length}`);
  return problems;
}

interface ReceiptRow {
  donation_id: string;
  number: string;
}

/** The receipt numbers of a year are 1..n with none missing or repeated (numbers of every campaign: they share one counter). */
export function sequenceProblems(sequences: number[]): string[] {
  const distinct = new Set(sequences);
  const problems: string[] = [];
  if (distinct.size !== sequences.length) problems.push(`${sequences.length - distinct.size} receipt numbers used twice`);
  const max = Math.max(0, ...sequences);
  if (max !== distinct.size) problems.push(`receipt numbers run to ${max} but there are ${distinct.size}: ${max - distinct.size} missing`);
  return problems;
}

export async function receiptProblems(client: pg.Client, donationIds: string[]): Promise<{ problems: string[]; numbers: Map<string, string> }> {
  const { rows } = await client.query<ReceiptRow>(`SELECT donation_id, number FROM receipts WHERE kind = 'receipt' AND donation_id = ANY($1)`, [donationIds]);
  const numbers = new Map(rows.map((r) => [r.donation_id, r.number]));
  const problems: string[] = [];
  if (numbers.size !== donationIds.length) problems.push(`${numbers.size} of ${donationIds.length} donations have a receipt`);
  if (rows.length !== numbers.size) problems.push(`${rows.length - numbers.size} donations have two receipts`);
  const years = await client.query<{ year: number; sequences: number[] }>(`SELECT year, array_agg(sequence) AS sequences FROM receipts GROUP BY year`);
  for (const { year, sequences } of years.rows) problems.push(...sequenceProblems(sequences).map((p) => `${year}: ${p}`));
  return { problems, numbers };
}

/**
 * Exactly one receipt email per donation, with the PDF, and the number in its subject the one the database issued.
 * `messages` are every receipt email the sink took during the run; mails for other donations are not counted here.
 */
export function mailProblems(messages: SinkMessage[], numbers: Map<string, string>, donationIds: string[]): string[] {
  const wanted = new Set(donationIds);
  const byDonation = new Map<string, SinkMessage[]>();
  for (const message of messages) {
    const donationId = message.id.slice('receipt.'.length);
    if (!wanted.has(donationId)) continue;
    byDonation.set(donationId, [...(byDonation.get(donationId) ?? []), message]);
  }
  const problems: string[] = [];
  const missing = donationIds.filter((id) => !byDonation.has(id)).length;
  if (missing > 0) problems.push(`${missing} donations got no receipt email`);
  const twice = [...byDonation.values()].filter((list) => list.length > 1).length;
  if (twice > 0) problems.push(`${twice} donations got their receipt email more than once`);
  const mails = [...byDonation.values()].flat();
  const withoutPdf = mails.filter((m) => !m.pdf).length;
  if (withoutPdf > 0) problems.push(`${withoutPdf} receipt emails without a PDF`);
  const wrongNumber = [...byDonation].filter(([id, list]) => list.some((m) => !numbers.has(id) || !m.subject.includes(numbers.get(id)!))).length;
  if (wrongNumber > 0) problems.push(`${wrongNumber} receipt emails whose subject lacks the issued number`);
  return problems;
}

/** Receipt emails the sink took for these donations (first one per donation; duplicates are mailProblems' business). */
export function receiptsFor(messages: SinkMessage[], donationIds: Set<string>): SinkMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const id = m.id.slice('receipt.'.length);
    if (!donationIds.has(id) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
