import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { createSubscriber } from '../redis/pubsub.js';
import { Coalescer } from './coalescer.js';
import { PublicTotalsCache } from './public-totals.cache.js';
import { decodeCampaignIds, totalsChannel } from './totals-channel.js';
import { publicTotalsView } from './totals-view.js';

/** A page shows a gift within this time, and no campaign's watchers get more than one event per interval. */
const PUSH_INTERVAL_MS = 1_000;
/** Below the idle timeouts of common proxies and load balancers (often 30 or 60 s). */
export const HEARTBEAT_MS = 25_000;
/** How long a browser's EventSource waits before it reconnects. */
const RETRY_MS = 3_000;
/** A client that lets this much pile up unread is cut off: it costs memory for every one of its events. */
const MAX_UNREAD_BYTES = 64 * 1024;

function totalsEvent(json: string): string {
  return `event: totals\ndata: ${json}\n\n`;
}

/**
 * The live-totals streams of this process. Each watcher costs its socket and one entry in a Set: events are written
 * straight to the raw response, one timer beats for all of them, and one Redis subscriber (opened with the first
 * watcher) hears every change. A change reads the totals once per campaign, whatever the number of watchers.
 */
@Injectable()
export class TotalsStreamHub implements OnModuleDestroy {
  private readonly logger = new Logger(TotalsStreamHub.name);
  private readonly watchers = new Map<string, Set<ServerResponse>>();
  /** Watchers whose first event has not been written yet: a push reaching them first makes their own read moot. */
  private readonly awaitingFirst = new Set<ServerResponse>();
  /** What each watched campaign's watchers were last sent: a change that changes nothing public is not sent. */
  private readonly lastSent = new Map<string, string>();
  private readonly coalescer = new Coalescer(PUSH_INTERVAL_MS, (campaignId) => this.push(campaignId));
  private readonly channel: string;
  private count = 0;
  private subscriber?: Redis;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly totals: PublicTotalsCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = totalsChannel(config);
  }

  get watcherCount(): number {
    return this.count;
  }

  hasRoom(): boolean {
    return this.count < this.config.SSE_MAX_WATCHERS;
  }

  /** Takes over `response` (already hijacked from Fastify) until the client goes away or the process stops. */
  async watch(campaignId: string, response: ServerResponse, headers: OutgoingHttpHeaders): Promise<void> {
    this.subscribe();
    response.writeHead(200, headers);
    response.write(`retry: ${RETRY_MS}\n\n`);
    let watchers = this.watchers.get(campaignId);
    if (!watchers) {
      watchers = new Set();
      this.watchers.set(campaignId, watchers);
    }
    watchers.add(response);
    this.awaitingFirst.add(response);
    this.count++;
    this.heartbeat ??= setInterval(() => this.beat(), HEARTBEAT_MS).unref();
    response.once('close', () => this.remove(campaignId, response));
    // Read after joining: a push that read newer totals meanwhile reaches this watcher, and this read cannot be older
    // than that push's (it replaced the cached read), so the page never goes back to older figures.
    try {
      const { campaign, totals } = await this.totals.get(campaignId);
      if (!this.awaitingFirst.delete(response)) return;
      const json = JSON.stringify(publicTotalsView(campaign, totals));
      if (watchers.size === 1) this.lastSent.set(campaignId, json);
      this.write(response, totalsEvent(json));
    } catch (error) {
      // The client's EventSource reconnects after RETRY_MS, and the page polls if that keeps failing.
      if (this.awaitingFirst.delete(response)) response.end();
      this.logger.warn({ error: (error as Error).message }, 'could not read the totals for a new stream');
    }
  }

  onModuleDestroy(): void {
    this.coalescer.stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    // Open streams would keep the HTTP server from closing; the browsers reconnect to another process.
    for (const watchers of this.watchers.values()) for (const response of watchers) response.end();
    this.watchers.clear();
    this.awaitingFirst.clear();
    this.lastSent.clear();
    this.count = 0;
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  private subscribe(): void {
    if (this.subscriber) return;
    this.subscriber = createSubscriber(
      this.config.REDIS_URL,
      (channel, message) => channel === this.channel && this.changed(decodeCampaignIds(message)),
      () => this.changed(this.watchers.keys()),
    );
    // Changes published before the subscription took effect were not heard: read every watched campaign once it has.
    this.subscriber.subscribe(this.channel).then(
      () => this.changed(this.watchers.keys()),
      (error: Error) => this.logger.warn({ error: error.message }, 'could not subscribe to totals changes'),
    );
  }

  private changed(campaignIds: Iterable<string>): void {
    for (const id of campaignIds) if (this.watchers.has(id)) this.coalescer.signal(id);
  }

  private async push(campaignId: string): Promise<void> {
    if (!this.watchers.has(campaignId)) return;
    let json: string;
    try {
      const { campaign, totals } = await this.totals.refresh(campaignId);
      json = JSON.stringify(publicTotalsView(campaign, totals));
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'could not read totals to push; trying again');
      throw error;
    }
    const watchers = this.watchers.get(campaignId);
    if (!watchers || this.lastSent.get(campaignId) === json) return;
    this.lastSent.set(campaignId, json);
    const event = totalsEvent(json);
    for (const response of watchers) {
      this.awaitingFirst.delete(response);
      this.write(response, event);
    }
  }

  private beat(): void {
    for (const watchers of this.watchers.values()) for (const response of watchers) this.write(response, ':\n\n');
  }

  private write(response: ServerResponse, chunk: string): void {
    if (response.destroyed || response.writableEnded) return;
    response.write(chunk);
    if (response.writableLength > MAX_UNREAD_BYTES) response.destroy();
  }

  private remove(campaignId: string, response: ServerResponse): void {
    const watchers = this.watchers.get(campaignId);
    if (!watchers?.delete(response)) return;
    this.awaitingFirst.delete(response);
    this.count--;
    if (watchers.size === 0) {
      this.watchers.delete(campaignId);
      this.lastSent.delete(campaignId);
      this.coalescer.forget(campaignId);
    }
    if (this.count === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }
}
