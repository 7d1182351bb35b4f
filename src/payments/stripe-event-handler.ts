import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';

/**
 * Applies one kind of Stripe event inside the transaction that stores it. Stripe delivers at least once
 * and in any order: every effect is keyed by a Stripe id, and nothing here calls Stripe's API.
 */
export interface StripeEventHandler {
  readonly eventTypes: readonly string[];
  handle(event: Stripe.Event, tx: EntityManager): Promise<void>;
}

export const STRIPE_EVENT_HANDLERS = Symbol('STRIPE_EVENT_HANDLERS');

export function idOf(value: string | { id: string } | null | undefined): string | null {
  return typeof value === 'string' ? value : (value?.id ?? null);
}
