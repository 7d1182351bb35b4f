import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';

/**
 * Applies one kind of Stripe event inside the transaction that stores it. Stripe delivers at least once
 * and in any order: every effect is keyed by a Stripe id, and nothing here calls Stripe's API.
 */
export interface StripeEventHandler {
  readonly eventTypes: readonly string[];
  handle(event: Stripe.Event, tx: EntityManager): Promise<void>;
  /** When present, applies all of a batch's events of these types at once, with set-based statements. */
  handleAll?(events: Stripe.Event[], tx: EntityManager): Promise<void>;
}

export const STRIPE_EVENT_HANDLERS = Symbol('STRIPE_EVENT_HANDLERS');

export function idOf(value: string | { id: string } | null | undefined): string | null {
  return typeof value === 'string' ? value : (value?.id ?? null);
}

/** The handler of each event type; two handlers claiming one type stop the boot, as two job handlers do. */
export function handlersByType(handlers: readonly StripeEventHandler[]): Map<string, StripeEventHandler> {
  const byType = new Map<string, StripeEventHandler>();
  for (const handler of handlers) {
    for (const type of handler.eventTypes) {
      const other = byType.get(type);
      if (other) throw new Error(`Stripe event "${type}" has two handlers, ${other.constructor.name} and ${handler.constructor.name}; it must have exactly one`);
      byType.set(type, handler);
    }
  }
  return byType;
}
