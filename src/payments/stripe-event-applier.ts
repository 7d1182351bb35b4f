import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Stripe from 'stripe';
import { DataSource, type EntityManager } from 'typeorm';
import { TotalsPublisher } from '../campaigns/totals-publisher.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { STRIPE_EVENT_HANDLERS, type StripeEventHandler, handlersByType } from './stripe-event-handler.js';
import { type PendingEvent, StripeEventsRepository } from './stripe-events.repository.js';

/** A failing event waits this long before its next try, doubling per failure, at most an hour. */
function retryAfterSeconds(attempts: number): number {
  return Math.min(3600, 2 ** Math.min(attempts, 12));
}

interface BatchResult {
  claimed: number;
  campaignIds: string[];
}

/**
 * Applies stored Stripe events in batches. Each batch is one transaction: it locks pending events (SKIP LOCKED, so
 * appliers in several processes never take the same one), runs each event's handler, writes the batch's totals in
 * one statement, and marks the events applied. A failing event is set aside with a delay and holds back no other. A crash rolls the whole batch back and its events are applied by the next batch: an event
 * is applied exactly once because marking it applied commits with its effects.
 *
 * The API process that stored an event kicks its applier at once; every process also sweeps the inbox on a timer,
 * which picks up what a process that died had stored but not applied.
 */
@Injectable()
export class StripeEventApplier implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StripeEventApplier');
  private readonly handlers: Map<string, StripeEventHandler>;
  private readonly lanes: Array<Promise<void> | null>;
  private pendingKick = false;
  private sweepTimer?: NodeJS.Timeout;
  private stopped = false;
  private lastFailure = '';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: StripeEventsRepository,
    private readonly money: MoneyPostingsService,
    private readonly publisher: TotalsPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STRIPE_EVENT_HANDLERS) handlers: StripeEventHandler[],
  ) {
    this.handlers = handlersByType(handlers);
    this.lanes = Array.from({ length: config.WEBHOOK_APPLIERS }, () => null);
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => this.kick(), this.config.WEBHOOK_APPLY_SWEEP_MS);
    this.sweepTimer.unref();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    await Promise.all(this.lanes);
  }

  /**
   * Asks for the inbox to be drained soon. Under load most kicks find every lane busy and only leave a note; a lane
   * that finishes sees it and drains again, taking everything that arrived meanwhile as one batch.
   */
  kick(): void {
    if (this.stopped) return;
    const free = this.lanes.indexOf(null);
    if (free === -1) {
      this.pendingKick = true;
      return;
    }
    this.pendingKick = false;
    this.lanes[free] = this.drain().finally(() => {
      this.lanes[free] = null;
      if (this.pendingKick) this.kick();
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.applyBatch();
        // After the commit: a live-totals stream reads the totals when it hears of the change.
        void this.publisher.changed(batch.campaignIds);
        if (this.stopped || batch.claimed < this.config.WEBHOOK_APPLY_BATCH) return;
      }
    } catch (error) {
      // The database is away or the batch hit a conflict: nothing was applied, and the next sweep tries again.
      const message = (error as Error).message;
      if (message !== this.lastFailure) this.logger.warn({ error: message }, 'applying stored Stripe events failed; retrying on the next sweep');
      this.lastFailure = message;
    }
  }

  /**
   * The common case costs no savepoints: the whole batch in one transaction. If any event fails, the batch rolls
   * back whole and its events are applied one per transaction, so the failing one is set aside and no other waits.
   */
  private async applyBatch(): Promise<BatchResult> {
    try {
      return await this.applyInOneTransaction(this.config.WEBHOOK_APPLY_BATCH);
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'a batch of stored Stripe events failed; applying its events one by one');
      return this.applyOneByOne(this.config.WEBHOOK_APPLY_BATCH);
    }
  }

  private applyInOneTransaction(limit: number, onClaimed?: (event: PendingEvent) => void): Promise<BatchResult> {
    return this.dataSource.transaction(async (tx) => {
      const pending = await this.events.claimPending(tx, limit);
      if (!pending.length) return { claimed: 0, campaignIds: [] };
      this.money.openBatch(tx);
      for (const stored of pending) onClaimed?.(stored);
      await this.applyAll(pending, tx);
      const campaignIds = await this.money.flushBatch(tx);
      await this.events.markApplied(
        tx,
        pending.map((event) => event.id),
      );
      this.lastFailure = '';
      return { claimed: pending.length, campaignIds };
    });
  }

  private async applyOneByOne(limit: number): Promise<BatchResult> {
    const campaignIds = new Set<string>();
    let claimed = 0;
    while (claimed < limit && !this.stopped) {
      let current: PendingEvent | undefined;
      try {
        const one = await this.applyInOneTransaction(1, (event) => {
          current = event;
        });
        if (!one.claimed) break;
        for (const id of one.campaignIds) campaignIds.add(id);
      } catch (error) {
        if (!current) throw error;
        const message = (error as Error).message.slice(0, 500);
        await this.events.markFailed(current.id, message, retryAfterSeconds(current.attempts));
        this.logger.warn({ eventId: current.id, type: current.type, error: message }, 'a stored Stripe event failed to apply; it waits and is tried again');
      }
      claimed += 1;
    }
    return { claimed, campaignIds: [...campaignIds] };
  }

  /**
   * Handlers that take a batch get all of its events of their types at once; the others get theirs one by one, in
   * the order received. Effects are order-independent, so applying by type first gives the same result.
   */
  private async applyAll(pending: PendingEvent[], tx: EntityManager): Promise<void> {
    const byHandler = new Map<StripeEventHandler, Stripe.Event[]>();
    for (const stored of pending) {
      const handler = this.handlers.get(stored.type);
      if (!handler) continue;
      const events = byHandler.get(handler) ?? [];
      events.push(JSON.parse(stored.payload) as Stripe.Event);
      byHandler.set(handler, events);
    }
    for (const [handler, events] of byHandler) {
      if (handler.handleAll) await handler.handleAll(events, tx);
      else for (const event of events) await handler.handle(event, tx);
    }
  }
}
