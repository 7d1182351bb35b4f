import { noSuchObject } from './errors.js';
import type { StripeObject } from './types.js';

/** The stored objects of one kind, in creation order. */
export class Collection<T extends StripeObject> {
  private readonly byId = new Map<string, T>();
  private readonly ordered: T[] = [];

  /** `kind` names the object in errors ("No such payment_intent: 'pi_…'"), `url` is its list URL. */
  constructor(
    readonly kind: string,
    readonly url: string,
  ) {}

  add(item: T): T {
    this.byId.set(item.id, item);
    this.ordered.push(item);
    return item;
  }

  find(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** The object, or Stripe's resource_missing error (404 for a path id, 400 when `param` names a parameter). */
  get(id: string, param?: string): T {
    const item = this.byId.get(id);
    if (!item) throw noSuchObject(this.kind, id, param);
    return item;
  }

  oldestFirst(): readonly T[] {
    return this.ordered;
  }

  newestFirst(): T[] {
    return [...this.ordered].reverse();
  }
}
