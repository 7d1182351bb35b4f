import { capture } from './capture.js';
import { Collection } from './collection.js';
import { newId, nowSeconds } from './ids.js';
import type { RequestOrigin, StripeEvent, StripeObject } from './types.js';
import { PINNED_API_VERSION } from './versions.js';

/** Every event, in order, each handed to the webhook deliverer when it is created. */
export class EventLog {
  readonly all = new Collection<StripeEvent>('event', '/v1/events');

  constructor(
    private readonly deliver: (event: StripeEvent) => void,
    private readonly endpointCount: () => number,
  ) {}

  /** Records an event carrying a snapshot of `object` as it is now. */
  emit(type: string, object: object, origin: RequestOrigin, previousAttributes?: Record<string, unknown>): StripeEvent {
    const data: StripeEvent['data'] = { object: structuredClone(object) };
    if (previousAttributes) data.previous_attributes = structuredClone(previousAttributes);
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: PINNED_API_VERSION,
      created: nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: this.endpointCount(),
      request: { id: origin.id, idempotency_key: origin.idempotencyKey },
      type,
    };
    this.all.add(event);
    capture({ kind: 'event', body: event });
    this.deliver(event);
    return event;
  }
}

/** The values that `change` replaced, for `data.previous_attributes` of an `*.updated` event. */
export function previousValues(object: StripeObject, change: () => void): Record<string, unknown> {
  const before = structuredClone(object);
  change();
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(object[key])) previous[key] = before[key];
  }
  return previous;
}
