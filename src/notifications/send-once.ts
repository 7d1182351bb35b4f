import type { Job } from 'bullmq';
import { MAIL_DELIVERY_ERROR } from '../queue/queue.registry.js';

/** How one document (a receipt, an update to one donor) is claimed, kept and marked while it is mailed. */
interface SendClaim {
  /** Takes the claim unless the document is finished or another run holds an unexpired claim; true when taken. */
  claim(leaseMs: number): Promise<boolean>;
  renew(leaseMs: number): Promise<void>;
  markSent(): Promise<void>;
  /** Lets the claim go after a failed send and records why; `final` marks the document failed for the sweep and the admins. */
  markFailed(error: string, final: boolean): Promise<void>;
}

/** Finished: sent, or never to be sent (a receipt withdrawn, an update to a donor who unsubscribed). */
export type SendableDocument = SendClaim & { isFinished(): Promise<boolean> };

export type SendOutcome = 'sent' | 'finished_before' | 'failed';

/** Another run of the same job is mailing this document now: this run fails, and BullMQ retries it later. */
class SendInProgressError extends Error {}

/** The mail server did not take the message: the job waits with the mail backoff's long schedule. */
class MailDeliveryError extends Error {
  override readonly name = MAIL_DELIVERY_ERROR;
}

/** The run whose failure would be the job's last: its document is marked failed instead of the job failing. */
export function isLastAttempt(job: Pick<Job, 'attemptsMade' | 'opts'> | undefined): boolean {
  return job !== undefined && job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Mails a document once without holding a database connection while the mail server answers: a claim that lapses
 * after leaseMs keeps a second run of the same job away, and is renewed while the send waits. A sender that dies
 * lets it lapse, and the next run sends again with the same Message-ID.
 *
 * A failed send lets the claim go and counts the attempt. It throws, so BullMQ retries with the mail backoff, unless
 * it was the last attempt: then the document is marked failed (the sweep sends it again once the mail server
 * answers) and the job ends, its work handed over to that record.
 */
export async function sendOnce(document: SendableDocument, leaseMs: number, send: () => Promise<void>, lastAttempt = false): Promise<SendOutcome> {
  if (!(await document.claim(leaseMs))) {
    if (await document.isFinished()) return 'finished_before';
    throw new SendInProgressError('another run is mailing this document; retrying later');
  }
  const renewal = setInterval(() => void document.renew(leaseMs).catch(() => undefined), Math.max(250, Math.floor(leaseMs / 3)));
  try {
    await send();
  } catch (error) {
    clearInterval(renewal);
    const message = (error as Error).message ?? String(error);
    await document.markFailed(message, lastAttempt);
    if (lastAttempt) return 'failed';
    throw new MailDeliveryError(message, { cause: error });
  } finally {
    clearInterval(renewal);
  }
  await document.markSent();
  return 'sent';
}
