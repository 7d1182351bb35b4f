/** How one document (a receipt, an update to one donor) is claimed, kept and marked while it is mailed. */
interface SendClaim {
  /** Takes the claim unless the document was sent or another run holds an unexpired claim; true when taken. */
  claim(leaseMs: number): Promise<boolean>;
  renew(leaseMs: number): Promise<void>;
  markSent(): Promise<void>;
}

export type SendableDocument = SendClaim & { isSent(): Promise<boolean> };

/** Another run of the same job is mailing this document now: this run fails, and BullMQ retries it later. */
class SendInProgressError extends Error {}

/**
 * Mails a document once without holding a database connection while the mail server answers: a claim that lapses
 * after leaseMs keeps a second run of the same job away, and is renewed while the send waits. A sender that dies
 * lets it lapse, and the next run sends again with the same Message-ID. Returns false when it was sent before.
 */
export async function sendOnce(document: SendableDocument, leaseMs: number, send: () => Promise<void>): Promise<boolean> {
  if (!(await document.claim(leaseMs))) {
    if (await document.isSent()) return false;
    throw new SendInProgressError('another run is mailing this document; retrying later');
  }
  const renewal = setInterval(() => void document.renew(leaseMs).catch(() => undefined), Math.max(250, Math.floor(leaseMs / 3)));
  try {
    await send();
  } finally {
    clearInterval(renewal);
  }
  await document.markSent();
  return true;
}
