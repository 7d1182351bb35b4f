/** One donation the ingestion benchmark pays: a pending row in the database and the Stripe ids of its payment. */
export interface BenchDonation {
  donationId: string;
  paymentIntentId: string;
  chargeId: string;
  eventId: string;
}

export interface WebhookLoad {
  mode: 'webhooks';
  /** One per API process; autocannon spreads its connections over them. */
  urls: string[];
  secret: string;
  concurrency: number;
  /** A real payment_intent.succeeded event as JSON text, with templateIds inside. */
  eventTemplate: string;
  /** The ids of the donation the template was captured from; each request substitutes its own. */
  templateIds: BenchDonation;
  donations: BenchDonation[];
}

export interface GetLoad {
  mode: 'get';
  urls: string[];
  concurrency: number;
  seconds: number;
}

/** The ingestion baseline: the minimal donation transaction on the bench's own tables (minimal-transaction.ts). */
export interface MinimalLoad {
  mode: 'minimal';
  databaseUrl: string;
  concurrency: number;
  poolSize: number;
  /** Stored as each event's payload, so the baseline writes as many bytes as a webhook does. */
  eventTemplate: string;
  templateIds: BenchDonation;
  donations: BenchDonation[];
  amount: number;
}

/** Donors giving through the whole path: the API creates the donation, the donor pays at the emulator. */
export interface SurgeLoad {
  mode: 'surge';
  /** API base URLs; donors are spread over them in turn. */
  apiUrls: string[];
  stripePort: number;
  campaignId: string;
  currency: string;
  count: number;
  concurrency: number;
  tag: string;
}

export type LoadSpec = WebhookLoad | GetLoad | MinimalLoad | SurgeLoad;

export interface LoadResult {
  completed: number;
  failed: number;
  /** Wall clock (ms since the epoch) when the first request went out, to line up with database timestamps. */
  startedAtMs: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SurgeDonation {
  donationId: string;
  amount: number;
}

export interface SurgeResult extends LoadResult {
  donations: SurgeDonation[];
}

export interface FanOutResult {
  seconds: number;
  sent: number;
  finished: boolean;
}
