import type Stripe from 'stripe';
import type { FaultStack } from './fault-stack.js';

/**
 * The invariants every fault scenario ends with. Each is checked against the emulator's own record of what
 * happened (its events and PaymentIntents), not only against our database.
 */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface Findings {
  /** Events the emulator created. */
  events: number;
  /** Of those, the ones the emulator got a 2xx for. */
  acknowledged: number;
  storedEvents: number;
  succeeded: number;
  chargeTransactions: number;
  /** Distinct receipt Message-IDs that reached the mail server. */
  receipts: number;
  /** Receipt messages beyond the first with the same Message-ID. */
  resends: number;
}

export interface InvariantOptions {
  campaignIds: string[];
  /** How many receipt resends (same Message-ID) are tolerated: 0 on the normal path. */
  maxResends?: number;
}

export interface InvariantReport {
  checks: Check[];
  found: Findings;
}

const money = (value: string | number | null | undefined) => Number(value ?? 0);

async function succeededIntents(stripe: Stripe): Promise<Stripe.PaymentIntent[]> {
  const intents: Stripe.PaymentIntent[] = [];
  for await (const intent of stripe.paymentIntents.list({ limit: 100 })) if (intent.status === 'succeeded') intents.push(intent);
  return intents;
}

function listSome(items: string[], limit = 3): string {
  return items.length <= limit ? items.join(', ') : `${items.slice(0, limit).join(', ')} and ${items.length - limit} more`;
}

/** 1. Every event the emulator got a 2xx for is stored once; every succeeded PaymentIntent has exactly one charge in the ledger, for its amount. */
async function oneEffectPerEvent(stack: FaultStack, intents: Stripe.PaymentIntent[], found: Findings): Promise<Check> {
  const events = stack.emulator.events();
  const acknowledged = events.filter((e) => e.pending_webhooks === 0);
  const stored = await stack.sql<{ id: string; copies: string }>(`SELECT id, count(*) AS copies FROM stripe_events GROUP BY id`);
  const storedIds = new Map(stored.map((row) => [row.id, Number(row.copies)]));
  const emulatorIds = new Set(events.map((e) => e.id));
  const charges = await stack.sql<{ charge: string; copies: string; amount: string }>(
    `SELECT t.stripe_object_id AS charge, count(DISTINCT t.id) AS copies, -sum(p.amount) FILTER (WHERE p.account = 'campaign_gross') AS amount
       FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id WHERE t.kind = 'charge' GROUP BY t.stripe_object_id`,
  );
  const chargeRows = new Map(charges.map((row) => [row.charge, row]));
  found.events = events.length;
  found.acknowledged = acknowledged.length;
  found.storedEvents = stored.length;
  found.succeeded = intents.length;
  found.chargeTransactions = charges.reduce((sum, row) => sum + Number(row.copies), 0);

  const problems: string[] = [];
  const unacknowledged = events.length - acknowledged.length;
  if (unacknowledged) problems.push(`${unacknowledged} events never acknowledged`);
  const notStoredOnce = acknowledged.filter((e) => storedIds.get(e.id) !== 1).map((e) => e.id);
  if (notStoredOnce.length) problems.push(`acknowledged but not stored once: ${listSome(notStoredOnce)}`);
  const foreign = [...storedIds.keys()].filter((id) => !emulatorIds.has(id));
  if (foreign.length) problems.push(`stored but never sent by Stripe: ${listSome(foreign)}`);
  const chargeIds = new Set<string>();
  for (const intent of intents) {
    const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
    chargeIds.add(chargeId ?? '');
    const row = chargeId ? chargeRows.get(chargeId) : undefined;
    if (!row) problems.push(`no charge posted for ${intent.id}`);
    else if (Number(row.copies) !== 1) problems.push(`${row.copies} charges posted for ${intent.id}`);
    else if (money(row.amount) !== intent.amount_received) problems.push(`${intent.id}: posted ${row.amount}, Stripe received ${intent.amount_received}`);
  }
  const extra = charges.filter((row) => !chargeIds.has(row.charge)).map((row) => row.charge);
  if (extra.length) problems.push(`charges posted without a succeeded PaymentIntent: ${listSome(extra)}`);
  return {
    name: 'one effect per event',
    ok: problems.length === 0,
    detail: problems.length
      ? listSome(problems, 5)
      : `${acknowledged.length} acknowledged = ${stored.length} stored; ${intents.length} succeeded PaymentIntents = ${found.chargeTransactions} charges`,
  };
}

