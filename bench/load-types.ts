import type { CapturedStatement } from './capture-sql.js';

/** One donation the ingestion benchmark pays: a pending row in the database and the Stripe ids of its payment. */
export interface BenchDonation {
  donationId: string;
  paymentIntentId: string;
  chargeId: string;
  eventId: string;
}

export interface WebhookLoad {
  mode: 'webhooks';
  url: string;
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
  url: string;
  concurrency: number;
  seconds: number;
}

export interface ReplayLoad {
  mode: 'replay';
  databaseUrl: string;
  concurrency: number;
  poolSize: number;
  statements: CapturedStatement[];
  templateIds: BenchDonation;
  donations: BenchDonation[];
}

export type LoadSpec = WebhookLoad | GetLoad | ReplayLoad;

export interface LoadResult {
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface FanOutResult {
  seconds: number;
  sent: number;
  finished: boolean;
}
