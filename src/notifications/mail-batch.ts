import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { MAIL_RETRY_DELAYS_MS, mailRetryDelayMs } from '../queue/queue.registry.js';
import { type BatchTable, MailBatchRepository } from './mail-batch.repository.js';
import { MailService, type OutgoingMail } from './mail.service.js';

/**
 * One claimed document ready to go: its row id and its message, or null when it is not to be sent (the preparer
 * recorded why). A message that is costly to make (a receipt's PDF) is given as a function: it is made just before it
 * is sent, while the row's claim is being renewed, rather than a whole batch of them before the first one goes out.
 */
export interface PreparedMail {
  id: string;
  mail: OutgoingMail | (() => Promise<OutgoingMail>) | null;
}

type MailToSend = PreparedMail & { mail: NonNullable<PreparedMail['mail']> };

export interface DrainSpec {
  table: BatchTable;
  /**
   * Claims up to `limit` due rows for `leaseMs`, leaving out the `owed` ids, and renders them; an empty answer ends the
   * drain.
   */
  next(limit: number, leaseMs: number, owed: string[]): Promise<PreparedMail[]>;
  /** Refills before the drain hands over to the next job in the queue (so one long backlog does not starve another). */
  maxBatches: number;
}

/** While messages are still out and nothing was due, how soon to look again. */
const IDLE_POLL_MS = 200;

/** Every attempt of a mail, as the job retries had it: the first and one after each wait of MAIL_RETRY_DELAYS_MS. */
const ATTEMPTS = MAIL_RETRY_DELAYS_MS.length + 1;

/**
 * Sends claimed documents over the pooled SMTP transport, each on its own: a slow or refused address holds one
 * connection and its own row, never the others. While messages are out, the claims of every row not yet marked are
 * renewed together; marks (sent, or a failed attempt with the row's next due time) are written many per statement,
 * each flush taking whatever finished while the previous one ran. So at most the messages in flight and the few
 * finished while the last flush ran are unmarked at any moment (at most twice MAIL_CONNECTIONS): those are what a
 * killed worker sends again (the same Message-ID), once their claims lapse.
 */
@Injectable()
export class MailBatchSender {
  private readonly logger = new Logger('MailBatchSender');
  /**
   * Every row a drain of this process has claimed and not yet marked, by table. While PostgreSQL is away the claims
   * cannot be renewed and lapse; when it is back, a refill of another drain here must not take a row whose message is
   * already out and whose mark is still being retried: that would send it twice.
   */
  private readonly owed: Record<BatchTable, Set<string>> = { receipts: new Set(), update_deliveries: new Set() };

  constructor(
    private readonly mail: MailService,
    private readonly repository: MailBatchRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends until nothing is due or maxBatches refills were taken; returns how many were claimed, and whether any may be left. */
  async drain(spec: DrainSpec): Promise<{ claimed: number; more: boolean }> {
    const leaseMs = this.config.QUEUE_LOCK_MS;
    // One message per connection: more out at once would only wait in the pool, and would be more to send again after a kill.
    const inFlightLimit = this.config.MAIL_CONNECTIONS;
    const batchSize = this.config.MAIL_BATCH_SIZE;
    const delays = Array.from({ length: ATTEMPTS - 1 }, (_, i) => mailRetryDelayMs(i + 1, this.config.MAIL_RETRY_SCALE));
    const unmarked = new Set<string>();
    const owed = this.owed[spec.table];
    const hold = (id: string) => {
      unmarked.add(id);
      owed.add(id);
    };
    const letGo = (id: string) => {
      unmarked.delete(id);
      owed.delete(id);
    };
    const sent: string[] = [];
    const failed: { id: string; error: string }[] = [];
    let flushing: Promise<void> | undefined;
    let flushError: Error | undefined;

    const flush = (): Promise<void> => {
      flushing ??= (async () => {
        flushError = undefined;
        try {
          while (sent.length || failed.length) {
            const sentIds = sent.splice(0);
            const failures = failed.splice(0);
            try {
              await this.repository.markSent(spec.table, sentIds);
              await this.repository.markFailed(spec.table, failures, ATTEMPTS, delays);
            } catch (error) {
              sent.push(...sentIds);
              failed.push(...failures);
              throw error;
            }
            for (const id of sentIds) letGo(id);
            for (const f of failures) letGo(f.id);
          }
        } catch (error) {
          flushError = error as Error;
        } finally {
          flushing = undefined;
        }
      })();
      return flushing;
    };

    // When the claims were last taken or renewed: past two thirds of the lease they may lapse before a message is out.
    let claimsHeldAt = Date.now();
    const renewal = setInterval(
      () => {
        const renewing = Date.now();
        this.repository.renew(spec.table, [...unmarked], leaseMs).then(
          () => {
            claimsHeldAt = renewing;
          },
          (error: Error) => this.logger.warn({ error: error.message }, 'could not renew mail claims'),
        );
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    /**
     * Claims that could not be renewed (PostgreSQL away) may lapse, and another sender may then take those rows: what
     * is claimed but not started is let go rather than sent, so only the messages already out can go twice.
     */
    const letGoUnlessHeld = () => {
      if (Date.now() - claimsHeldAt < (leaseMs * 2) / 3) return;
      for (const item of queue.splice(0)) letGo(item.id);
    };
    const active = new Set<Promise<void>>();
    const queue: PreparedMail[] = [];
    let claimed = 0;
    let batches = 0;
    let exhausted = false;
    const start = (item: MailToSend) => {
      const message = typeof item.mail === 'function' ? item.mail() : Promise.resolve(item.mail);
      const sending = message
        .then((mail) => this.mail.send(mail))
        .then(
          () => void sent.push(item.id),
          (error: Error) => void failed.push({ id: item.id, error: error?.message ?? String(error) }),
        );
      const settled = sending.then(() => {
        active.delete(settled);
        void flush();
      });
      active.add(settled);
    };
    let failure: unknown;
    try {
      for (;;) {
        if (!queue.length && batches < spec.maxBatches) {
          const prepared = await spec.next(batchSize, leaseMs, [...owed]);
          claimsHeldAt = Date.now();
          if (prepared.length) batches += 1;
          claimed += prepared.length;
          exhausted = !prepared.length;
          for (const item of prepared) if (item.mail) hold(item.id);
          queue.push(...prepared.filter((item) => item.mail));
        }
        letGoUnlessHeld();
        while (queue.length && active.size < inFlightLimit) start(queue.shift() as MailToSend);
        if (!queue.length && !active.size && (exhausted || batches >= spec.maxBatches)) break;
        if (queue.length) {
          // Wait for a connection to come free.
          await Promise.race(active);
        } else if (exhausted || batches >= spec.maxBatches) {
          // Nothing to refill now, and messages still out (a slow address): new work is not left waiting for them.
          await Promise.race([...active, new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS))]);
        }
      }
    } catch (error) {
      failure = error;
    }
    try {
      // Even when a refill failed: what is out is waited for and marked, so it is not sent again.
      await Promise.all(active);
      await flushing;
      // PostgreSQL may be away for a moment: the marks are tried again while the claims are still renewed.
      for (let attempt = 1; sent.length || failed.length; attempt++) {
        await flush();
        if (!flushError) continue;
        if (attempt >= 5) throw flushError;
        await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      }
    } finally {
      clearInterval(renewal);
      // What is left was never started (a refill failed) or its mark could not be written: once its claim lapses, any sender may take it.
      for (const id of unmarked) owed.delete(id);
    }
    if (failure) throw failure;
    return { claimed, more: !exhausted };
  }
}