/** 2. For each campaign, what the ledger says was raised equals the API's totals, and both equal what Stripe received. */
async function ledgerEqualsTotals(stack: FaultStack, intents: Stripe.PaymentIntent[], campaignIds: string[]): Promise<Check> {
  const problems: string[] = [];
  const token = await stack.admin();
  // Public totals may be cached for up to a second (src/campaigns/public-totals.cache.ts): read them after that.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  for (const campaignId of campaignIds) {
    const [ledger] = await stack.sql<{ raised: string; donations: string }>(
      `SELECT -coalesce(sum(p.amount) FILTER (WHERE p.account IN ('campaign_gross', 'campaign_refunds', 'campaign_disputes')), 0) AS raised,
              count(DISTINCT t.id) FILTER (WHERE t.kind = 'charge') AS donations
         FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id WHERE t.campaign_id = $1`,
      [campaignId],
    );
    const stripeSide = intents.filter((i) => i.metadata.campaign_id === campaignId);
    const stripeRaised = stripeSide.reduce((sum, i) => sum + i.amount_received, 0);
    const publicTotals = (await stack.request('GET', `/api/campaigns/${campaignId}/totals`)).body;
    const staffTotals = (await stack.request('GET', `/api/campaigns/${campaignId}/totals`, { token })).body;
    const views = {
      ledger: [money(ledger.raised), money(ledger.donations)],
      public: [publicTotals.raisedAmount, publicTotals.donationCount],
      staff: [staffTotals.raisedAmount, staffTotals.donationCount],
      stripe: [stripeRaised, stripeSide.length],
    };
    const distinct = new Set(Object.values(views).map((v) => v.join('/')));
    if (distinct.size !== 1)
      problems.push(
        `campaign ${campaignId}: ${Object.entries(views)
          .map(([k, v]) => `${k} ${v.join('/')}`)
          .join(', ')}`,
      );
  }
  return {
    name: 'ledger = totals',
    ok: problems.length === 0,
    detail: problems.length ? problems.join('; ') : `${campaignIds.length} campaigns: ledger, public and staff totals and Stripe agree on raised amount and donation count`,
  };
}

/** 3. Every succeeded donation has exactly one receipt: the distinct receipt Message-IDs are the succeeded donations; resends are counted apart. */
async function oneReceiptEach(stack: FaultStack, intents: Stripe.PaymentIntent[], found: Findings, maxResends: number): Promise<Check> {
  const domain = stack.env.MAIL_FROM.split('@')[1];
  const expected = new Set(intents.map((i) => `<receipt.${i.metadata.donation_id}@${domain}>`));
  const received = stack.mail.receiptIds();
  const missing = [...expected].filter((id) => !received.has(id));
  const unexpected = [...received.keys()].filter((id) => !expected.has(id));
  const resends = [...received.values()].reduce((sum, copies) => sum + copies - 1, 0);
  found.receipts = received.size;
  found.resends = resends;
  const [numbers] = await stack.sql<{ issued: string; unsent: string; distinct_numbers: string; highest: string }>(
    `SELECT count(*) AS issued, count(*) FILTER (WHERE sent_at IS NULL) AS unsent, count(DISTINCT number) AS distinct_numbers, coalesce(max(sequence), 0) AS highest FROM receipts`,
  );
  const problems: string[] = [];
  if (missing.length) problems.push(`${missing.length} succeeded donations without a receipt: ${listSome(missing)}`);
  if (unexpected.length) problems.push(`receipts for donations that did not succeed: ${listSome(unexpected)}`);
  if (resends > maxResends) problems.push(`${resends} resends (at most ${maxResends} allowed here)`);
  if (Number(numbers.unsent)) problems.push(`${numbers.unsent} receipts issued but not sent`);
  // Receipt numbers are gap-free and never reused: a rolled-back issue gives its number back.
  if (Number(numbers.distinct_numbers) !== Number(numbers.issued) || Number(numbers.highest) !== Number(numbers.issued)) {
    problems.push(`receipt numbers not gap-free: ${numbers.issued} issued, ${numbers.distinct_numbers} distinct, highest ${numbers.highest}`);
  }
  return {
    name: 'one receipt each',
    ok: problems.length === 0,
    detail: problems.length
      ? problems.join('; ')
      : `${received.size} distinct receipts for ${expected.size} succeeded donations, ${resends} resends, numbers 1…${numbers.highest} gap-free`,
  };
}

/** Nothing left behind: every outbox row finished, none given up on. */
async function outboxDrained(stack: FaultStack): Promise<Check> {
  const [row] = await stack.sql<{ open: string; failed: string; total: string }>(
    `SELECT count(*) FILTER (WHERE completed_at IS NULL AND failed_at IS NULL) AS open, count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed, count(*) AS total FROM outbox`,
  );
  const ok = Number(row.open) === 0 && Number(row.failed) === 0;
  return { name: 'outbox drained', ok, detail: `${row.total} outbox rows, ${row.open} unfinished, ${row.failed} failed` };
}

export async function checkInvariants(stack: FaultStack, options: InvariantOptions): Promise<InvariantReport> {
  const intents = await succeededIntents(stack.stripe);
  const found: Findings = { events: 0, acknowledged: 0, storedEvents: 0, succeeded: 0, chargeTransactions: 0, receipts: 0, resends: 0 };
  const checks = [
    await oneEffectPerEvent(stack, intents, found),
    await ledgerEqualsTotals(stack, intents, options.campaignIds),
    await oneReceiptEach(stack, intents, found, options.maxResends ?? 0),
    await outboxDrained(stack),
  ];
  return { checks, found };
}
